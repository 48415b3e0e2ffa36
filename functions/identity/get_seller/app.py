"""GET /sellers/{sellerId}: a store's public profile."""

from estore.domain.identity import PublicSeller
from estore.http import entrypoint, make_resolver
from estore.services.identity import public_seller

app = make_resolver()


@app.get("/sellers/<seller_id>", summary="A store's public profile", tags=["identity"])
def get_seller(seller_id: str) -> PublicSeller:
    return public_seller(seller_id)


lambda_handler = entrypoint(app)
