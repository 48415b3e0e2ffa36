"""Money: integer minor units in the store's one currency. Never a float."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, StrictInt

from estore.domain.models import ApiModel

MAX_AMOUNT = 100_000_000_00  # one hundred million in major units: anything above is a typo or an attack

MinorUnits = Annotated[StrictInt, Field(ge=0, le=MAX_AMOUNT, description="integer minor units (cents)")]


class Money(ApiModel):
    # Unknown fields inside money are refused like anywhere else in a request (Money is also a part of
    # request bodies: prices, expectedTotal, amounts).
    model_config = ConfigDict(**ApiModel.model_config, extra="forbid")

    amount: MinorUnits
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217; the store's one currency")

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def times(self, quantity: int) -> Money:
        return Money(amount=self.amount * quantity, currency=self.currency)


class SignedMoney(ApiModel):
    """An amount that may be negative: a movement on a statement (money out is below zero)."""

    amount: StrictInt = Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, description="integer minor units, signed")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
