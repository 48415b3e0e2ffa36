"""S3 ObjectCreated on uploads/: verify what actually arrived, then mark the entry READY or REJECTED."""

from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.services.image_ingest import ingest_upload
from estore.triggers import trigger


@trigger(S3Event)
def lambda_handler(event: S3Event, context: LambdaContext) -> dict[str, Any]:
    outcomes = {}
    # One notification may carry several records; each is decided on its own, and any failure
    # raises so Lambda's async retries deliver the whole event again (every step is idempotent).
    for record in event.records:
        key = unquote_plus(record.s3.get_object.key)
        outcomes[key] = ingest_upload(key).value
    return {"outcomes": outcomes}
