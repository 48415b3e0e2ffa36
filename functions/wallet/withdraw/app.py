"""POST /wallet/withdrawals: money out to the caller's bank; 402 beyond the balance."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from estore.auth import Role
from estore.deadline import BUSY_RESPONSE, Deadline
from estore.domain.ledger import MoneyRequest, WalletEntry
from estore.http import caller, created, current_correlation_id, entrypoint, make_resolver
from estore.services.wallet import withdraw

app = make_resolver()
IdempotencyKey = Annotated[str | None, Header(alias="idempotency-key", description="a client UUID; retries are safe")]


@app.post(
    "/wallet/withdrawals",
    summary="Withdraw money",
    tags=["wallet"],
    responses={201: {"description": "Journaled"}, **BUSY_RESPONSE},
)
def post_withdraw(request: MoneyRequest, idempotency_key: IdempotencyKey = None) -> Response[WalletEntry]:
    entry = withdraw(
        caller(app, Role.CUSTOMERS),
        request.amount,
        idempotency_key=idempotency_key,
        correlation_id=current_correlation_id(app),
        deadline=Deadline.of(app.lambda_context),
    )
    return created(entry)


lambda_handler = entrypoint(app)
