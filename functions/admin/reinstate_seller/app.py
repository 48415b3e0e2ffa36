"""POST /admin/sellers/{sellerId}/reinstate: a suspended store may sell again; its offers return to search."""

from estore.domain.identity import SellerProfile
from estore.http import Admin, CorrelationId, entrypoint, make_resolver
from estore.services.admin import reinstate_seller

app = make_resolver()


@app.post("/admin/sellers/<sellerId>/reinstate", summary="Reinstate a suspended seller", tags=["admin"])
def reinstate(
    sellerId: str,  # the name API Gateway gives the path parameter
    *,
    admin: Admin,
    correlation_id: CorrelationId,
) -> SellerProfile:
    return reinstate_seller(admin, sellerId, correlation_id=correlation_id)


lambda_handler = entrypoint(app)
