"""Recommendations: built from events (co-purchases, best sellers, tag sales, each customer's taste),
read in at most three DynamoDB calls, and filtered on read to what can be bought now.

See docs/recommendations.md for the method, the bounds, and the move to Amazon Personalize.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from estore import blobs, clock, directory
from estore.config import get_settings
from estore.domain import recommendations as rules
from estore.domain.catalog import ProductSummary, best_new_offer
from estore.domain.recommendations import Reason, Recommendations
from estore.errors import Conflict, NotFound, Unauthorized
from estore.observability import logger
from estore.store import catalog as catalog_store
from estore.store import identity as identity_store
from estore.store import keys
from estore.store import orders as orders_store
from estore.store import recommendations as store
from estore.store.search import products_of_seller
from estore.store.uow import UnitOfWork

Candidate = tuple[str, Reason]


# ---------------------------------------------------------------- the consumer
def apply_event(detail_type: str, detail: Mapping[str, Any]) -> dict[str, int]:
    """One bus event: OrderPlaced counts, ProductCreated is a new arrival, ProductDeleted and
    SellerSuspended drop products nobody in good standing sells. Safe to replay."""
    data: Mapping[str, Any] = detail.get("data") or {}
    metadata: Mapping[str, Any] = detail.get("metadata") or {}
    if detail_type == "OrderPlaced":
        # An order is placed once: its id marks it applied, whatever event id a replay carries.
        return record_order(f"order-{data['orderId']}", data)
    if detail_type == "ProductCreated":
        when = str(metadata.get("occurredAt") or clock.iso(clock.now()))
        return new_arrival(str(data["productId"]), int(datetime.fromisoformat(when.replace("Z", "+00:00")).timestamp()))
    if detail_type == "ProductDeleted":
        return {"forgotten": forget(str(data["productId"]), data.get("tags") or [])}
    if detail_type == "SellerSuspended":
        return {"forgotten": forget_unsold(str(data["sellerId"]))}
    logger.warning("event not for the recommender", extra={"detail_type": detail_type})
    return {}


def record_order(marker: str, data: Mapping[str, Any]) -> dict[str, int]:
    quantities: dict[str, int] = {}
    for item in data.get("items") or []:
        quantities[str(item["productId"])] = quantities.get(str(item["productId"]), 0) + int(item["quantity"])
    products = catalog_store.get_products(sorted(quantities))
    counts = rules.order_counts(quantities, {pid: product.get("tags") or [] for pid, product in products.items()})
    now = clock.now()
    uow = UnitOfWork(get_settings().table_name)
    customer = str(data["customerId"])
    store.record_order(uow, marker, customer, counts, day=now.strftime("%Y-%m-%d"), now_seconds=int(now.timestamp()))
    try:
        uow.commit()
    except Conflict as conflict:
        if conflict.code != store.APPLIED:
            raise
        return {"replayed": 1}
    pruned = _prune(
        [keys.reco_neighbours(pid) for pid in counts.neighbours]
        + [keys.reco_tag(slug) for slug in counts.tags]
        + [keys.reco_customer(customer)]
    )
    return {"products": len(quantities), "pruned": pruned}


_BOUNDS = {  # key prefix -> (counter prefix, how many stay)
    "RECO#PRODUCT#": ((rules.NEIGHBOUR, rules.MAX_NEIGHBOURS),),
    "RECO#TAG#": ((rules.POPULAR, rules.MAX_TAG_PRODUCTS),),
    "RECO#CUSTOMER#": ((rules.BOUGHT, rules.MAX_BOUGHT), (rules.TAG, rules.MAX_TAGS)),
    "RECO#NEW": ((rules.NEW, rules.MAX_NEW),),
}


def _prune(item_keys: list[dict[str, str]]) -> int:
    """Keeps every list bounded: the weakest counters of an item over its bound are removed."""
    removed = 0
    for start in range(0, len(item_keys), 100):
        chunk = item_keys[start : start + 100]
        found = store.get_many(chunk)
        for key in chunk:
            item = found.get((key["pk"], key["sk"]))
            bounds = next((b for prefix, b in _BOUNDS.items() if key["pk"].startswith(prefix)), ())
            drop = [
                prefix + name for prefix, keep in bounds for name in rules.weakest(rules.counters(item, prefix), keep)
            ]
            if drop:
                store.remove_attributes(key, drop)
                removed += len(drop)
    return removed


def new_arrival(product_id: str, created_seconds: int) -> dict[str, int]:
    store.set_attributes(keys.reco_new_arrivals(), {rules.NEW + product_id: created_seconds})
    return {"pruned": _prune([keys.reco_new_arrivals()])}


def forget(product_id: str, tags: Iterable[str]) -> int:
    """Drops a product from every list that names it (its own neighbours name it back). Idempotent."""
    own = store.get(keys.reco_neighbours(product_id))
    for other in rules.counters(own, rules.NEIGHBOUR):
        store.remove_attributes(keys.reco_neighbours(other), [rules.NEIGHBOUR + product_id])
    store.delete(keys.reco_neighbours(product_id))
    store.remove_attributes(keys.reco_new_arrivals(), [rules.NEW + product_id])
    for day in _days(clock.now()):
        store.remove_attributes(keys.reco_popular(day), [rules.POPULAR + product_id])
    for slug in tags:
        store.remove_attributes(keys.reco_tag(str(slug)), [rules.POPULAR + product_id])
    return 1


def forget_unsold(seller_id: str) -> int:
    """After a suspension: the seller's products that no other seller in good standing sells new."""
    forgotten = 0
    for product_id in products_of_seller(seller_id):
        product = catalog_store.get_product(product_id)
        offers = catalog_store.product_offers(product_id)
        active = identity_store.active_seller_ids(sorted({o.seller_id for o in offers} - {seller_id}))
        if product is None or best_new_offer([o for o in offers if o.seller_id in active]) is None:
            forgotten += forget(product_id, (product or {}).get("tags") or [])
    return forgotten


