"""Order history: a customer's orders, one order (own only), a seller's sales."""

from __future__ import annotations

from typing import Any

from estore.auth import Principal
from estore.domain.orders import Order, SellerSale
from estore.domain.pagination import Page
from estore.errors import NotFound
from estore.services.paging import each, paged
from estore.store import keys
from estore.store import orders as store
from estore.store.items import query_page

_ORDER_FIELDS = set(Order.model_fields) | {field.alias for field in Order.model_fields.values() if field.alias}


def order_view(item: dict[str, Any]) -> Order:
    return Order.model_validate({name: value for name, value in item.items() if name in _ORDER_FIELDS})


def my_order(principal: Principal, order_id: str) -> Order:
    """Another customer's order is a 404: its existence is not the caller's business."""
    item = store.get_order(order_id)
    if item is None or item.get("customerId") != principal.user_id:
        raise NotFound(f"No order {order_id}.")
    return order_view(item)


def my_orders(principal: Principal, limit: int, cursor: str | None) -> Page[Order]:
    """GET /orders: newest first."""
    return _page(keys.customer_orders_partition(principal.user_id), limit, cursor, order_view)


def my_sales(principal: Principal, limit: int, cursor: str | None) -> Page[SellerSale]:
    """GET /sellers/me/orders: the seller's part of each order, newest first."""
    return _page(keys.seller_orders_partition(principal.user_id), limit, cursor, SellerSale.model_validate)


def _page[T](partition: str, limit: int, cursor: str | None, view: Any) -> Page[T]:
    return paged(
        partition, cursor, lambda start: query_page(partition, index="gsi1", limit=limit, start=start), each(view)
    )
