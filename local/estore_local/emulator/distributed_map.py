"""Fills three gaps in moto's Step Functions interpreter for a Distributed Map, following the ASL semantics:

- `ItemBatcher` (MaxItemsPerBatch, MaxInputBytesPerBatch, BatchInput) is not in moto's grammar at all: a
  definition using it is refused as invalid. Here the field is taken out before moto parses the definition
  and put back on the parsed Map state, whose item processor then receives one child input per batch:
  `{"Items": [...], "BatchInput": {...}}` (BatchInput's `.$` paths read the Map state's input).
- `ToleratedFailurePercentage` must be a decimal for moto's grammar (AWS takes `50` as well as `50.0`);
- `ToleratedFailureCount` / `ToleratedFailurePercentage` are parsed but never enforced: moto lets a map whose
  children failed succeed. Here a map run whose failed items exceed the threshold fails with
  `States.ExceedToleratedFailureThreshold` (a failed batch fails all its items, as in AWS).

Installed once per process (`install()`), for the in-process cloud and the moto server alike, so the same
definition runs locally and on AWS. Nothing else of moto's interpreter is replaced: ItemReader, the child
executions, retries and catches are moto's own.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

from moto.stepfunctions.parser.api import HistoryEventType, MapRunFailedEventDetails
from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
    FailureEvent,
    FailureEventException,
)
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import StatesErrorName
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import (
    StatesErrorNameType,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration.distributed_iteration_component import (
    DistributedIterationComponent,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_map.state_map import StateMap
from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails
from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser
from moto.stepfunctions.parser.asl.utils.json_path import extract_json

DEFAULT_MAX_INPUT_BYTES = 256 * 1024  # AWS's default and maximum for MaxInputBytesPerBatch
_MAP_CONFIG = "_estore_map_config"
_lock = threading.Lock()
_installed = False


def install() -> None:
    """Patches moto's parser and Distributed Map once per process (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        _patch_parser()
        _patch_map_run()
        _installed = True


