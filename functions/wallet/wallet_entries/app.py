"""GET /wallet/entries: the caller's statement, newest first."""

from estore.domain.ledger import WalletEntry
from estore.domain.pagination import Page
from estore.http import PAGE_SIZE, Cursor, Customer, Limit, entrypoint, make_resolver
from estore.services.wallet import entries

app = make_resolver()


@app.get("/wallet/entries", summary="My statement", tags=["wallet"])
def list_entries(limit: Limit = PAGE_SIZE, cursor: Cursor = None, *, customer: Customer) -> Page[WalletEntry]:
    return entries(customer, limit, cursor)


lambda_handler = entrypoint(app)
