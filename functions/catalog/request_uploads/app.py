"""POST /images/uploads: a seller declares photos; stored content is reused, new content gets a presigned POST."""

from estore.domain.images import UploadRequest, UploadSlots
from estore.http import Seller, entrypoint, make_resolver
from estore.services.images import request_uploads

app = make_resolver()


@app.post("/images/uploads", summary="Declare images to upload", tags=["images"])
def post_uploads(request: UploadRequest, *, seller: Seller) -> UploadSlots:
    return request_uploads(seller, request)


lambda_handler = entrypoint(app)
