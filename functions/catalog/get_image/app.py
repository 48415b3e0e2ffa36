"""GET /images/{imageId}: one of the seller's images and its status (PENDING, READY or REJECTED)."""

from estore.domain.images import Image
from estore.http import Seller, entrypoint, make_resolver
from estore.services.images import get_image

app = make_resolver()


@app.get("/images/<imageId>", summary="One of your images", tags=["images"])
def get_one(imageId: str, *, seller: Seller) -> Image:
    return get_image(seller, imageId)


lambda_handler = entrypoint(app)
