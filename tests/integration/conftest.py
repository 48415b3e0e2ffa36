"""Integration tests: the real handlers against moto in-process, with resources built from template.yaml."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import boto3
import pytest
from moto import mock_aws

from estore import config
from estore.store import dynamo
from estore_local.events import LambdaContext, http_event, post_confirmation_event
from estore_local.inprocess import function_module, gaps_filled
from estore_local.provision import provision
from estore_local.stack import Stack
from estore_local.template import HttpRoute, load_template

TEMPLATE = load_template()


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def error_code(self) -> str | None:
        return (self.body or {}).get("error", {}).get("code") if isinstance(self.body, dict) else None


def _reset_process_caches() -> None:
    config.get_settings.cache_clear()
    dynamo.resource.cache_clear()


class Cloud:
    """The provisioned stack plus ways to call its functions as API Gateway and Cognito would."""

    def __init__(self, stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
        self.stack = stack
        self.template = stack.template
        self._monkeypatch = monkeypatch
        self.cognito = boto3.client("cognito-idp")
        self.dynamodb = boto3.client("dynamodb")
        self.s3 = boto3.client("s3")

    @property
    def pool_id(self) -> str:
        return self.stack.ref("UserPool")

    def enter(self, function_id: str) -> ModuleType:
        for name, value in self.stack.environment_for(function_id).items():
            self._monkeypatch.setenv(name, value)
        _reset_process_caches()
        return function_module(self.stack, function_id)

    def route(self, method: str, path: str) -> tuple[HttpRoute, dict[str, str]]:
        for route in self.template.http_routes():
            params = _match(route.path, path)
            if route.method == method and params is not None:
                return route, params
        raise AssertionError(f"no template route for {method} {path}")

    def call(
        self,
        method: str,
        path: str,
        *,
        user: User | None = None,
        json_body: Any = None,
        raw_body: str | None = None,
        headers: dict[str, str] | None = None,
        query: dict[str, str] | None = None,
    ) -> Answer:
        """Calls the function the template routes `method path` to, with the user's verified claims."""
        route, params = self.route(method, path)
        body = raw_body if raw_body is not None else (json.dumps(json_body) if json_body is not None else None)
        all_headers = {"content-type": "application/json", **(headers or {})}
        event = http_event(
            method,
            path,
            route=route,
            path_parameters=params or None,
            body=body,
            headers=all_headers,
            query=query,
            claims=user.claims() if user else None,
        )
        return self.invoke(route.function_id, event)

    def invoke(self, function_id: str, event: dict[str, Any]) -> Answer:
        """Runs one API function's handler on an HTTP API event, as Lambda would."""
        module = self.enter(function_id)
        result = module.lambda_handler(event, LambdaContext(function_id))
        text = result.get("body") or ""
        return Answer(result["statusCode"], json.loads(text) if text else None, result.get("headers", {}))

    def confirm_sign_up(self, email: str) -> User:
        """A user as Cognito creates it on sign-up, then the post-confirmation trigger run on it."""
        created = self.cognito.admin_create_user(
            UserPoolId=self.pool_id,
            Username=email,
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
            MessageAction="SUPPRESS",
        )["User"]
        attributes = {attribute["Name"]: attribute["Value"] for attribute in created["Attributes"]}
        user = User(self, username=created["Username"], sub=attributes["sub"], email=email)
        self.run_post_confirmation(user)
        return user

    def run_post_confirmation(self, user: User, trigger: str = "PostConfirmation_ConfirmSignUp") -> dict[str, Any]:
        event = post_confirmation_event(
            self.pool_id, user.username, {"sub": user.sub, "email": user.email}, None, trigger
        )
        module = self.enter("PostConfirmationFunction")
        result: dict[str, Any] = module.lambda_handler(event, LambdaContext("PostConfirmationFunction"))
        return result

    def groups_of(self, user: User) -> set[str]:
        answer = self.cognito.admin_list_groups_for_user(UserPoolId=self.pool_id, Username=user.username)
        return {group["GroupName"] for group in answer["Groups"]}

    def stack_client(self, service: str) -> Any:
        return boto3.client(service)

    def table_items(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.dynamodb.scan(TableName=self.stack.ref("Table"))["Items"]
        return items


@dataclass
class User:
    cloud: Cloud
    username: str
    sub: str
    email: str

    def claims(self) -> dict[str, Any]:
        """What a fresh access token would carry now (groups read from the pool, as Cognito does)."""
        return {
            "sub": self.sub,
            "username": self.username,
            "client_id": self.cloud.stack.ref("UserPoolClient"),
            "token_use": "access",
            "cognito:groups": sorted(self.cloud.groups_of(self)),
        }


def _match(template_path: str, path: str) -> dict[str, str] | None:
    expected, actual = template_path.strip("/").split("/"), path.strip("/").split("/")
    if len(expected) != len(actual):
        return None
    params: dict[str, str] = {}
    for want, got in zip(expected, actual, strict=True):
        if want.startswith("{") and want.endswith("}"):
            params[want[1:-1]] = got
        elif want != got:
            return None
    return params


@pytest.fixture
def cloud(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cloud]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "Estore",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        _reset_process_caches()
        cloud = Cloud(provision(TEMPLATE), monkeypatch)
        with gaps_filled(cloud.stack, cloud.enter):
            yield cloud
    _reset_process_caches()


@pytest.fixture
def customer(cloud: Cloud) -> User:
    return cloud.confirm_sign_up(f"customer-{uuid.uuid4().hex[:8]}@example.com")


@pytest.fixture
def other_customer(cloud: Cloud) -> User:
    return cloud.confirm_sign_up(f"other-{uuid.uuid4().hex[:8]}@example.com")


def make_seller(cloud: Cloud, store_name: str) -> User:
    """A confirmed user who opened a store (fresh claims carry the sellers group)."""
    user = cloud.confirm_sign_up(f"seller-{uuid.uuid4().hex[:8]}@example.com")
    answer = cloud.call("POST", "/sellers", user=user, json_body={"storeName": store_name})
    assert answer.status == 201, answer.body
    return user
