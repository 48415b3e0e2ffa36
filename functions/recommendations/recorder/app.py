"""EventBridge rules on the bus: OrderPlaced moves the co-purchase and popularity counters; ProductCreated
is a new arrival; ProductDeleted and SellerSuspended drop products nobody in good standing sells."""

from typing import Any

from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.observability import logger
from estore.services.recommendations import apply_event
from estore.triggers import follow, trigger


@trigger(EventBridgeEvent)
def lambda_handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, int]:
    detail: dict[str, Any] = event.detail
    metadata = detail.get("metadata") or {}
    follow(metadata.get("correlationId"), event_id=metadata.get("eventId"), detail_type=event.detail_type)
    # Any failure raises: Lambda retries the event, then parks it in the DLQ. An order is applied once
    # (its order id is recorded in the same transaction); the other events are idempotent.
    outcome = apply_event(event.detail_type, detail)
    logger.info("recommendations updated", extra=outcome)
    return outcome
