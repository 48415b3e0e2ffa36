"""A seller's own lists: its products and its offers, newest first."""

from __future__ import annotations

from estore.auth import Principal
from estore.config import get_settings
from estore.domain.catalog import Offer, ProductSummary
from estore.domain.pagination import Page, decode_cursor, encode_cursor
from estore.services import catalog_views as views
from estore.store import catalog as store
from estore.store import keys
from estore.store.items import query_page


def my_products(principal: Principal, limit: int, cursor: str | None) -> Page[ProductSummary]:
    partition = keys.seller_products_partition(principal.user_id)
    secret = get_settings().require("cursor_secret")
    start = decode_cursor(cursor, secret=secret, scope=partition)
    items, position = query_page(partition, index="gsi1", limit=limit, start=start)
    summaries = [views.summary(item, store.product_offers(item["id"])) for item in items]
    return Page(items=summaries, next_cursor=encode_cursor(position, secret=secret, scope=partition))


def my_offers(principal: Principal, limit: int, cursor: str | None) -> Page[Offer]:
    partition = keys.seller_offers_partition(principal.user_id)
    secret = get_settings().require("cursor_secret")
    start = decode_cursor(cursor, secret=secret, scope=partition)
    items, position = query_page(partition, index="gsi1", limit=limit, start=start)
    offers = [store.to_offer(item) for item in items]
    return Page(items=offers, next_cursor=encode_cursor(position, secret=secret, scope=partition))
