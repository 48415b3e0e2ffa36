"""Products, offers and tags in the table: item shapes, the writes a change needs, and the reads."""

from __future__ import annotations

from typing import Any

from estore.config import get_settings
from estore.ddb.conditions import Key as K
from estore.domain.catalog import Condition, Offer, as_money, offer_claim
from estore.domain.money import Money
from estore.domain.tags import Tag
from estore.errors import DomainError, NotFound
from estore.store import dynamo, keys
from estore.store.items import plain
from estore.store.uow import Transaction, UnitOfWork, dynamo_uow


def unit_of_work() -> UnitOfWork:
    """A unit of work on the Estore table."""
    return UnitOfWork(get_settings().table_name)


# ---------------------------------------------------------------- item shapes
def product_item(product: dict[str, Any]) -> dict[str, Any]:
    return {
        **keys.product(product["id"]),
        **keys.seller_products_index(product["sellerId"], product["createdAt"], product["id"]),
        "type": "PRODUCT",
        **product,
    }


def offer_item(offer: dict[str, Any], created_at: str) -> dict[str, Any]:
    return {
        **keys.offer(offer["id"]),
        **keys.product_offers_index(offer["productId"], int(offer["price"]["amount"]), offer["id"]),
        **keys.seller_offers_index(offer["sellerId"], created_at, offer["id"]),
        "type": "OFFER",
        "createdAt": created_at,
        **offer,
    }


# ---------------------------------------------------------------- writes
def add_product(uow: UnitOfWork, product: dict[str, Any]) -> None:
    uow.put(product_item(product), condition="attribute_not_exists(pk)")


def add_offer(uow: Transaction, offer: dict[str, Any], claim: str, created_at: str, taken: DomainError) -> None:
    """The offer and its uniqueness claim (one per seller, product, condition and variant)."""
    writes = dynamo_uow(uow)
    writes.put(offer_item(offer, created_at), condition="attribute_not_exists(pk)")
    writes.put(
        {**keys.offer_claim(claim), "type": "OFFERCLAIM", "offerId": offer["id"]},
        condition="attribute_not_exists(pk)",
        on_condition_failed=taken,
    )


def claim_sku(uow: UnitOfWork, seller_id: str, sku: str, product_id: str, offer_id: str, taken: DomainError) -> None:
    """The seller's sku names exactly one product (and the offer a re-import updates)."""
    uow.put(
        {**keys.sku_claim(seller_id, sku), "type": "SKUCLAIM", "productId": product_id, "offerId": offer_id},
        condition="attribute_not_exists(pk)",
        on_condition_failed=taken,
    )


def get_sku(seller_id: str, sku: str) -> dict[str, Any] | None:
    item = dynamo.table().get_item(Key=keys.sku_claim(seller_id, sku), ConsistentRead=True).get("Item")
    return plain(item) if item else None


def require_product(uow: Transaction, product_id: str, missing: DomainError) -> None:
    dynamo_uow(uow).check(keys.product(product_id), "attribute_exists(pk)", on_condition_failed=missing)


def link_image(uow: UnitOfWork, product_id: str, image_id: str, position: int) -> None:
    uow.put({**keys.product_image_link(product_id, image_id), "type": "PRODUCTIMAGE", "position": position})


def unlink_image(uow: UnitOfWork, product_id: str, image_id: str) -> None:
    uow.delete(keys.product_image_link(product_id, image_id))


def count_tag(uow: UnitOfWork, tag: Tag, delta: int) -> None:
    """Creates the tag on first use (get-or-create inside the transaction) and moves its product count."""
    uow.update(
        keys.tag(tag.slug),
        "SET #name = if_not_exists(#name, :name), gsi1pk = :index, gsi1sk = :slug, #type = :type "
        "ADD productCount :delta",
        names={"#name": "name", "#type": "type"},
        values={
            ":name": tag.name,
            ":index": keys.tags_index(tag.slug)["gsi1pk"],
            ":slug": tag.slug,
            ":type": "TAG",
            ":delta": delta,
        },
    )


def link_tag(uow: UnitOfWork, product_id: str, tag: Tag) -> None:
    """The tag's side of product<->tag (it lists the tag's products). The product's side is the tag list
    on the product item itself: one item fewer per tag keeps 20 images and 20 tags in one transaction."""
    uow.put({**keys.tag_product_link(tag.slug, product_id), "type": "TAGPRODUCT", "productId": product_id})


def unlink_tag(uow: UnitOfWork, product_id: str, slug: str) -> None:
    uow.delete(keys.tag_product_link(slug, product_id))


# ---------------------------------------------------------------- reads
def get_product(product_id: str) -> dict[str, Any] | None:
    item = dynamo.table().get_item(Key=keys.product(product_id), ConsistentRead=True).get("Item")
    return plain(item) if item else None


