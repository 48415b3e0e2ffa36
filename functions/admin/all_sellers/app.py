"""GET /admin/sellers: every store, newest first (admins)."""

from estore.domain.identity import SellerProfile
from estore.domain.pagination import Page
from estore.http import PAGE_SIZE, Admin, Cursor, Limit, entrypoint, make_resolver
from estore.services.admin import sellers

app = make_resolver()


@app.get("/admin/sellers", summary="All sellers", tags=["admin"])
def list_sellers(limit: Limit = PAGE_SIZE, cursor: Cursor = None, *, _admin: Admin) -> Page[SellerProfile]:
    return sellers(limit, cursor)


lambda_handler = entrypoint(app)
