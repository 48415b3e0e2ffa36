"""S3 ObjectCreated on imports/: the seller's file arrived; start its Import workflow."""

from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.services.imports import start_import
from estore.triggers import trigger


@trigger(S3Event)
def lambda_handler(event: S3Event, context: LambdaContext) -> dict[str, Any]:
    # Starting is idempotent (the execution is named after the import), so a failure raises and
    # Lambda's async retries deliver the whole event again.
    return {"outcomes": {key: start_import(key) for key in (unquote_plus(r.s3.get_object.key) for r in event.records)}}
