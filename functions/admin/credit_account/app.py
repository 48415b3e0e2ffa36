"""POST /admin/accounts/{userId}/credits: an operator credits a wallet (journaled like any movement)."""

from aws_lambda_powertools.event_handler import Response

from estore.deadline import BUSY_RESPONSE
from estore.domain.ledger import AdminCredit, WalletEntry
from estore.http import Admin, CorrelationId, IdempotencyKey, RequestDeadline, created, entrypoint, make_resolver
from estore.services.wallet import admin_credit

app = make_resolver()


@app.post(
    "/admin/accounts/<userId>/credits",
    summary="Credit a wallet",
    tags=["admin"],
    responses={201: {"description": "Journaled"}, **BUSY_RESPONSE},
)
def credit(
    userId: str,
    request: AdminCredit,
    idempotency_key: IdempotencyKey = None,
    *,
    admin: Admin,
    correlation_id: CorrelationId,
    deadline: RequestDeadline,
) -> Response[WalletEntry]:
    entry = admin_credit(
        admin,
        userId,
        request.amount,
        request.reason,
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        deadline=deadline,
    )
    return created(entry)


lambda_handler = entrypoint(app)
