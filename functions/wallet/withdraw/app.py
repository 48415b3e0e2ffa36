"""POST /wallet/withdrawals: money out to the caller's bank; 402 beyond the balance."""

from aws_lambda_powertools.event_handler import Response

from estore.deadline import BUSY_RESPONSE
from estore.domain.ledger import MoneyRequest, WalletEntry
from estore.http import CorrelationId, Customer, IdempotencyKey, RequestDeadline, created, entrypoint, make_resolver
from estore.services.wallet import withdraw

app = make_resolver()


@app.post(
    "/wallet/withdrawals",
    summary="Withdraw money",
    tags=["wallet"],
    responses={201: {"description": "Journaled"}, **BUSY_RESPONSE},
)
def post_withdraw(
    request: MoneyRequest,
    idempotency_key: IdempotencyKey = None,
    *,
    customer: Customer,
    correlation_id: CorrelationId,
    deadline: RequestDeadline,
) -> Response[WalletEntry]:
    entry = withdraw(
        customer,
        request.amount,
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        deadline=deadline,
    )
    return created(entry)


lambda_handler = entrypoint(app)