def _days(now: datetime) -> list[str]:
    return [(now - timedelta(days=back)).strftime("%Y-%m-%d") for back in range(rules.BEST_SELLER_DAYS)]


# ---------------------------------------------------------------- the reads (<= 3 DynamoDB calls)
def visitor(event: Mapping[str, Any]) -> str | None:
    """Who asks, on a public route: the verified claims if API Gateway put any, else the bearer token as
    Cognito judges it (a token that is sent must be valid: 401), else nobody."""
    context = event.get("requestContext") or {}
    claims = ((context.get("authorizer") or {}).get("jwt") or {}).get("claims") or {}
    if claims.get("sub"):
        return str(claims["sub"])
    headers = {str(name).lower(): str(value) for name, value in (event.get("headers") or {}).items()}
    raw = headers.get("authorization", "").strip()
    if not raw:
        return None
    token = raw[7:].strip() if raw.lower().startswith("bearer ") else raw
    user_id = directory.user_id_of_access_token(token) if token else None
    if user_id is None:
        raise Unauthorized("The token is not valid: sign in again, or send none for everyone's picks.")
    return user_id


def home(customer_id: str | None, limit: int) -> Recommendations:
    """GET /recommendations: personal for a customer with purchases, else best sellers then new arrivals."""
    days = [keys.reco_popular(day) for day in _days(clock.now())]
    history = store.get(keys.reco_customer(customer_id)) if customer_id else None  # call 1 (if signed in)
    bought = rules.counters(history, rules.BOUGHT)
    if not bought:
        found = store.get_many([*days, keys.reco_new_arrivals()])  # call 1 (or 2)
        popularity, created = _cold(found, days)
        return _answer(rules.popular_then_new(popularity, created), limit)  # one more call
    affinity = rules.counters(history, rules.TAG)
    sources = rules.most_recent(bought, rules.RECENT_PURCHASES)
    tags = rules.top_tags(affinity, rules.TOP_TAGS)
    found = store.get_many(  # call 2
        [keys.reco_neighbours(pid) for pid in sources]
        + [keys.reco_tag(slug) for slug in tags]
        + days
        + [keys.reco_new_arrivals()]
    )
    popularity, created = _cold(found, days)
    neighbours = {pid: rules.counters(_at(found, keys.reco_neighbours(pid)), rules.NEIGHBOUR) for pid in sources}
    tag_sales = {slug: rules.counters(_at(found, keys.reco_tag(slug)), rules.POPULAR) for slug in tags}
    units = int((history or {}).get(rules.UNITS, 0))
    mine = rules.personal(bought, affinity, units, neighbours, tag_sales, popularity)
    candidates: list[Candidate] = [(pid, Reason.PERSONAL) for pid in mine]
    candidates += [(pid, why) for pid, why in rules.popular_then_new(popularity, created) if pid not in bought]
    return _answer(candidates, limit)  # call 3


