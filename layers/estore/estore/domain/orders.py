"""Orders: what was bought, from whom, at what price, under a short human-readable number."""

from __future__ import annotations

import secrets
from enum import StrEnum

from pydantic import Field

from estore.domain.catalog import Condition
from estore.domain.models import ApiModel, RequestModel
from estore.domain.money import Money

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread


def new_order_number() -> str:
    """ES-XXXX-XXXX: 40 random bits, so one number says nothing about another. Uniqueness is enforced
    by a claim item written with the order (a clash, one in a trillion, is retried)."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"ES-{chars[:4]}-{chars[4:]}"


class OrderStatus(StrEnum):
    PLACED = "PLACED"


class OrderLine(ApiModel):
    offer_id: str
    product_id: str
    title: str
    condition: Condition
    condition_note: str | None = None
    seller_id: str
    seller_name: str
    quantity: int
    unit_price: Money
    line_total: Money


class Order(ApiModel):
    id: str
    number: str
    status: OrderStatus
    customer_id: str
    lines: list[OrderLine]
    total: Money
    created_at: str


class SellerSale(ApiModel):
    """A seller's part of an order (GET /sellers/me/orders): its lines only."""

    order_id: str
    number: str
    seller_id: str
    lines: list[OrderLine]
    subtotal: Money
    created_at: str


class Checkout(RequestModel):
    """POST /checkout. With expectedTotal, today's prices are accepted if they add up to it."""

    expected_total: Money | None = Field(default=None, description="the total the customer agreed to")
