"""POST /wallet/transfers: send money to another user's wallet."""

from aws_lambda_powertools.event_handler import Response

from estore.deadline import BUSY_RESPONSE
from estore.domain.ledger import TransferRequest, WalletEntry
from estore.http import CorrelationId, Customer, IdempotencyKey, RequestDeadline, created, entrypoint, make_resolver
from estore.services.wallet import transfer

app = make_resolver()


@app.post(
    "/wallet/transfers",
    summary="Send money",
    tags=["wallet"],
    responses={201: {"description": "Journaled"}, **BUSY_RESPONSE},
)
def post_transfer(
    request: TransferRequest,
    idempotency_key: IdempotencyKey = None,
    *,
    customer: Customer,
    correlation_id: CorrelationId,
    deadline: RequestDeadline,
) -> Response[WalletEntry]:
    entry = transfer(
        customer,
        request,
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        deadline=deadline,
    )
    return created(entry)


lambda_handler = entrypoint(app)
