"""Products and offers: what a seller may list, and how offers from many sellers meet on one product."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StrictInt, ValidationInfo, field_validator

from estore.domain.ids import EntityId
from estore.domain.images import SMALL, Thumbnails
from estore.domain.models import ApiModel, RequestModel
from estore.domain.money import Money
from estore.domain.tags import fold, normalize_tags
from estore.domain.text import multi_line, one_line

MAX_IMAGES = 20
MAX_TAGS = 20
MAX_STOCK = 1_000_000


class Condition(StrEnum):
    NEW = "new"
    USED = "used"
    REFURBISHED = "refurbished"


def _price_above_zero(price: Money) -> Money:
    if price.amount < 1:
        raise ValueError("a price must be at least 1 minor unit")
    return price


Title = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(one_line)]
ShortText = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(one_line)]
Description = Annotated[str, Field(max_length=5000), AfterValidator(multi_line)]
Stock = Annotated[StrictInt, Field(ge=0, le=MAX_STOCK)]
ConditionNote = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(one_line)]
Variant = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(one_line)]
ImageId = EntityId
# On creation and on every change alike: a free line would unbalance the order's journal entry.
Price = Annotated[Money, AfterValidator(_price_above_zero), Field(description="at least 1 minor unit, store currency")]
Sku = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$",
        description="the seller's own key for the product, unique per seller (a CSV re-import updates it)",
    ),
]


def _unique_tags(tags: list[str]) -> list[str]:
    return [name for _, name in normalize_tags(tags)]


def _unique_ids(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


TagList = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=50), AfterValidator(one_line)]],
    Field(max_length=MAX_TAGS, description=f"at most {MAX_TAGS}; case, spacing and accents are folded"),
    AfterValidator(_unique_tags),
]
ImageIdList = Annotated[
    list[ImageId],
    Field(max_length=MAX_IMAGES, description=f"at most {MAX_IMAGES} READY images from your library"),
    AfterValidator(_unique_ids),
]


class OfferInput(RequestModel):
    price: Price
    stock: Stock
    condition: Condition = Condition.NEW
    condition_note: ConditionNote | None = Field(
        default=None, validate_default=True, description="required for used and refurbished offers"
    )
    variant: Variant | None = Field(default=None, description="e.g. a size or colour")

    @field_validator("condition_note")
    @classmethod
    def _note_for_second_hand(cls, note: str | None, info: ValidationInfo) -> str | None:
        condition = info.data.get("condition")
        if condition in (Condition.USED, Condition.REFURBISHED) and not note:
            raise ValueError(f"a {condition.value} offer must say what state the item is in")
        return note


class NewProduct(RequestModel):
    """POST /products: the product, its first offer, and optionally images and tags."""

    title: Title
    description: Description = ""
    brand: ShortText
    category: ShortText
    tags: TagList = []
    image_ids: ImageIdList = []
    offer: OfferInput
    sku: Sku | None = None


class ProductChanges(RequestModel):
    """PATCH /products/{id}: fields given are replaced; tags and imageIds replace the whole set."""

    title: Title | None = None
    description: Description | None = None
    brand: ShortText | None = None
    category: ShortText | None = None
    tags: TagList | None = None
    image_ids: ImageIdList | None = None


class OfferChanges(RequestModel):
    """PATCH /offers/{id}."""

    price: Price | None = None
    stock: Stock | None = None
    condition_note: ConditionNote | None = None


class Offer(ApiModel):
    id: str
    product_id: str
    seller_id: str
    seller_name: str
    condition: Condition
    condition_note: str | None
    price: Money
    stock: int
    variant: str | None


class ImageRef(ApiModel):
    id: str
    url: str = Field(description="the image itself (presigned GET)")
    thumbnails: Thumbnails


class ProductSummary(ApiModel):
    id: str
    title: str
    brand: str
    category: str
    tags: list[str]
    image: str | None = Field(description="the first image, full size (presigned GET)")
    thumbnail: str | None = Field(default=None, description=f"the first image at most {SMALL} px, WebP: for lists")
    best_offer: Offer | None


class Product(ProductSummary):
    description: str
    images: list[ImageRef]
    other_offers_count: int
    seller_id: str
    created_at: str
    updated_at: str
    rating: float | None = Field(default=None, description="average review stars, null before any review")
    review_count: int = 0
    rating_histogram: dict[str, int] = Field(
        default_factory=lambda: dict.fromkeys("12345", 0), description='reviews per star, "1" to "5"'
    )


def best_new_offer(offers: list[Offer]) -> Offer | None:
    """The cheapest in-stock new offer: what search and the product page show first."""
    candidates = [offer for offer in offers if offer.condition is Condition.NEW and offer.stock > 0]
    return min(candidates, key=lambda offer: (offer.price.amount, offer.id), default=None)


def other_sellers(offers: list[Offer], conditions: set[Condition] | None = None) -> list[Offer]:
    """The "Other sellers" list: every offer (or those of the given conditions), cheapest first."""
    chosen = [offer for offer in offers if conditions is None or offer.condition in conditions]
    return sorted(chosen, key=lambda offer: (offer.price.amount, offer.condition.value, offer.id))


def offer_claim(product_id: str, seller_id: str, condition: Condition, variant: str | None) -> str:
    """What makes an offer unique: a seller has one per product, condition and variant."""
    return "#".join([product_id, seller_id, condition.value, fold(variant or "-")])


def as_money(data: dict[str, Any]) -> Money:
    return Money(amount=int(data["amount"]), currency=str(data["currency"]))
