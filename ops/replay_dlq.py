"""Replays a dead-letter queue into the function that gave up on its messages, then deletes what was replayed.

    make replay-dlq QUEUE=SearchIndexerDeadLetterQueue [STACK=estore-dev] [DRY_RUN=1]

Safe to run twice: every consumer is idempotent (the indexer recomputes, the ingest re-decides an image,
the publisher's events carry their eventId and consumers dedupe). Each kind of dead letter is replayed the
way it was made:
- an asynchronous invocation's or a bus rule target's dead letter holds the event itself: the function is
  invoked again with it (asynchronously, as the first time);
- a stream's on-failure record holds where the records were (shard and sequence numbers): they are read
  again from the stream (kept 24 hours) and handed to the function synchronously, which must report no
  failed record for the message to be deleted.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import Any

import boto3

# Which function each of the template's dead-letter queues belongs to.
QUEUES = {
    "IngestImageDeadLetterQueue": "IngestImageFunction",
    "RecommendationsDeadLetterQueue": "RecommendationsRecorderFunction",
    "SearchIndexerDeadLetterQueue": "SearchIndexerFunction",
    "StartImportDeadLetterQueue": "StartImportFunction",
    "StreamPublisherDeadLetterQueue": "StreamPublisherFunction",
}


@dataclass
class Outcome:
    replayed: int = 0
    failed: int = 0


def stream_records(streams: Any, batch: dict[str, Any]) -> list[dict[str, Any]]:
    """The records a stream on-failure message points at, read again from the stream."""
    iterator = streams.get_shard_iterator(
        StreamArn=batch["streamArn"],
        ShardId=batch["shardId"],
        ShardIteratorType="AT_SEQUENCE_NUMBER",
        SequenceNumber=batch["startSequenceNumber"],
    )["ShardIterator"]
    end, records = int(batch["endSequenceNumber"]), []
    while iterator:
        page = streams.get_records(ShardIterator=iterator, Limit=100)
        for record in page["Records"]:
            if int(record["dynamodb"]["SequenceNumber"]) > end:
                return records
            records.append({**record, "eventSourceARN": batch["streamArn"]})
        if not page["Records"]:
            break
        iterator = page.get("NextShardIterator")
    return records


def replay_one(body: dict[str, Any], function_name: str, clients: dict[str, Any]) -> bool:
    """Hands one dead letter back to its function; True when the function took it."""
    batch = body.get("DDBStreamBatchInfo")
    if batch is None:
        answer = clients["lambda"].invoke(FunctionName=function_name, InvocationType="Event", Payload=json.dumps(body))
        return int(answer["StatusCode"]) in (200, 202) and "FunctionError" not in answer
    records = stream_records(clients["dynamodbstreams"], batch)
    answer = clients["lambda"].invoke(FunctionName=function_name, Payload=json.dumps({"Records": records}))
    result = json.loads(answer["Payload"].read() or b"{}")
    return "FunctionError" not in answer and not (result or {}).get("batchItemFailures")


def replay(queue_url: str, function_name: str, *, dry_run: bool = False, region: str | None = None) -> Outcome:
    clients = {name: boto3.client(name, region_name=region) for name in ("sqs", "lambda", "dynamodbstreams")}
    sqs, outcome = clients["sqs"], Outcome()
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=60).get(
            "Messages", []
        )
        if not messages:
            return outcome
        for message in messages:
            body = json.loads(message["Body"])
            if dry_run:
                print(json.dumps(body)[:300])
                outcome.replayed += 1
                continue
            if replay_one(body, function_name, clients):
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
                outcome.replayed += 1
            else:
                outcome.failed += 1  # stays in the queue, visible again after the timeout
        if dry_run or outcome.failed:
            return outcome


def resolve(stack: str, queue: str, region: str | None) -> tuple[str, str]:
    """(queue URL, function name) of a template queue in a deployed stack."""
    cfn = boto3.client("cloudformation", region_name=region)

    def physical(logical_id: str) -> str:
        found = cfn.describe_stack_resource(StackName=stack, LogicalResourceId=logical_id)
        return str(found["StackResourceDetail"]["PhysicalResourceId"])

    return physical(queue), physical(QUEUES[queue])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Replay a dead-letter queue into its function.")
    parser.add_argument("--queue", required=True, help=f"one of {', '.join(QUEUES)}, or a queue URL with --function")
    parser.add_argument("--stack", help="the deployed stack (to find the queue and function)")
    parser.add_argument("--function", help="the function's name, when --queue is a URL")
    parser.add_argument("--region")
    parser.add_argument("--dry-run", action="store_true", help="print the messages, replay nothing")
    args = parser.parse_args(argv)
    if args.queue.startswith(("http://", "https://")):
        if not args.function:
            parser.error("a queue URL needs --function")
        queue_url, function_name = args.queue, args.function
    elif args.queue in QUEUES and args.stack:
        queue_url, function_name = resolve(args.stack, args.queue, args.region)
    else:
        parser.error(f"--queue must be a queue URL or one of {', '.join(QUEUES)} with --stack")
    outcome = replay(queue_url, function_name, dry_run=args.dry_run, region=args.region)
    verb = "would replay" if args.dry_run else "replayed"
    print(f"{verb} {outcome.replayed} message(s); {outcome.failed} failed and stay in the queue")
    return 1 if outcome.failed else 0


if __name__ == "__main__":
    sys.exit(main())
