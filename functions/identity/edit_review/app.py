"""PATCH /reviews/{reviewId}: the author changes their review's rating, title or text."""

from estore.domain.reviews import Review, ReviewChanges
from estore.http import CorrelationId, Customer, entrypoint, make_resolver
from estore.services.reviews import edit_review

app = make_resolver()


@app.patch("/reviews/<reviewId>", summary="Change your review", tags=["reviews"])
def patch_review(reviewId: str, changes: ReviewChanges, *, customer: Customer, correlation_id: CorrelationId) -> Review:
    return edit_review(customer, reviewId, changes, correlation_id=correlation_id)


lambda_handler = entrypoint(app)
