"""POST /wallet/transfers: send money to another user's wallet."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from estore.auth import Role
from estore.deadline import BUSY_RESPONSE, Deadline
from estore.domain.ledger import TransferRequest, WalletEntry
from estore.http import caller, created, current_correlation_id, entrypoint, make_resolver
from estore.services.wallet import transfer

app = make_resolver()
IdempotencyKey = Annotated[str | None, Header(alias="idempotency-key", description="a client UUID; retries are safe")]


@app.post(
    "/wallet/transfers",
    summary="Send money",
    tags=["wallet"],
    responses={201: {"description": "Journaled"}, **BUSY_RESPONSE},
)
def post_transfer(request: TransferRequest, idempotency_key: IdempotencyKey = None) -> Response[WalletEntry]:
    entry = transfer(
        caller(app, Role.CUSTOMERS),
        request,
        idempotency_key=idempotency_key,
        correlation_id=current_correlation_id(app),
        deadline=Deadline.of(app.lambda_context),
    )
    return created(entry)


lambda_handler = entrypoint(app)
