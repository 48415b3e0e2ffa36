"""Fills moto's gaps in front of it: Lambda Invoke runs the real handlers, StartSyncExecution,
Cognito's PostConfirmation trigger, and EventBridge rules whose targets are functions.
Never in product code: this is the local cloud's job."""

import json
import re
import sys
import time
from collections.abc import Iterable
from typing import Any

from estore_local.emulator.bus_rules import BusRule, accepted_events, bus_rules, matching
from estore_local.emulator.events import post_confirmation_event
from estore_local.emulator.moto_server import (
    Captured,
    SerializedMoto,
    StartResponse,
    cognito_backend,
    json_response,
    read_body,
)
from estore_local.emulator.runner import Runner
from estore_local.emulator.sync_execution import start_sync_execution
from estore_local.emulator.triggers import S3Subscription, created_object, object_facts, s3_event

_INVOKE_PATH = re.compile(r"^/2015-03-31/functions/([^/]+)/invocations/?$")
_CONFIRMATIONS = {
    "AWSCognitoIdentityProviderService.ConfirmSignUp": "PostConfirmation_ConfirmSignUp",
    "AWSCognitoIdentityProviderService.AdminConfirmSignUp": "PostConfirmation_ConfirmSignUp",
    "AWSCognitoIdentityProviderService.ConfirmForgotPassword": "PostConfirmation_ConfirmForgotPassword",
}


