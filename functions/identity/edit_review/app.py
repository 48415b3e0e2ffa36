"""PATCH /reviews/{reviewId}: the author changes their review's rating, title or text."""

from estore.auth import Role
from estore.domain.reviews import Review, ReviewChanges
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.reviews import edit_review

app = make_resolver()


@app.patch("/reviews/<reviewId>", summary="Change your review", tags=["reviews"])
def patch_review(reviewId: str, changes: ReviewChanges) -> Review:
    return edit_review(caller(app, Role.CUSTOMERS), reviewId, changes, correlation_id=current_correlation_id(app))


lambda_handler = entrypoint(app)