def get_product_or_404(product_id: str) -> dict[str, Any]:
    product = get_product(product_id)
    if product is None:
        raise NotFound(f"No product {product_id}.")
    return product


def product_links(product_id: str) -> list[dict[str, Any]]:
    """Every item in the product's partition: its image and tag links (and the product itself)."""
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {"KeyConditionExpression": K("pk").eq(keys.product_partition(product_id))}
    while True:
        page = dynamo.table().query(**query)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def get_offer(offer_id: str) -> dict[str, Any] | None:
    item = dynamo.table().get_item(Key=keys.offer(offer_id), ConsistentRead=True).get("Item")
    return plain(item) if item else None


def product_offers(product_id: str) -> list[Offer]:
    """Every offer of a product, cheapest first (gsi2)."""
    offers: list[Offer] = []
    query: dict[str, Any] = {
        "IndexName": "gsi2",
        "KeyConditionExpression": K("gsi2pk").eq(keys.product_offers_partition(product_id)),
    }
    while True:
        page = dynamo.table().query(**query)
        offers.extend(to_offer(plain(item)) for item in page["Items"])
        if "LastEvaluatedKey" not in page:
            return offers
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def to_offer(data: dict[str, Any]) -> Offer:
    return Offer(
        id=data["id"],
        product_id=data["productId"],
        seller_id=data["sellerId"],
        seller_name=data["sellerName"],
        condition=Condition(data["condition"]),
        condition_note=data.get("conditionNote"),
        price=as_money(data["price"]),
        stock=int(data["stock"]),
        variant=data.get("variant"),
    )


def tags_with_prefix(prefix: str, limit: int) -> list[Tag]:
    """Tags in use (at least one product) whose slug starts with `prefix`, alphabetically."""
    condition = K("gsi1pk").eq("TAGS")
    if prefix:
        condition = condition & K("gsi1sk").begins_with(prefix)
    tags: list[Tag] = []
    query: dict[str, Any] = {"IndexName": "gsi1", "KeyConditionExpression": condition}
    while len(tags) < limit:
        page = dynamo.table().query(**query, Limit=limit)
        tags.extend(Tag(slug=item["gsi1sk"], name=item["name"]) for item in page["Items"] if item["productCount"] > 0)
        if "LastEvaluatedKey" not in page:
            break
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return tags[:limit]


def get_tag(slug: str) -> dict[str, Any] | None:
    item = dynamo.table().get_item(Key=keys.tag(slug)).get("Item")
    return plain(item) if item else None


def get_products(product_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Products by id in BatchGetItem calls of 100; missing ids are absent from the answer."""
    found: dict[str, dict[str, Any]] = {}
    unique = list(dict.fromkeys(product_ids))
    for start in range(0, len(unique), 100):
        request = {dynamo.table().name: {"Keys": [keys.product(pid) for pid in unique[start : start + 100]]}}
        while request:
            answer = dynamo.resource().batch_get_item(RequestItems=request)
            for item in answer["Responses"].get(dynamo.table().name, []):
                found[item["id"]] = plain(item)
            request = answer.get("UnprocessedKeys") or {}
    return found


ITEMS_PER_OFFER = 2  # the offer and its claim


def offer_claim_of(offer: Offer) -> str:
    return offer_claim(offer.product_id, offer.seller_id, offer.condition, offer.variant)


def remove_offer(uow: Transaction, offer: Offer) -> None:
    """The offer and its claim, so the seller may list the same thing again later."""
    writes = dynamo_uow(uow)
    writes.delete(keys.offer(offer.id))
    writes.delete(keys.offer_claim(offer_claim_of(offer)))


def change_offer(
    uow: Transaction,
    offer: Offer,
    *,
    price: Money | None,
    stock: int | None,
    condition_note: str | None,
    correlation_id: str,
    missing: DomainError,
) -> None:
    """The fields given (None: unchanged), only while the offer exists and is still its seller's."""
    sets = ["correlationId = :cid"]
    values: dict[str, object] = {":cid": correlation_id, ":me": offer.seller_id}
    if price is not None:
        index = keys.product_offers_index(offer.product_id, price.amount, offer.id)
        sets += ["price = :price", "gsi2sk = :rank"]
        values.update({":price": price.model_dump(mode="json"), ":rank": index["gsi2sk"]})
    if stock is not None:
        sets.append("stock = :stock")
        values[":stock"] = stock
    if condition_note is not None:
        sets.append("conditionNote = :note")
        values[":note"] = condition_note
    dynamo_uow(uow).update(
        keys.offer(offer.id),
        "SET " + ", ".join(sets),
        condition="attribute_exists(pk) AND sellerId = :me",
        values=values,
        on_condition_failed=missing,
    )


def find_offer(offer_id: str) -> Offer | None:
    """The offer, typed; None when there is none."""
    data = get_offer(offer_id)
    return None if data is None else to_offer(data)
