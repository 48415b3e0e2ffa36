"""An in-process Estore: moto (`mock_aws`) with every resource from template.yaml, and the functions'
real handlers called as API Gateway, Cognito and Step Functions would call them. Integration tests and
benchmarks run on it; `make dev` is the same thing over HTTP.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import boto3
from moto import mock_aws

from estore_local.emulator import distributed_map, moto_queries, moto_transactions
from estore_local.emulator.bus_rules import BusRule, bus_rules, delivered_event, matching
from estore_local.emulator.events import LambdaContext, http_event, post_confirmation_event
from estore_local.emulator.gateway.routing import RouteTable
from estore_local.emulator.inprocess import function_module, gaps_filled
from estore_local.emulator.moto_tokens import honour_client_request_tokens
from estore_local.emulator.provision import provision
from estore_local.emulator.stack import Stack
from estore_local.emulator.template import HttpRoute, Template, load_template

BASE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "Estore",
}


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def error_code(self) -> str | None:
        return (self.body or {}).get("error", {}).get("code") if isinstance(self.body, dict) else None


def reset_process_caches() -> None:
    """Settings and clients are cached per cold start; each in-process invocation starts from its env.
    Estore's clients come from boto3's default session here (moto makes one per `mock_aws`): the gap
    fillers (`inprocess.gaps_filled`) and call counters (`callcount`) register their handlers on it."""
    from estore import aws, config

    config.get_settings.cache_clear()
    aws.reset(session=boto3._get_default_session()._session)


class Cloud:
    """The provisioned stack plus ways to call its functions as API Gateway and Cognito would."""

    def __init__(self, stack: Stack, setenv: Callable[[str, str], None]) -> None:
        self.stack = stack
        self.template = stack.template
        self._setenv = setenv
        self.cognito = boto3.client("cognito-idp")
        self.dynamodb = boto3.client("dynamodb")
        self.s3 = boto3.client("s3")
        self.routes = RouteTable(self.template.http_routes())
        self._bus_rules: list[BusRule] | None = None

    @property
    def pool_id(self) -> str:
        return self.stack.ref("UserPool")

    def enter(self, function_id: str) -> ModuleType:
        for name, value in self.stack.environment_for(function_id).items():
            self._setenv(name, value)
        reset_process_caches()
        return function_module(self.stack, function_id)

    def route(self, method: str, path: str) -> tuple[HttpRoute, dict[str, str]]:
        """The route API Gateway would pick (the gateway's own matcher), and its path parameters."""
        found = self.routes.match(method, path)
        if found is None:
            raise AssertionError(f"no template route for {method} {path}")
        return found

    def call(
        self,
        method: str,
        path: str,
        *,
        user: User | None = None,
        json_body: Any = None,
        raw_body: str | None = None,
        headers: dict[str, str] | None = None,
        query: dict[str, str | list[str]] | None = None,
        time_left_s: float | None = None,
    ) -> Answer:
        """Calls the function the template routes `method path` to, with the user's verified claims;
        `time_left_s` gives the function less time than its Timeout (a request that started late)."""
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
        return self.invoke(route.function_id, event, time_left_s=time_left_s)

    def invoke(self, function_id: str, event: dict[str, Any], *, time_left_s: float | None = None) -> Answer:
        """Runs one API function's handler on an HTTP API event, as Lambda would."""
        module = self.enter(function_id)
        result = module.lambda_handler(event, self.context(function_id, time_left_s))
        text = result.get("body") or ""
        return Answer(result["statusCode"], json.loads(text) if text else None, result.get("headers", {}))

    def run(self, function_id: str, event: Any) -> Any:
        """Runs a non-HTTP function's handler (S3, stream, trigger) with its environment; what it returns."""
        module = self.enter(function_id)
        return module.lambda_handler(event, self.context(function_id))

    def put_events(
        self, entries: list[dict[str, Any]], *, only: Collection[str] | None = None
    ) -> list[tuple[str, Any]]:
        """PutEvents entries delivered as the local cloud delivers them (the template's rules, the event as a
        target receives it), each matching function (of `only`, if given) run in-process: (function id, answer)."""
        if self._bus_rules is None:
            self._bus_rules = bus_rules(self.stack)
        outcomes = []
        for entry in entries:
            bus_name, event = delivered_event(entry, str(uuid.uuid4()))
            for rule in matching(self._bus_rules, bus_name, event):
                if only is None or rule.function_id in only:
                    outcomes.append((rule.function_id, self.run(rule.function_id, event)))
        return outcomes

    def context(self, function_id: str, time_left_s: float | None = None) -> LambdaContext:
        """A context whose remaining time starts at the function's Timeout, as Lambda's does."""
        timeout = self.template.functions()[function_id].timeout if time_left_s is None else time_left_s
        return LambdaContext(function_id, timeout=timeout)

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

    def dynamodb_table(self) -> Any:
        return boto3.resource("dynamodb").Table(self.stack.ref("Table"))

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


def make_seller(cloud: Cloud, store_name: str) -> User:
    """A confirmed user who opened a store (fresh claims carry the sellers group)."""
    user = cloud.confirm_sign_up(f"seller-{uuid.uuid4().hex[:8]}@example.com")
    answer = cloud.call("POST", "/sellers", user=user, json_body={"storeName": store_name})
    assert answer.status == 201, answer.body
    return user


@contextmanager
def in_process_cloud(
    setenv: Callable[[str, str], None] | None = None, template: Template | None = None
) -> Iterator[Cloud]:
    """A fresh in-process cloud. `setenv` sets a variable for the test (default: os.environ, restored after)."""
    saved = dict(os.environ)
    set_variable = setenv or os.environ.__setitem__
    for name, value in BASE_ENVIRONMENT.items():
        set_variable(name, value)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    try:
        moto_transactions.install()
        moto_queries.install()
        honour_client_request_tokens()
        distributed_map.install()  # before provisioning: moto validates definitions when they are created
        with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
            reset_process_caches()
            cloud = Cloud(provision(template or load_template()), set_variable)
            with gaps_filled(cloud.stack, cloud.enter):
                yield cloud
    finally:
        reset_process_caches()
        if setenv is None:
            os.environ.clear()
            os.environ.update(saved)
