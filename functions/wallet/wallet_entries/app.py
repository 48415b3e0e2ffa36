"""GET /wallet/entries: the caller's statement, newest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.auth import Role
from estore.domain.ledger import WalletEntry
from estore.domain.pagination import Page
from estore.http import caller, entrypoint, make_resolver
from estore.services.wallet import entries

app = make_resolver()


@app.get("/wallet/entries", summary="My statement", tags=["wallet"])
def list_entries(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[WalletEntry]:
    return entries(caller(app, Role.CUSTOMERS), limit, cursor)


lambda_handler = entrypoint(app)