# ---------------------------------------------------------------- parsing: keep ItemBatcher aside
def _map_states(states: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, state in states.items():
        if not isinstance(state, dict):
            continue
        if state.get("Type") == "Map":
            yield name, state
            processor = state.get("ItemProcessor") or state.get("Iterator") or {}
            yield from _map_states(processor.get("States") or {})
        for branch in state.get("Branches") or []:
            yield from _map_states(branch.get("States") or {})


def take_batchers(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Removes each Map state's ItemBatcher from the definition; {state name: {"batcher", "tolerates"}}
    where "tolerates" names the tolerance fields the state sets (unset ones do not count)."""
    found: dict[str, dict[str, Any]] = {}
    for name, state in _map_states(definition.get("States") or {}):
        if isinstance(state.get("ToleratedFailurePercentage"), int):
            # moto's grammar takes only a decimal here; AWS takes any number from 0 to 100.
            state["ToleratedFailurePercentage"] = float(state["ToleratedFailurePercentage"])
        tolerates = {field for field in _TOLERANCE_FIELDS if any(key.startswith(field) for key in state)}
        batcher = state.pop("ItemBatcher", None)
        if batcher is not None:
            if state.get("ItemSelector") is not None:
                raise ValueError(f"{name}: ItemSelector with ItemBatcher is not run by the local cloud yet")
            if not 1 <= int(batcher.get("MaxItemsPerBatch", 1)) <= 100_000_000:
                raise ValueError(f"{name}: MaxItemsPerBatch must be a positive number")
        found[name] = {"batcher": batcher, "tolerates": tolerates}
    return found


_TOLERANCE_FIELDS = ("ToleratedFailureCount", "ToleratedFailurePercentage")


def _patch_parser() -> None:
    original = AmazonStateLanguageParser.parse

    def parse(definition: str) -> Any:
        try:
            document = json.loads(definition)
        except ValueError:
            return original(definition)
        if not isinstance(document, dict) or not any(True for _ in _map_states(document.get("States") or {})):
            return original(definition)
        maps = take_batchers(document)
        program, tree = original(json.dumps(document))
        for state in _parsed_maps(program):
            if state.name in maps:
                setattr(state.iteration_component, _MAP_CONFIG, maps[state.name])
        return program, tree

    AmazonStateLanguageParser.parse = staticmethod(parse)  # type: ignore[method-assign]


def _parsed_maps(component: Any) -> Iterator[StateMap]:
    states = getattr(getattr(component, "states", None), "states", None) or {}
    for state in states.values():
        if isinstance(state, StateMap):
            yield state
            yield from _parsed_maps(state.iteration_component)
        for branch in getattr(getattr(state, "branches", None), "programs", None) or []:
            yield from _parsed_maps(branch)


# ---------------------------------------------------------------- running: batches and tolerance
def batches(items: list[Any], batcher: dict[str, Any], batch_input: Any) -> list[dict[str, Any]]:
    """Items grouped as the ItemBatcher says: at most MaxItemsPerBatch items and MaxInputBytesPerBatch bytes each."""
    max_items = int(batcher.get("MaxItemsPerBatch") or len(items) or 1)
    max_bytes = int(batcher.get("MaxInputBytesPerBatch") or DEFAULT_MAX_INPUT_BYTES)
    grouped: list[dict[str, Any]] = []
    current: list[Any] = []
    size = 0
    for item in items:
        item_size = len(json.dumps(item, separators=(",", ":")).encode())
        if current and (len(current) == max_items or size + item_size > max_bytes):
            grouped.append(_batch(current, batch_input))
            current, size = [], 0
        current.append(item)
        size += item_size
    if current:
        grouped.append(_batch(current, batch_input))
    return grouped


def _batch(items: list[Any], batch_input: Any) -> dict[str, Any]:
    return {"Items": items} if batch_input is None else {"BatchInput": batch_input, "Items": items}


def resolve_template(template: Any, state_input: Any, context: Any) -> Any:
    """A payload template (BatchInput): keys ending in `.$` take the value at their path."""
    if isinstance(template, dict):
        resolved = {}
        for key, value in template.items():
            if key.endswith(".$") and isinstance(value, str):
                source = context if value.startswith("$$") else state_input
                resolved[key[:-2]] = extract_json(value[1:] if value.startswith("$$") else value, source)
            else:
                resolved[key] = resolve_template(value, state_input, context)
        return resolved
    if isinstance(template, list):
        return [resolve_template(value, state_input, context) for value in template]
    return template


def exceeds_tolerance(failed: int, total: int, count: int | None, percentage: float | None) -> bool:
    """ASL: with neither threshold set, any failed item fails the map run; otherwise it fails when failed
    items exceed either threshold that is set."""
    if failed == 0:
        return False
    if count is None and percentage is None:
        return True
    over_count = count is not None and failed > count
    over_percentage = percentage is not None and total > 0 and failed * 100 > percentage * total
    return over_count or over_percentage


def _patch_map_run() -> None:
    original = DistributedIterationComponent._map_run

    def _map_run(self: DistributedIterationComponent, env: Any, eval_input: Any) -> None:
        config = getattr(self, _MAP_CONFIG, None) or {"batcher": None, "tolerates": set()}
        batcher = config["batcher"]
        items: list[Any] = env.stack.pop()
        jobs: list[Any] = items
        if batcher is not None:
            context = env.states.context_object.context_object_data
            batch_input = resolve_template(batcher.get("BatchInput"), env.states.get_input(), context)
            jobs = batches(items, batcher, batch_input)
        env.stack.append(jobs)
        original(self, env, eval_input)
        outputs = env.stack[-1]
        # moto's worker leaves a child's output None exactly when it failed (our tasks never return null).
        failed_jobs = [job for job, output in zip(jobs, outputs, strict=False) if output is None]
        failed = sum(len(job["Items"]) for job in failed_jobs) if batcher is not None else len(failed_jobs)
        tolerates = config["tolerates"]
        count = int(eval_input.tolerated_failure_count) if "ToleratedFailureCount" in tolerates else None
        percentage = (
            float(eval_input.tolerated_failure_percentage) if "ToleratedFailurePercentage" in tolerates else None
        )
        if exceeds_tolerance(failed, len(items), count, percentage):
            env.stack.pop()
            _fail(env, f"{failed} of {len(items)} items failed, more than the map tolerates")

    DistributedIterationComponent._map_run = _map_run  # type: ignore[method-assign]


def _fail(env: Any, cause: str) -> None:
    error_name = StatesErrorName(typ=StatesErrorNameType.StatesExceedToleratedFailureThreshold)
    raise FailureEventException(
        failure_event=FailureEvent(
            env=env,
            error_name=error_name,
            event_type=HistoryEventType.MapRunFailed,
            event_details=EventDetails(  # type: ignore[typeddict-item]  # moto's TypedDict lists every kind
                mapRunFailedEventDetails=MapRunFailedEventDetails(error=error_name.error_name, cause=cause)
            ),
        )
    )
