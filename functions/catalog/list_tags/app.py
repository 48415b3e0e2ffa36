"""GET /tags?prefix=: tags in use, alphabetically, for typing ahead."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel

from estore.domain.tags import Tag
from estore.http import PAGE_SIZE, Limit, entrypoint, make_resolver
from estore.services.tags import tags_starting_with

app = make_resolver()


class Tags(BaseModel):
    items: list[Tag]


@app.get("/tags", summary="Tags by prefix", tags=["catalog"])
def list_tags(
    prefix: Annotated[str, Query(max_length=50)] = "",
    limit: Limit = PAGE_SIZE,
) -> Tags:
    return Tags(items=tags_starting_with(prefix, limit))


lambda_handler = entrypoint(app)
