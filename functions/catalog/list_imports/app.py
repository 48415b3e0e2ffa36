"""GET /imports: the seller's imports, newest first."""

from estore.domain.imports import ImportView
from estore.domain.pagination import Page
from estore.http import Cursor, Limit, Seller, entrypoint, make_resolver
from estore.services.imports import LIST_LIMIT, list_imports

app = make_resolver()


@app.get("/imports", summary="Your imports", tags=["imports"])
def get_imports(limit: Limit = LIST_LIMIT, cursor: Cursor = None, *, seller: Seller) -> Page[ImportView]:
    return list_imports(seller, limit, cursor)


lambda_handler = entrypoint(app)
