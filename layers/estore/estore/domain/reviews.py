"""Reviews of products and feedback on sellers: what may be written, and how aggregates follow.

An aggregate (a product's or a seller's) is kept as a sum of ratings, a count and a 1-5 histogram,
moved by exact integer deltas in the same transaction as the review itself; the average is computed
when it is read, so no rounding ever accumulates.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, StrictInt

from estore.domain.models import ApiModel, RequestModel

TITLE_MAX = 120
TEXT_MAX = 4000
STARS = (1, 2, 3, 4, 5)


class ReviewKind(StrEnum):
    PRODUCT = "product"
    SELLER = "seller"


def _plain_line(value: str) -> str:
    """One line of plain text: no control characters at all; white space collapsed."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValueError("must be plain text on one line (no control characters)")
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValueError("must not be blank")
    return cleaned


def _plain_text(value: str) -> str:
    """Plain text in paragraphs: line breaks kept, every other control character refused."""
    normalized = value.replace("\r\n", "\n")
    if any(unicodedata.category(char) == "Cc" and char != "\n" for char in normalized):
        raise ValueError("must be plain text (no control characters other than line breaks)")
    cleaned = "\n".join(line.rstrip() for line in normalized.strip().split("\n"))
    if not cleaned:
        raise ValueError("must not be blank")
    return cleaned


Rating = Annotated[StrictInt, Field(ge=1, le=5, description="1 to 5 stars")]
Title = Annotated[str, Field(min_length=1, max_length=TITLE_MAX), AfterValidator(_plain_line)]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX), AfterValidator(_plain_text)]
OrderId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z_-]+$")]


class NewProductReview(RequestModel):
    """POST /products/{productId}/reviews."""

    rating: Rating
    title: Title
    text: Text


class NewSellerReview(RequestModel):
    """POST /sellers/{sellerId}/reviews: feedback on one order's part from that seller."""

    order_id: OrderId
    rating: Rating
    text: Text


class ReviewChanges(RequestModel):
    """PATCH /reviews/{reviewId}: fields given replace the old (a seller review has no title)."""

    rating: Rating | None = None
    title: Title | None = None
    text: Text | None = None


class Review(ApiModel):
    id: str
    kind: ReviewKind
    subject_id: str = Field(description="the product's id, or the seller's")
    author_id: str
    order_id: str | None = Field(description="the order the feedback is about (seller reviews)")
    rating: int
    title: str | None
    text: str
    verified_purchase: bool = True
    created_at: str
    updated_at: str


class RatingSummary(ApiModel):
    rating: float | None = Field(description="average stars, 2 decimals; null before any review")
    review_count: int
    histogram: dict[str, int] = Field(description='how many reviews gave each star, "1" to "5"')


@dataclass(frozen=True)
class Tally:
    """An aggregate as stored: the sum of ratings, how many, and how many of each star."""

    total: int = 0
    count: int = 0
    stars: dict[int, int] = field(default_factory=dict)

    def summary(self) -> RatingSummary:
        rating = round(self.total / self.count, 2) if self.count else None
        return RatingSummary(
            rating=rating,
            review_count=self.count,
            histogram={str(star): self.stars.get(star, 0) for star in STARS},
        )


def tally(ratings: Iterable[int]) -> Tally:
    """The aggregate recomputed from the ratings themselves (what the stored one must always equal)."""
    values = list(ratings)
    counts = Counter(values)
    return Tally(total=sum(values), count=len(values), stars={star: counts.get(star, 0) for star in STARS})


@dataclass(frozen=True)
class Delta:
    """How an aggregate moves when one review goes from `before` to `after` stars (None: absent)."""

    total: int
    count: int
    stars: dict[int, int]

    @property
    def empty(self) -> bool:
        return not self.total and not self.count and not any(self.stars.values())


def delta(before: int | None, after: int | None) -> Delta:
    stars: dict[int, int] = {}
    if before is not None:
        stars[before] = stars.get(before, 0) - 1
    if after is not None:
        stars[after] = stars.get(after, 0) + 1
    return Delta(
        total=(after or 0) - (before or 0),
        count=(after is not None) - (before is not None),
        stars={star: moved for star, moved in stars.items() if moved},
    )
