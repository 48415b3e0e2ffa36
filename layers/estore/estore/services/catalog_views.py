"""What the API shows of products: summaries and pages assembled from stored items and their offers."""

from __future__ import annotations

from typing import Any

from estore import blobs
from estore.domain.catalog import ImageRef, Offer, Product, ProductSummary, best_new_offer
from estore.store import catalog as store
from estore.store import identity as identity_store
from estore.store import reviews as review_store


def _images(product: dict[str, Any]) -> list[ImageRef]:
    return [
        ImageRef(
            id=image["id"],
            url=blobs.image_url(image["contentKey"]),
            thumbnails=blobs.thumbnail_urls(image["contentKey"]),
        )
        for image in product.get("images", [])
    ]


def summary(product: dict[str, Any], offers: list[Offer]) -> ProductSummary:
    images = _images(product)
    return ProductSummary(
        id=product["id"],
        title=product["title"],
        brand=product["brand"],
        category=product["category"],
        tags=list(product.get("tags", [])),
        image=images[0].url if images else None,
        thumbnail=images[0].thumbnails.small if images else None,
        best_offer=best_new_offer(offers),
    )


def full(product: dict[str, Any], offers: list[Offer]) -> Product:
    best = best_new_offer(offers)
    return Product(
        **summary(product, offers).model_dump(),
        description=product.get("description", ""),
        images=_images(product),
        other_offers_count=len(offers) - (1 if best else 0),
        seller_id=product["sellerId"],
        created_at=product["createdAt"],
        updated_at=product["updatedAt"],
    )


def product_page(product_id: str) -> Product:
    """GET /products/{id}: the product with its best new offer and how many others there are."""
    product = store.get_product_or_404(product_id)
    page = full(product, on_sale(store.product_offers(product_id)))
    ratings = review_store.product_tally(product_id).summary()
    return page.model_copy(
        update={"rating": ratings.rating, "review_count": ratings.review_count, "rating_histogram": ratings.histogram}
    )


def on_sale(offers: list[Offer]) -> list[Offer]:
    """The offers of sellers in good standing: a suspended store's offers are never shown or best."""
    if not offers:
        return offers
    active = identity_store.active_seller_ids(sorted({offer.seller_id for offer in offers}))
    return [offer for offer in offers if offer.seller_id in active]


def summaries(product_ids: list[str]) -> list[ProductSummary]:
    """Summaries in the given order; products deleted meanwhile are skipped."""
    products = store.get_products(product_ids)
    return [
        summary(products[product_id], store.product_offers(product_id))
        for product_id in product_ids
        if product_id in products
    ]
