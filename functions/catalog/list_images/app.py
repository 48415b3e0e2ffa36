"""GET /images: the seller's image library, newest first, to reuse old photos."""

from estore.domain.images import Image
from estore.domain.pagination import Page
from estore.http import PAGE_SIZE, Cursor, Limit, Seller, entrypoint, make_resolver
from estore.services.images import list_images

app = make_resolver()


@app.get("/images", summary="Your image library", tags=["images"])
def get_images(
    limit: Limit = PAGE_SIZE,
    cursor: Cursor = None,
    *,
    seller: Seller,
) -> Page[Image]:
    return list_images(seller, limit, cursor)


lambda_handler = entrypoint(app)
