"""POST /admin/sellers/{sellerId}/reinstate: a suspended store may sell again; its offers return to search."""

from estore.auth import Role
from estore.domain.identity import SellerProfile
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.admin import reinstate_seller

app = make_resolver()


@app.post("/admin/sellers/<sellerId>/reinstate", summary="Reinstate a suspended seller", tags=["admin"])
def reinstate(sellerId: str) -> SellerProfile:  # the name API Gateway gives the path parameter
    return reinstate_seller(caller(app, Role.ADMINS), sellerId, correlation_id=current_correlation_id(app))


lambda_handler = entrypoint(app)
