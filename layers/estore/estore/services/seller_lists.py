"""A seller's own lists: its products and its offers, newest first."""

from __future__ import annotations

from estore.auth import Principal
from estore.domain.catalog import Offer, ProductSummary
from estore.domain.pagination import Page
from estore.services import catalog_views as views
from estore.services.paging import each, paged
from estore.store import catalog as store
from estore.store import keys
from estore.store.items import query_page


def my_products(principal: Principal, limit: int, cursor: str | None) -> Page[ProductSummary]:
    partition = keys.seller_products_partition(principal.user_id)
    return paged(
        partition,
        cursor,
        lambda start: query_page(partition, index="gsi1", limit=limit, start=start),
        each(lambda item: views.summary(item, store.product_offers(item["id"]))),
    )


def my_offers(principal: Principal, limit: int, cursor: str | None) -> Page[Offer]:
    partition = keys.seller_offers_partition(principal.user_id)
    return paged(
        partition,
        cursor,
        lambda start: query_page(partition, index="gsi1", limit=limit, start=start),
        each(store.to_offer),
    )
