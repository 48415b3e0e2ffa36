"""Orders in the table: the order, each seller's part of it, the number's claim, and stock taken."""

from __future__ import annotations

from typing import Any

from estore.domain.orders import Order
from estore.errors import Conflict, DomainError
from estore.store import dynamo, keys
from estore.store.items import plain
from estore.store.uow import Transaction, dynamo_uow

_ORDER_FIELDS = set(Order.model_fields) | {field.alias for field in Order.model_fields.values() if field.alias}


def add_order(uow: Transaction, order: Order) -> None:
    """The order and its number's claim (ORDER_NUMBER_TAKEN when another order has that number)."""
    writes = dynamo_uow(uow)
    data = order.model_dump(mode="json", by_alias=True)
    writes.put(
        {
            **keys.order(order.id),
            **keys.customer_orders_index(order.customer_id, order.created_at, order.id),
            **keys.all_orders_index(order.created_at, order.id),
            "type": "ORDER",
            **data,
        },
        condition="attribute_not_exists(pk)",
    )
    writes.put(
        {**keys.order_number_claim(order.number), "type": "ORDERNUMBER", "orderId": order.id},
        condition="attribute_not_exists(pk)",
        on_condition_failed=Conflict("Order number taken.", code="ORDER_NUMBER_TAKEN"),
    )


def take_stock(uow: Transaction, offer_id: str, quantity: int, price_amount: int, refused: DomainError) -> None:
    """Decrements the offer's stock only if it has the quantity and still has the price the customer saw."""
    dynamo_uow(uow).update(
        keys.offer(offer_id),
        "SET stock = stock - :q",
        condition="attribute_exists(pk) AND stock >= :q AND price.amount = :p",
        values={":q": quantity, ":p": price_amount},
        on_condition_failed=refused,
    )


def get_order(order_id: str) -> dict[str, Any] | None:
    item = dynamo.table().get_item(Key=keys.order(order_id), ConsistentRead=True).get("Item")
    return plain(item) if item else None


def placed_order(order_id: str) -> Order | None:
    """The order as placed (the answer a replayed checkout gives)."""
    item = get_order(order_id)
    return None if item is None else Order.model_validate({k: v for k, v in item.items() if k in _ORDER_FIELDS})
