"""POST /wallet/deposits: money in through the payment provider (refused where none is configured)."""

from aws_lambda_powertools.event_handler import Response

from estore.deadline import BUSY_RESPONSE
from estore.domain.ledger import MoneyRequest, WalletEntry
from estore.http import CorrelationId, Customer, IdempotencyKey, RequestDeadline, created, entrypoint, make_resolver
from estore.services.wallet import deposit

app = make_resolver()


@app.post(
    "/wallet/deposits",
    summary="Deposit money",
    tags=["wallet"],
    responses={201: {"description": "Journaled"}, **BUSY_RESPONSE},
)
def post_deposit(
    request: MoneyRequest,
    idempotency_key: IdempotencyKey = None,
    *,
    customer: Customer,
    correlation_id: CorrelationId,
    deadline: RequestDeadline,
) -> Response[WalletEntry]:
    entry = deposit(
        customer,
        request.amount,
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        deadline=deadline,
    )
    return created(entry)


lambda_handler = entrypoint(app)
