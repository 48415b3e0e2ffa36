"""EventBridge rule on the bus: recompute the search entries of the products a catalog or order event names."""

from typing import Any

from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.observability import logger
from estore.services.search_index import reindex_event
from estore.triggers import follow, trigger


@trigger(EventBridgeEvent)
def lambda_handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, int]:
    detail: dict[str, Any] = event.detail
    metadata = detail.get("metadata") or {}
    follow(metadata.get("correlationId"), event_id=metadata.get("eventId"), detail_type=event.detail_type)
    # Any failure raises: Lambda retries the event, then parks it in the DLQ. Recomputing is idempotent.
    outcome = reindex_event(event.detail_type, detail)
    logger.info("search index updated", extra=outcome)
    return outcome
