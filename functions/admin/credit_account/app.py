"""POST /admin/accounts/{userId}/credits: an operator credits a wallet (journaled like any movement)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from estore.auth import Role
from estore.deadline import BUSY_RESPONSE, Deadline
from estore.domain.ledger import AdminCredit, WalletEntry
from estore.http import caller, created, current_correlation_id, entrypoint, make_resolver
from estore.services.wallet import admin_credit

app = make_resolver()
IdempotencyKey = Annotated[str | None, Header(alias="idempotency-key", description="a client UUID; retries are safe")]


@app.post(
    "/admin/accounts/<userId>/credits",
    summary="Credit a wallet",
    tags=["admin"],
    responses={201: {"description": "Journaled"}, **BUSY_RESPONSE},
)
def credit(userId: str, request: AdminCredit, idempotency_key: IdempotencyKey = None) -> Response[WalletEntry]:
    entry = admin_credit(
        caller(app, Role.ADMINS),
        userId,
        request.amount,
        request.reason,
        idempotency_key=idempotency_key,
        correlation_id=current_correlation_id(app),
        deadline=Deadline.of(app.lambda_context),
    )
    return created(entry)


lambda_handler = entrypoint(app)
