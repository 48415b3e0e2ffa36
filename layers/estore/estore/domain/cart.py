"""The shopping cart: what a customer means to buy, at most 25 lines of at most 99 each."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt

from estore.domain.catalog import Condition
from estore.domain.ids import EntityId
from estore.domain.models import ApiModel, RequestModel
from estore.domain.money import Money

MAX_LINES = 25
MAX_QUANTITY = 99

Quantity = Annotated[StrictInt, Field(ge=1, le=MAX_QUANTITY, description=f"1 to {MAX_QUANTITY}")]
OfferId = EntityId


class AddToCart(RequestModel):
    """POST /cart/items: adds to the line of that offer if there is one."""

    offer_id: OfferId
    quantity: Quantity = 1


class ChangeQuantity(RequestModel):
    """PATCH /cart/items/{offerId}."""

    quantity: Quantity


class CartLine(ApiModel):
    offer_id: str
    product_id: str
    title: str
    condition: Condition
    condition_note: str | None
    seller_id: str
    seller_name: str
    quantity: int
    unit_price: Money = Field(description="today's price of the offer (never a price the client sent)")
    line_total: Money
    available: bool = Field(description="the offer still exists, its seller is active and has the quantity")
    stock: int


class Cart(ApiModel):
    items: list[CartLine]
    total: Money = Field(description="sum of the available lines at today's prices")
