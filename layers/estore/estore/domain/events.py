"""Domain events: what happened, in the shop's words. Written to the outbox with the change itself."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from estore import clock
from estore.domain.ids import new_id


class Source(StrEnum):
    IDENTITY = "estore.identity"
    CATALOG = "estore.catalog"
    CART = "estore.cart"
    ORDERS = "estore.orders"
    ACCOUNTS = "estore.accounts"


class DomainEvent(BaseModel):
    """One event. `detail` is the event's own JSON (see docs/events.md for every type's schema)."""

    model_config = ConfigDict(defer_build=True)  # built on first use, not at import (docs/performance.md)

    id: str
    source: Source
    detail_type: str = Field(description="e.g. ProductCreated")
    detail: dict[str, Any]
    correlation_id: str
    occurred_at: str


def new_event(source: Source, detail_type: str, detail: dict[str, Any], *, correlation_id: str) -> DomainEvent:
    return DomainEvent(
        id=new_id(),
        source=source,
        detail_type=detail_type,
        detail=detail,
        correlation_id=correlation_id,
        occurred_at=clock.iso(clock.now()),
    )


def offer_changed(offer: dict[str, Any], change: str, *, correlation_id: str) -> DomainEvent:
    """OfferChanged: what search and carts need to know about an offer (change: created|updated|deleted)."""
    detail = {
        "change": change,
        "offerId": offer["id"],
        "productId": offer["productId"],
        "sellerId": offer["sellerId"],
        "condition": offer["condition"],
        "price": offer["price"],
        "stock": offer["stock"],
    }
    return new_event(Source.CATALOG, "OfferChanged", detail, correlation_id=correlation_id)


def product_event(detail_type: str, product: dict[str, Any], *, correlation_id: str) -> DomainEvent:
    """ProductCreated / ProductUpdated / ProductDeleted with the product's searchable fields."""
    detail = {
        "productId": product["id"],
        "sellerId": product["sellerId"],
        "title": product["title"],
        "brand": product["brand"],
        "category": product["category"],
        "tags": list(product.get("tags", [])),
    }
    return new_event(Source.CATALOG, detail_type, detail, correlation_id=correlation_id)
