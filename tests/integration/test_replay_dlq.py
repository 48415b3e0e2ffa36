"""make replay-dlq: a dead-lettered event goes back to its function, which takes it, and leaves the queue."""

from __future__ import annotations

import json

from estore_local.emulator.harness import Cloud, User
from ops.replay_dlq import main
from tests.integration.search_support import Bus, as_bus_event, create, found_ids, search


def test_given_an_indexer_event_in_its_dead_letter_queue_when_replayed_then_indexed_and_the_queue_is_empty(
    cloud: Cloud, bus: Bus, seller: User
) -> None:
    # Given a product whose OfferChanged (created) event the indexer gave up on (it sits in the indexer's DLQ)
    product = create(cloud, seller, "Millennium Falcon Replayed")
    (created,) = [item for item in bus.pending() if item["detailType"] == "OfferChanged"]
    sqs, queue_url = cloud.stack_client("sqs"), cloud.stack.ref("SearchIndexerDeadLetterQueue")
    sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(as_bus_event(created)))
    assert found_ids(search(cloud, q="Falcon Replayed")) == []

    # When the queue is replayed into the indexer
    function_name = cloud.stack.function_name("SearchIndexerFunction")
    status = main(["--queue", queue_url, "--function", function_name])

    # Then the product is searchable and the dead letter is gone
    assert status == 0
    assert found_ids(search(cloud, q="Falcon Replayed")) == [product["id"]]
    assert sqs.receive_message(QueueUrl=queue_url).get("Messages", []) == []


def test_given_a_dry_run_then_nothing_is_replayed_or_deleted(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given one dead letter
    create(cloud, seller, "Dry Run Castle")
    (created,) = [item for item in bus.pending() if item["detailType"] == "OfferChanged"]
    sqs, queue_url = cloud.stack_client("sqs"), cloud.stack.ref("SearchIndexerDeadLetterQueue")
    sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(as_bus_event(created)))

    # When replayed as a dry run
    status = main(["--queue", queue_url, "--function", "unused", "--dry-run"])

    # Then the message is still there, once visible again, and nothing was indexed
    assert status == 0
    assert found_ids(search(cloud, q="Dry Run Castle")) == []
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
    assert attributes["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "1"
