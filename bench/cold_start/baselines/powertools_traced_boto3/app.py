"""Baseline: the floor for a real function - Powertools resolver, logger, X-Ray tracer and boto3."""

import boto3
from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

logger = Logger()
tracer = Tracer()
app = APIGatewayHttpResolver()
client = None


@app.get("/hello")
def hello() -> dict[str, str]:
    global client
    client = client or boto3.client("dynamodb")
    return {"message": "hello"}


@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: object) -> dict:
    return app.resolve(event, context)