class LocalAws:
    """The WSGI app on the AWS port. `runner` is attached once the stack is provisioned."""

    def __init__(self, moto: SerializedMoto) -> None:
        self.moto = moto
        self.runner: Runner | None = None
        self.s3_subscriptions: list[S3Subscription] = []
        self._bus_rules: list[BusRule] | None = None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = read_body(environ)
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        invoke = _INVOKE_PATH.match(environ.get("PATH_INFO", ""))
        if invoke and environ["REQUEST_METHOD"] == "POST" and self.runner is not None:
            return self._invoke(invoke.group(1), environ, body).send(start_response)
        if target == "AWSStepFunctions.StartSyncExecution":
            return self._start_sync_execution(environ, body).send(start_response)
        response = self.moto.call(environ, body)
        if self.s3_subscriptions and not target:
            self._notify_s3(environ, body, response.code)
        if target == "AWSEvents.PutEvents" and response.code == 200 and self.runner is not None:
            self._deliver_to_rules(body, response.body)
        if target in _CONFIRMATIONS and response.code == 200:
            response = self._post_confirmation(_CONFIRMATIONS[target], json.loads(body or b"{}"), response)
        return response.send(start_response)

    # ------------------------------------------------------------------ S3 notifications
    def _notify_s3(self, environ: dict[str, Any], body: bytes, status: int) -> None:
        created = created_object(environ, body, status)
        if created is None or self.runner is None:
            return
        bucket, key, event_name = created
        subscribers = [s for s in self.s3_subscriptions if s.wants(bucket, key, event_name)]
        if not subscribers:
            return
        with self.moto.lock:
            size, etag = object_facts(bucket, key)
        for subscription in subscribers:
            self.runner.invoke_async(subscription.function_id, s3_event(bucket, key, event_name, size, etag))

    # ------------------------------------------------------------------ EventBridge rules -> functions
    def _deliver_to_rules(self, request: bytes, answer: bytes) -> None:
        assert self.runner is not None
        if self._bus_rules is None:
            self._bus_rules = bus_rules(self.runner.stack)
        if not self._bus_rules:
            return
        for bus_name, event in accepted_events(json.loads(request or b"{}"), json.loads(answer or b"{}")):
            for rule in matching(self._bus_rules, bus_name, event):
                self.runner.invoke_async(rule.function_id, event, retries=rule.retries)

    # ------------------------------------------------------------------ Lambda
    def _invoke(self, name: str, environ: dict[str, Any], body: bytes) -> Captured:
        assert self.runner is not None
        from urllib.parse import unquote

        function_id = self.runner.stack.function_id_for(unquote(name))
        if function_id is None:
            error = {"Type": "User", "message": f"Function not found: {unquote(name)}"}
            headers = [("x-amzn-ErrorType", "ResourceNotFoundException")]
            return json_response(404, json.dumps(error).encode(), headers)
        event = json.loads(body) if body else {}
        kind = environ.get("HTTP_X_AMZ_INVOCATION_TYPE", "RequestResponse")
        if kind == "DryRun":
            return json_response(204, b"")
        if kind == "Event":
            self.runner.invoke_async(function_id, event)
            return json_response(202, b"")
        result = self.runner.invoke(function_id, event)
        headers = [("X-Amz-Executed-Version", "$LATEST"), ("x-amzn-RequestId", result.request_id)]
        if result.error:
            headers.append(("X-Amz-Function-Error", "Unhandled"))
        return json_response(200, json.dumps(result.payload).encode(), headers)

    # ------------------------------------------------------------------ Step Functions
    def _sfn(self, environ: dict[str, Any], action: str, payload: dict[str, Any]) -> Captured:
        call_environ = {**environ, "HTTP_X_AMZ_TARGET": f"AWSStepFunctions.{action}"}
        return self.moto.call(call_environ, json.dumps(payload).encode())

    def _start_sync_execution(self, environ: dict[str, Any], body: bytes) -> Captured:
        """StartSyncExecution (`sync_execution`), each Step Functions call under the lock, the wait outside it."""

        def call(action: str, payload: dict[str, Any]) -> dict[str, Any]:
            answer = self._sfn(environ, action, payload)
            if answer.code != 200:
                raise _Refused(answer)
            parsed: dict[str, Any] = json.loads(answer.body)
            return parsed

        try:
            answer = start_sync_execution(call, json.loads(body or b"{}"))
        except _Refused as refused:
            return refused.answer
        answer.setdefault("stopDate", time.time())
        return json_response(200, json.dumps(answer, default=str).encode())

    # ------------------------------------------------------------------ Cognito
    def _post_confirmation(self, trigger: str, request: dict[str, Any], confirmed: Captured) -> Captured:
        """Run the pool's PostConfirmation trigger synchronously, as Cognito does, after moto confirmed."""
        if self.runner is None:
            return confirmed
        with self.moto.lock:
            found = _confirmed_user(request)
        if found is None:
            return confirmed
        pool_id, user_name, attributes, function_arn = found
        function_id = self.runner.stack.function_id_for(function_arn)
        if function_id is None:
            print(f"PostConfirmation trigger {function_arn} is not in the template", file=sys.stderr)
            return confirmed
        event = post_confirmation_event(pool_id, user_name, attributes, request.get("ClientId"), trigger)
        result = self.runner.invoke(function_id, event)
        if not result.error:
            return confirmed
        message = f"PostConfirmation failed with error {result.payload.get('errorMessage')}."
        error = {"__type": "UserLambdaValidationException", "message": message}
        return json_response(400, json.dumps(error).encode(), [("x-amzn-ErrorType", error["__type"])])


def _confirmed_user(request: dict[str, Any]) -> tuple[str, str, dict[str, str], str] | None:
    """(pool id, userName, attributes, trigger ARN) read from moto's backend; None without a trigger."""
    backend = cognito_backend()
    pool_id = request.get("UserPoolId")
    if pool_id is None:
        client_id = request.get("ClientId")
        pool_id = next((p.id for p in backend.user_pools.values() if client_id in p.clients), None)
    pool = backend.user_pools.get(pool_id)
    if pool is None:
        return None
    function_arn = (pool.extended_config.get("LambdaConfig") or {}).get("PostConfirmation")
    user = pool._get_user(request.get("Username", ""))
    if not function_arn or user is None:
        return None
    attributes = {a["Name"]: a["Value"] for a in user.attributes}
    if "email" in attributes and "email" in pool.extended_config.get("AutoVerifiedAttributes", []):
        attributes.setdefault("email_verified", "true")
    return pool.id, user.username, attributes, function_arn


class _Refused(Exception):
    """Step Functions answered an error: StartSyncExecution answers it as it is."""

    def __init__(self, answer: Captured) -> None:
        super().__init__(answer.status)
        self.answer = answer