def after_order(customer_id: str, order_id: str, limit: int) -> Recommendations:
    """GET /orders/{orderId}/recommendations: what buyers of this order's products also bought, then best
    sellers, then new arrivals (never the order's own products)."""
    order = orders_store.get_order(order_id)  # call 1
    if order is None or order.get("customerId") != customer_id:
        raise NotFound(f"No order {order_id}.")  # someone else's order is not revealed
    products = list(dict.fromkeys(str(line["productId"]) for line in order.get("lines") or []))
    days = [keys.reco_popular(day) for day in _days(clock.now())]
    found = store.get_many(  # call 2
        [keys.reco_neighbours(pid) for pid in products] + days + [keys.reco_new_arrivals()]
    )
    popularity, created = _cold(found, days)
    neighbours = {pid: rules.counters(_at(found, keys.reco_neighbours(pid)), rules.NEIGHBOUR) for pid in products}
    scores = rules.also_bought(products, neighbours, popularity)
    candidates: list[Candidate] = [(pid, Reason.PERSONAL) for pid in rules.ranked(scores) if pid not in products]
    # A young shop has few co-purchases and best sellers: new arrivals fill the shelf, as on the home page.
    candidates += [(pid, why) for pid, why in rules.popular_then_new(popularity, created) if pid not in products]
    return _answer(candidates, limit)  # call 3


def _at(found: Mapping[tuple[str, str], dict[str, Any]], key: Mapping[str, str]) -> dict[str, Any] | None:
    return found.get((key["pk"], key["sk"]))


def _cold(
    found: Mapping[tuple[str, str], dict[str, Any]], days: list[dict[str, str]]
) -> tuple[dict[str, int], dict[str, int]]:
    popularity = rules.best_sellers(rules.counters(_at(found, day), rules.POPULAR) for day in days)
    return popularity, rules.counters(_at(found, keys.reco_new_arrivals()), rules.NEW)


def _answer(candidates: list[Candidate], limit: int) -> Recommendations:
    """The first `limit` candidates that can be bought now: the product exists and its search entry is
    live (an in-stock new offer from a seller in good standing). One BatchGetItem of both keys."""
    unique: dict[str, Reason] = {}
    for pid, why in candidates:
        unique.setdefault(pid, why)
    chosen = list(unique.items())[: rules.CANDIDATES]
    found = store.get_many([key for pid, _ in chosen for key in (keys.product(pid), keys.search_doc(pid))])
    shown: list[tuple[ProductSummary, Reason]] = []
    for pid, why in chosen:
        doc = _at(found, keys.search_doc(pid))
        if _at(found, keys.product(pid)) is None or not doc or not doc.get("searchable"):
            continue
        shown.append((_summary(doc), why))
        if len(shown) == limit:
            break
    reason = shown[0][1] if shown else Reason.NEW
    return Recommendations(items=[summary for summary, _ in shown], reason=reason)


def _summary(doc: Mapping[str, Any]) -> ProductSummary:
    key = doc.get("imageKey")
    return ProductSummary.model_validate({**doc["summary"], "image": blobs.image_url(str(key)) if key else None})
