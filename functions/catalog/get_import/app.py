"""GET /imports/{importId}: an import's status, counts, first errors and error report (what the SPA polls)."""

from estore.domain.imports import ImportView
from estore.http import Seller, entrypoint, make_resolver
from estore.services.imports import get_import

app = make_resolver()


@app.get("/imports/<importId>", summary="One of your imports", tags=["imports"])
def get_one(importId: str, *, seller: Seller) -> ImportView:
    return get_import(seller, importId)


lambda_handler = entrypoint(app)
