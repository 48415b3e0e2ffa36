"""Baseline: the smallest FastAPI function behind Mangum, the common alternative to Powertools."""

from fastapi import FastAPI
from mangum import Mangum

api = FastAPI()


@api.get("/hello")
def hello() -> dict[str, str]:
    return {"message": "hello"}


lambda_handler = Mangum(api, lifespan="off")
