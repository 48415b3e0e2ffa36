"""`invoke`: one function, one event, like `sam local invoke` without Docker."""

import sys
from pathlib import Path
from typing import Any

import httpx

from estore_local.emulator.runner import Invocation, Runner
from estore_local.emulator.stack import Stack
from estore_local.emulator.template import Template


def _running_stack(state_dir: Path, template: Template) -> Stack | None:
    """The running local cloud's stack, if it is there and answers (and runs this template)."""
    try:
        stack = Stack.load(state_dir)
        httpx.get(stack.outputs["AwsEndpointUrl"], timeout=1)
    except (OSError, KeyError, ValueError, httpx.HTTPError):
        return None
    return stack if stack.template.path == template.path else None


def invoke_once(template: Template, function_id: str, event: Any, state_dir: Path) -> Invocation:
    if function_id not in template.functions():
        raise SystemExit(f"{function_id} is not a function of {template.path}")
    stack = _running_stack(state_dir, template)
    if stack is not None:
        runner = Runner(stack, stack.outputs["AwsEndpointUrl"])
        try:
            return runner.invoke(function_id, event)
        finally:
            runner.close()
    from estore_local.emulator.cloud import AwsCloud

    print("No local cloud running: starting a throwaway one.", file=sys.stderr)
    cloud = AwsCloud(template, 0)
    cloud.start()
    assert cloud.runner is not None
    try:
        return cloud.runner.invoke(function_id, event)
    finally:
        cloud.stop()
