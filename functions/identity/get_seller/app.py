"""GET /sellers/{sellerId}: a store's public profile."""

from estore.domain.identity import PublicSeller
from estore.http import entrypoint, make_resolver
from estore.services.identity import public_seller

app = make_resolver()


@app.get("/sellers/<sellerId>", summary="A store's public profile", tags=["identity"])
def get_seller(sellerId: str) -> PublicSeller:  # the name API Gateway gives the path parameter
    return public_seller(sellerId)


lambda_handler = entrypoint(app)
