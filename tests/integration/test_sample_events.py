"""Every function ships a sample event in events/ (used by `make invoke`), and the samples still work."""

import json
from pathlib import Path

import pytest

from estore_local.emulator.template import ROOT, load_template

TEMPLATE = load_template()
EVENTS = ROOT / "events"


def sample_for(code_uri: Path) -> Path:
    return EVENTS / f"{code_uri.name}.json"


@pytest.mark.parametrize("function_id", sorted(TEMPLATE.functions()))
def test_every_function_has_a_sample_event(function_id):
    spec = TEMPLATE.functions()[function_id]
    sample = sample_for(spec.code_uri)
    assert sample.is_file(), f"{function_id} has no {sample.relative_to(ROOT)}"
    event = json.loads(sample.read_text())
    routes = [f"{route.method} {route.path}" for route in TEMPLATE.http_routes() if route.function_id == function_id]
    if routes:
        assert event["routeKey"] in routes


@pytest.mark.parametrize("function_id", ["HealthFunction", "MeFunction", "GetSellerFunction"])
def test_read_only_samples_run_through_their_handler(cloud, function_id):
    event = json.loads(sample_for(TEMPLATE.functions()[function_id].code_uri).read_text())
    answer = cloud.invoke(function_id, event)
    assert answer.status < 500
    assert answer.headers["X-Request-Id"] == event["requestContext"]["requestId"]
