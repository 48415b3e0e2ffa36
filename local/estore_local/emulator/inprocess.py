"""The local cloud's gap fillers for in-process moto (`mock_aws`), used by integration tests and benchmarks.

Under `mock_aws` there is no server to put a middleware in front of, so the same two gaps are filled with
botocore's `before-call` hook, which may answer a call itself:
- Lambda `Invoke` (how Step Functions' Lambda tasks call functions) runs the real handler in this process;
- `StartSyncExecution`, which moto lacks, starts the execution and waits for it.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import boto3
from botocore.awsrequest import AWSResponse
from botocore.response import StreamingBody

from estore_local.emulator import distributed_map
from estore_local.emulator.callcount import emulating
from estore_local.emulator.events import LambdaContext
from estore_local.emulator.stack import Stack
from estore_local.emulator.sync_execution import start_sync_execution

EnterFunction = Callable[[str], object]
_MODULES: dict[str, ModuleType] = {}


def function_module(stack: Stack, function_id: str) -> ModuleType:
    """A function's handler module, loaded once under a unique name (every handler file is app.py)."""
    if function_id not in _MODULES:
        spec = stack.template.functions()[function_id]
        module_name, _ = spec.handler.rsplit(".", 1)
        name = f"estore_fn_{function_id}"
        module_spec = importlib.util.spec_from_file_location(name, spec.code_uri / f"{module_name}.py")
        if module_spec is None or module_spec.loader is None:
            raise ImportError(f"{function_id}: cannot load {spec.code_uri}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        _MODULES[function_id] = module
    return _MODULES[function_id]


def invoke(stack: Stack, function_id: str, event: Any) -> Any:
    """Calls a function's handler as Lambda would (the caller has set the function's environment)."""
    spec = stack.template.functions()[function_id]
    handler = getattr(function_module(stack, function_id), spec.handler.rsplit(".", 1)[1])
    return handler(event, LambdaContext(stack.function_name(function_id), timeout=spec.timeout))


def _answer(parsed: dict[str, Any]) -> tuple[AWSResponse, dict[str, Any]]:
    parsed.setdefault("ResponseMetadata", {"HTTPStatusCode": 200, "HTTPHeaders": {}})
    return AWSResponse("http://in-process", 200, {}, None), parsed


def _lambda_invoke(stack: Stack, enter: EnterFunction) -> Callable[..., Any]:
    def handle(params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        name = unquote(params["url_path"].split("/functions/", 1)[1].split("/", 1)[0])
        function_id = stack.function_id_for(name)
        if function_id is None:
            return _answer({"StatusCode": 404, "FunctionError": "Unhandled", "Payload": _body({"errorMessage": name})})
        body = params.get("body") or b"null"
        event = json.loads(body.decode() if isinstance(body, bytes) else body)
        enter(function_id)
        try:
            result = invoke(stack, function_id, event)
        except Exception as error:
            payload = {"errorMessage": str(error), "errorType": type(error).__name__, "stackTrace": []}
            return _answer({"StatusCode": 200, "FunctionError": "Unhandled", "Payload": _body(payload)})
        return _answer({"StatusCode": 200, "Payload": _body(result), "ExecutedVersion": "$LATEST"})

    return handle


def _start_sync_execution(params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
    """StartSyncExecution (`sync_execution`) through moto's own API; its polling is not counted as calls."""
    sfn = boto3.client("stepfunctions")

    actions = {
        "DescribeStateMachine": sfn.describe_state_machine,
        "StartExecution": sfn.start_execution,
        "DescribeExecution": sfn.describe_execution,
    }

    def call(action: str, payload: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = actions[action](**payload)
        return answer

    with emulating():
        answer = start_sync_execution(call, json.loads(params["body"]))
    answer.setdefault("stopDate", datetime.now(UTC))
    return _answer(answer)


def _body(value: Any) -> StreamingBody:
    raw = json.dumps(value).encode()
    return StreamingBody(io.BytesIO(raw), len(raw))


@contextmanager
def gaps_filled(stack: Stack, enter: EnterFunction) -> Iterator[None]:
    """Within this block, Lambda Invoke and StartSyncExecution work under mock_aws.

    `enter(function_id)` is called before each in-process invocation to give the function its
    environment (tests use monkeypatch; the caller decides how).
    """
    distributed_map.install()
    events = boto3._get_default_session().events
    invoke_handler = _lambda_invoke(stack, enter)
    events.register("before-call.lambda.Invoke", invoke_handler, unique_id="estore-invoke")
    events.register("before-call.sfn.StartSyncExecution", _start_sync_execution, unique_id="estore-sync")
    try:
        yield
    finally:
        events.unregister("before-call.lambda.Invoke", unique_id="estore-invoke")
        events.unregister("before-call.sfn.StartSyncExecution", unique_id="estore-sync")
