"""The floor: the Powertools HTTP API hello world (resolver + logger) that also creates the DynamoDB client
every real function needs. No function can start faster than this; each one is compared with it."""

from typing import Any

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger()
app = APIGatewayHttpResolver()
dynamodb = boto3.client("dynamodb")


@app.get("/hello")
def hello() -> dict[str, str]:
    return {"message": "hello"}


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
