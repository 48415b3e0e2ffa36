"""GET /images: the seller's image library, newest first, to reuse old photos."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.auth import Role
from estore.domain.images import Image
from estore.domain.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page
from estore.http import caller, entrypoint, make_resolver
from estore.services.images import list_images

app = make_resolver()


@app.get("/images", summary="Your image library", tags=["images"])
def get_images(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size, 1-100")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="nextCursor of the previous page")] = None,
) -> Page[Image]:
    return list_images(caller(app, Role.SELLERS), limit, cursor)


lambda_handler = entrypoint(app)
