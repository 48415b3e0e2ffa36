"""Table stream: puts the events of outbox inserts on the EventBridge bus, reporting refused records."""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes import DynamoDBStreamEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.observability import logger
from estore.services.publisher import publish
from estore.triggers import trigger

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


@trigger()
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    # PutEvents takes ten entries a call, so the whole batch is published first; the processor then
    # marks exactly the records whose entries the bus refused, for the stream to deliver again.
    publication = publish(DynamoDBStreamEvent(event).records)
    logger.info(
        "batch published",
        extra={"published": publication.published, "refused": len(publication.refused), "skipped": publication.skipped},
    )
    return process_partial_response(
        event=event, record_handler=publication.confirm, processor=processor, context=context
    )
