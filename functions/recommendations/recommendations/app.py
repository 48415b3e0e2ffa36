"""GET /recommendations: personal picks for a signed-in customer with purchases, else best sellers of the
last 30 days then new arrivals. Public: a token, when sent, is checked by Cognito."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.domain.recommendations import DEFAULT_LIMIT, MAX_LIMIT, Recommendations
from estore.http import entrypoint, make_resolver
from estore.services.recommendations import home, visitor

app = make_resolver()


@app.get("/recommendations", summary="Recommended products (personal with a token)", tags=["recommendations"])
def recommendations(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT) -> Recommendations:
    return home(visitor(app.current_event.raw_event), limit)


lambda_handler = entrypoint(app)
