"""Baseline: the smallest Powertools HTTP API function (resolver + logger), as the docs' hello world."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

logger = Logger()
app = APIGatewayHttpResolver()


@app.get("/hello")
def hello() -> dict[str, str]:
    return {"message": "hello"}


def lambda_handler(event: dict, context: object) -> dict:
    return app.resolve(event, context)
