"""The local cloud's stream poller retries a partly failed batch from its first failed record, as Lambda
does, and finally writes the OnFailure record to the publisher's dead-letter queue."""

import json
from dataclasses import dataclass, field
from typing import Any

from estore_local.emulator.runner import Invocation
from estore_local.emulator.stack import Stack
from estore_local.emulator.triggers import StreamPoller
from tests.integration.conftest import Cloud

PUBLISHER = "StreamPublisherFunction"


@dataclass
class FailingRunner:
    """Stands in for the local Lambda runner: the function always reports record '2' as failed."""

    stack: Stack
    aws_endpoint: str | None = None
    batches: list[list[str]] = field(default_factory=list)

    def invoke(self, function_id: str, event: dict[str, Any]) -> Invocation:
        self.batches.append([record["dynamodb"]["SequenceNumber"] for record in event["Records"]])
        return Invocation("req", {"batchItemFailures": [{"itemIdentifier": "2"}]}, False, 1.0)


def stream_record(sequence: str) -> dict[str, Any]:
    return {
        "eventName": "INSERT",
        "dynamodb": {
            "SequenceNumber": sequence,
            "ApproximateCreationDateTime": 1795608000,
            "NewImage": {"type": {"S": "OUTBOX"}},
        },
    }


def test_a_batch_failing_every_retry_is_retried_from_the_failed_record_then_goes_to_the_dlq(cloud: Cloud) -> None:
    # Given the publisher's event source, as the local cloud reads it from the template
    [source] = cloud.template.functions()[PUBLISHER].events.values()
    props = cloud.stack.resolve(source["Properties"])
    runner = FailingRunner(cloud.stack)
    poller = StreamPoller(runner, PUBLISHER, "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/x", props)
    poller.backoff_s = 0
    # When a batch of three records keeps failing on the second one
    poller._deliver("shard-1", [stream_record("1"), stream_record("2"), stream_record("3")])
    # Then the first attempt had all three, every retry started at the failed record
    assert runner.batches[0] == ["1", "2", "3"]
    assert runner.batches[1:] == [["2", "3"]] * props["MaximumRetryAttempts"]
    # And the OnFailure record names the shard and the sequence range that was given up on
    sqs = cloud.stack_client("sqs")
    url = cloud.stack.attr("StreamPublisherDeadLetterQueue", "QueueUrl")
    [message] = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    info = json.loads(message["Body"])["DDBStreamBatchInfo"]
    assert (info["shardId"], info["startSequenceNumber"], info["endSequenceNumber"], info["batchSize"]) == (
        "shard-1",
        "2",
        "3",
        2,
    )
