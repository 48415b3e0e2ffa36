"""POST /admin/sellers/{sellerId}/suspend: the store's offers leave search and cannot be checked out."""

from estore.domain.identity import SellerProfile
from estore.http import Admin, CorrelationId, entrypoint, make_resolver
from estore.services.admin import suspend_seller

app = make_resolver()


@app.post("/admin/sellers/<sellerId>/suspend", summary="Suspend a seller", tags=["admin"])
def suspend(
    sellerId: str,  # the name API Gateway gives the path parameter
    *,
    admin: Admin,
    correlation_id: CorrelationId,
) -> SellerProfile:
    return suspend_seller(admin, sellerId, correlation_id=correlation_id)


lambda_handler = entrypoint(app)
