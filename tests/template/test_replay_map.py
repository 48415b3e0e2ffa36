"""`make replay-dlq` knows every dead-letter queue of the template and the function that gave up on it."""

from __future__ import annotations

import pytest

from estore_local.emulator.template import load_template
from ops.replay_dlq import QUEUES

pytestmark = pytest.mark.template


def test_every_dead_letter_queue_of_the_template_can_be_replayed_into_an_existing_function() -> None:
    template = load_template()
    queues = {
        logical_id
        for logical_id, resource in template.resources.items()
        if resource.get("Type") == "AWS::SQS::Queue" and logical_id.endswith("DeadLetterQueue")
    }
    assert queues == set(QUEUES)
    for function_id in QUEUES.values():
        assert template.resources[function_id]["Type"] == "AWS::Serverless::Function"
