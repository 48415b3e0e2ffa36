"""POST /sellers: the caller opens a store and joins the sellers group (fresh tokens carry it)."""

from aws_lambda_powertools.event_handler import Response

from estore.domain.identity import OpenStore, SellerProfile
from estore.http import CorrelationId, SignedIn, created, entrypoint, make_resolver
from estore.services.identity import open_store

app = make_resolver()


@app.post("/sellers", summary="Open a store", tags=["identity"], responses={201: {"description": "Store opened"}})
def create_seller(request: OpenStore, *, principal: SignedIn, correlation_id: CorrelationId) -> Response[SellerProfile]:
    profile = open_store(principal, request, correlation_id=correlation_id)
    return created(profile)


lambda_handler = entrypoint(app)
