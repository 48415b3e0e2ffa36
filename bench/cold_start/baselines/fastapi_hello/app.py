"""Baseline: the smallest FastAPI function behind Mangum (the common alternative to Powertools), creating
the same DynamoDB client as the floor."""

import boto3
from fastapi import FastAPI
from mangum import Mangum

api = FastAPI()
dynamodb = boto3.client("dynamodb")


@api.get("/hello")
def hello() -> dict[str, str]:
    return {"message": "hello"}


lambda_handler = Mangum(api, lifespan="off")
