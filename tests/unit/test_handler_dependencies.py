"""The shared handler dependencies of estore.http (caller with a role, correlation id, deadline, paging),
the one paging recipe of estore.services.paging and the one decorator stack of estore.triggers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent
from pydantic import BaseModel

from estore.config import get_settings
from estore.deadline import SAFETY_MARGIN_MS
from estore.domain.pagination import InvalidCursor
from estore.http import (
    PAGE_SIZE,
    CorrelationId,
    Cursor,
    Customer,
    Limit,
    RequestDeadline,
    entrypoint,
    make_resolver,
)
from estore.services.paging import each, paged
from estore.triggers import trigger


class LambdaContext:
    function_name = "TestFunction"
    memory_limit_in_mb = 128
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:TestFunction"
    aws_request_id = "aws-request-1"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def http_event(method: str, path: str, *, groups: list[str] | None, body: Any = None, **headers: str) -> dict[str, Any]:
    context: dict[str, Any] = {"requestId": "req-1", "stage": "$default", "http": {"method": method, "path": path}}
    if groups is not None:
        context["authorizer"] = {"jwt": {"claims": {"sub": "user-1", "cognito:groups": groups}}}
    return {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json", **headers},
        "requestContext": context,
        "body": None if body is None else json.dumps(body),
        "isBase64Encoded": False,
    }


class Note(BaseModel):
    text: str


def answer_of(response: dict[str, Any]) -> tuple[int, Any]:
    return response["statusCode"], json.loads(response["body"])


@pytest.fixture
def api() -> Any:
    app = make_resolver()

    @app.post("/notes")
    def post_note(
        note: Note, *, customer: Customer, correlation_id: CorrelationId, deadline: RequestDeadline
    ) -> dict[str, Any]:
        return {"by": customer.user_id, "text": note.text, "cid": correlation_id, "leftMs": deadline.left_ms()}

    @app.get("/notes")
    def list_notes(limit: Limit = PAGE_SIZE, cursor: Cursor = None) -> dict[str, Any]:
        return {"limit": limit, "cursor": cursor}

    return entrypoint(app)


def test_a_customer_route_gets_the_caller_correlation_id_and_deadline(api: Any) -> None:
    # Given a customer's request carrying a correlation id
    event = http_event("POST", "/notes", groups=["customers"], body={"text": "hi"}, **{"x-correlation-id": "c-9"})
    # When the route runs
    status, body = answer_of(api(event, LambdaContext()))
    # Then its dependencies are the caller, the client's correlation id and the invocation's deadline
    assert status == 200
    assert body == {"by": "user-1", "text": "hi", "cid": "c-9", "leftMs": 30_000 - SAFETY_MARGIN_MS}


def test_a_customer_route_answers_a_seller_403_in_the_error_shape(api: Any) -> None:
    # Given a seller calling a customer route
    event = http_event("POST", "/notes", groups=["sellers"], body={"text": "hi"})
    # When the route runs
    status, body = answer_of(api(event, LambdaContext()))
    # Then the answer is the one error shape, not a 500 from the dependency
    assert status == 403
    assert body["error"]["code"] == "FORBIDDEN"
    assert body["requestId"] == "req-1"


def test_a_customer_route_answers_401_without_a_token(api: Any) -> None:
    # Given a request without a token
    event = http_event("POST", "/notes", groups=None, body={"text": "hi"})
    # When the route runs
    status, body = answer_of(api(event, LambdaContext()))
    # Then it is asked to sign in
    assert status == 401
    assert body["error"]["code"] == "UNAUTHORIZED"


def test_a_bad_body_is_a_422_before_a_missing_role_is_a_403(api: Any) -> None:
    # Given a seller sending an invalid body to a customer route
    event = http_event("POST", "/notes", groups=["sellers"], body={"text": 5})
    # When the route runs
    status, body = answer_of(api(event, LambdaContext()))
    # Then validation answers first, as it did when handlers called caller() in their body
    assert status == 422
    assert body["error"]["details"][0]["field"] == "text"


@pytest.mark.parametrize(
    ("query", "field"), [({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"), ({"cursor": "x" * 2049}, "cursor")]
)
def test_paging_parameters_are_validated(api: Any, query: dict[str, str], field: str) -> None:
    # Given a page request out of bounds
    event = http_event("GET", "/notes", groups=None) | {"queryStringParameters": query}
    # When the route runs
    status, body = answer_of(api(event, LambdaContext()))
    # Then it is a 422 naming the parameter
    assert status == 422
    assert body["error"]["details"][0]["field"] == field


@pytest.fixture
def cursor_secret(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CURSOR_SECRET", "unit-test-secret")
    monkeypatch.setenv("TABLE_NAME", "unit-test-table")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


ROWS = [{"n": n} for n in range(5)]


def read_rows(limit: int) -> Any:
    def read(start: dict[str, Any] | None) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        begin = int(start["n"]) if start else 0
        rows = ROWS[begin : begin + limit]
        return rows, ({"n": begin + limit} if begin + limit < len(ROWS) else None)

    return read


@pytest.mark.usefixtures("cursor_secret")
def test_paged_walks_a_list_through_its_signed_cursors() -> None:
    # Given a list of five rows read two at a time
    seen, cursor, pages = [], None, 0
    # When every page is read, each from the previous page's cursor
    while True:
        page = paged("rows", cursor, read_rows(2), each(lambda row: row["n"]))
        seen += page.items
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    # Then every row came once, in order, and the last page has no cursor
    assert seen == [0, 1, 2, 3, 4]
    assert pages == 3


@pytest.mark.usefixtures("cursor_secret")
def test_paged_refuses_a_cursor_issued_for_another_list() -> None:
    # Given a cursor of another list
    other = paged("other-rows", None, read_rows(2), each(lambda row: row["n"])).next_cursor
    # When it is used on this list
    # Then it is a 400 INVALID_CURSOR
    with pytest.raises(InvalidCursor):
        paged("rows", other, read_rows(2), each(lambda row: row["n"]))


def test_trigger_hands_the_handler_its_event_as_the_data_class() -> None:
    # Given a bus handler under the one non-HTTP decorator stack
    received: list[Any] = []

    @trigger(EventBridgeEvent)
    def handler(event: EventBridgeEvent, context: Any) -> dict[str, str]:
        received.append(event)
        return {"type": event.detail_type}

    # When Lambda calls it with a raw EventBridge event
    raw = {"detail-type": "OrderPlaced", "source": "estore.orders", "detail": {"data": {}}, "id": "e-1"}
    result = handler(raw, LambdaContext())
    # Then the handler saw the data class and its answer came back unchanged
    assert result == {"type": "OrderPlaced"}
    assert isinstance(received[0], EventBridgeEvent)
