"""POST /admin/sellers/{sellerId}/suspend: the store's offers leave search and cannot be checked out."""

from estore.auth import Role
from estore.domain.identity import SellerProfile
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.admin import suspend_seller

app = make_resolver()


@app.post("/admin/sellers/<sellerId>/suspend", summary="Suspend a seller", tags=["admin"])
def suspend(sellerId: str) -> SellerProfile:  # the name API Gateway gives the path parameter
    return suspend_seller(caller(app, Role.ADMINS), sellerId, correlation_id=current_correlation_id(app))


lambda_handler = entrypoint(app)
