"""Asynchronous event sources from the template: S3 notifications and DynamoDB stream pollers.

S3 ObjectCreated events are raised by the AWS endpoint after a successful upload (moto does not
call our functions); streams are polled through moto's dynamodbstreams like Lambda's pollers do,
with the event source's FilterCriteria, partial batch failures and OnFailure destination honoured
(BisectBatchOnFunctionError is not: a failing batch is retried whole).
"""

import base64
import contextlib
import datetime
import fnmatch
import json
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, unquote

import boto3
from botocore.config import Config

from estore_local.event_filters import patterns_of, wanted
from estore_local.intrinsics import ACCOUNT_ID, REGION
from estore_local.moto_server import BACKGROUND_APP_ID
from estore_local.runner import Runner

READ_PAGE = 25  # stream records per GetRecords call (see StreamPoller._read)


@dataclass(frozen=True)
class S3Subscription:
    function_id: str
    bucket: str
    events: tuple[str, ...]
    prefix: str
    suffix: str

    def wants(self, bucket: str, key: str, event_name: str) -> bool:
        return (
            bucket == self.bucket
            and key.startswith(self.prefix)
            and key.endswith(self.suffix)
            and any(fnmatch.fnmatch(f"s3:{event_name}", pattern) for pattern in self.events)
        )


def s3_subscriptions(runner: Runner) -> list[S3Subscription]:
    found = []
    for function_id, spec in runner.stack.template.functions().items():
        for event in spec.events.values():
            if event.get("Type") != "S3":
                continue
            props = runner.stack.resolve(event.get("Properties") or {})
            events = props.get("Events") or []
            rules = ((props.get("Filter") or {}).get("S3Key") or {}).get("Rules") or []
            by_name = {str(r["Name"]).lower(): str(r["Value"]) for r in rules}
            found.append(
                S3Subscription(
                    function_id,
                    str(props["Bucket"]),
                    tuple([events] if isinstance(events, str) else events),
                    by_name.get("prefix", ""),
                    by_name.get("suffix", ""),
                )
            )
    return found


def s3_event(bucket: str, key: str, event_name: str, size: int, etag: str) -> dict[str, Any]:
    now = datetime.datetime.now(datetime.UTC)
    return {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": REGION,
                "eventTime": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                "eventName": event_name,
                "userIdentity": {"principalId": "AWS:LOCAL"},
                "requestParameters": {"sourceIPAddress": "127.0.0.1"},
                "responseElements": {"x-amz-request-id": uuid.uuid4().hex[:16].upper(), "x-amz-id-2": "local"},
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "local",
                    "bucket": {
                        "name": bucket,
                        "ownerIdentity": {"principalId": "LOCAL"},
                        "arn": f"arn:aws:s3:::{bucket}",
                    },
                    "object": {
                        "key": quote_plus(key, safe="/"),
                        "size": size,
                        "eTag": etag.strip('"'),
                        "sequencer": f"{time.time_ns():X}",
                    },
                },
            }
        ]
    }


def created_object(environ: dict[str, Any], body: bytes, status: int) -> tuple[str, str, str] | None:
    """(bucket, key, event name) when this successful request created an object (path-style)."""
    if status >= 300:
        return None
    method, query = environ["REQUEST_METHOD"], environ.get("QUERY_STRING", "")
    parts = unquote(environ.get("PATH_INFO", "")).lstrip("/").split("/", 1)
    bucket = parts[0]
    key = parts[1] if len(parts) > 1 else ""
    if method == "PUT" and key and _is_object_write(query):
        kind = "Copy" if environ.get("HTTP_X_AMZ_COPY_SOURCE") else "Put"
        return bucket, key, f"ObjectCreated:{kind}"
    if method == "POST" and key and "uploadId=" in query:
        return bucket, key, "ObjectCreated:CompleteMultipartUpload"
    if method == "POST" and not key and environ.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        form_key = _form_key(environ, body)
        return (bucket, form_key, "ObjectCreated:Post") if form_key else None
    return None


def _is_object_write(query: str) -> bool:
    # PutObject/CopyObject carry no subresource (?acl, ?tagging, ?partNumber=... are other calls).
    return {pair.split("=", 1)[0] for pair in query.split("&") if pair} <= {"x-id"}


def _form_key(environ: dict[str, Any], body: bytes) -> str | None:
    """The object key of a presigned POST upload (`${filename}` filled in like S3)."""
    import io

    from werkzeug.formparser import parse_form_data

    form_environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
    _, form, files = parse_form_data(form_environ)
    key = form.get("key")
    if key is None:
        return None
    upload = files.get("file")
    return str(key).replace("${filename}", upload.filename if upload and upload.filename else "")


def object_facts(bucket: str, key: str) -> tuple[int, str]:
    from moto.s3.models import s3_backends

    found = s3_backends[ACCOUNT_ID]["aws"].get_object(bucket, key)
    return (found.size, found.etag) if found else (0, "")


class StreamPoller:
    """Polls one DynamoDB stream for one function, invoking it with batches as Lambda's poller does."""

    def __init__(
        self, runner: Runner, function_id: str, stream_arn: str, props: dict[str, Any], streams: Any = None
    ) -> None:
        self.runner, self.function_id, self.stream_arn = runner, function_id, stream_arn
        self.batch_size = int(props.get("BatchSize", 100))
        attempts = int(props.get("MaximumRetryAttempts", 2))
        self.retries = 5 if attempts < 0 else min(attempts, 5)  # "forever" is five times locally
        self.report_failures = "ReportBatchItemFailures" in (props.get("FunctionResponseTypes") or [])
        self.patterns = patterns_of(props)  # FilterCriteria: Lambda drops unmatched records before invoking
        on_failure = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
        self.on_failure = str(on_failure) if on_failure else None
        self.backoff_s = 0.1  # grows with each retry of a failing batch, as Lambda backs off
        self._stop = threading.Event()
        # Lambda's poller reads the stream inside AWS; the local cloud's reads moto's in this process when it can.
        self._client: Any = streams or self._aws("dynamodbstreams")

    def _aws(self, service: str) -> Any:
        # Short timeouts: a call that hangs shows up as a failed poll within seconds, not a silent stall.
        return boto3.client(
            service,
            config=Config(
                connect_timeout=2,
                read_timeout=10,
                retries={"mode": "standard", "max_attempts": 2},
                user_agent_appid=BACKGROUND_APP_ID,  # Lambda's poller: a background caller (ApiFirstLock)
            ),
            endpoint_url=self.runner.aws_endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - moto accepts any credentials
        )

    def start(self) -> None:
        threading.Thread(target=self._run, name=f"stream-{self.function_id}", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        iterators: dict[str, str] = {}
        while not self._stop.wait(0.5):
            try:
                shards = self._client.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
                for shard in shards:
                    shard_id = shard["ShardId"]
                    if shard_id not in iterators:
                        iterators[shard_id] = self._client.get_shard_iterator(
                            StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
                        )["ShardIterator"]
                    raw, iterators[shard_id] = self._read(iterators[shard_id])
                    records = [_jsonable(r) for r in raw]
                    records = [r for r in records if wanted(self.patterns, r)]
                    if records:
                        self._deliver(shard_id, records)
            except Exception as exc:  # the table may be gone (tests delete it); keep polling
                print(f"[{self.function_id}] stream poll failed: {exc}", file=sys.stderr, flush=True)
                iterators.clear()
                self._stop.wait(2)

    def _read(self, iterator: str) -> tuple[list[dict[str, Any]], str]:
        """Up to a batch of records, read READ_PAGE at a time: moto renders a page under the one lock every
        call waits on (150 ms for 100 records with their images under load, 2 s at worst), so short pages
        let the API's calls in between (estore_local.moto_server.ApiFirstLock)."""
        records: list[dict[str, Any]] = []
        while len(records) < self.batch_size:
            limit = min(READ_PAGE, self.batch_size - len(records))
            page = self._client.get_records(ShardIterator=iterator, Limit=limit)
            iterator = page.get("NextShardIterator") or iterator
            records += page["Records"]
            if len(page["Records"]) < limit:
                break
        return records, iterator

    def _deliver(self, shard_id: str, records: list[dict[str, Any]]) -> None:
        """Invokes with the batch; a reported failure is retried from that record on, as Lambda does."""
        batch = [{**r, "eventSourceARN": self.stream_arn} for r in records]
        for attempt in range(self.retries + 1):
            result = self.runner.invoke(self.function_id, {"Records": batch})
            failures = (result.payload or {}).get("batchItemFailures") if isinstance(result.payload, dict) else None
            if not result.error and not (self.report_failures and failures):
                return
            if not result.error and failures:
                # Lambda checkpoints before the lowest failed sequence number and retries from there.
                failed = {str(f.get("itemIdentifier")) for f in failures}
                first = next((i for i, r in enumerate(batch) if r["dynamodb"].get("SequenceNumber") in failed), 0)
                batch = batch[first:]
            print(f"[{self.function_id}] stream batch attempt {attempt + 1} failed", file=sys.stderr, flush=True)
            if self._stop.wait(self.backoff_s * (attempt + 1)):
                return
        print(f"[{self.function_id}] stream batch dropped after retries", file=sys.stderr, flush=True)
        self._send_to_on_failure(shard_id, batch, self.retries + 1)

    def _send_to_on_failure(self, shard_id: str, batch: list[dict[str, Any]], attempts: int) -> None:
        """Lambda's OnFailure record for a stream batch: where the records are, not the records."""
        if not self.on_failure or not self.on_failure.startswith("arn:aws:sqs:"):
            return
        first, last = batch[0]["dynamodb"], batch[-1]["dynamodb"]
        message = {
            "requestContext": {
                "requestId": str(uuid.uuid4()),
                "functionArn": self.runner.stack.attr(self.function_id, "Arn"),
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": attempts,
            },
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "version": "1.0",
            "timestamp": datetime.datetime.now(datetime.UTC).isoformat(),
            "DDBStreamBatchInfo": {
                "shardId": shard_id,
                "startSequenceNumber": first.get("SequenceNumber"),
                "endSequenceNumber": last.get("SequenceNumber"),
                "approximateArrivalOfFirstRecord": first.get("ApproximateCreationDateTime"),
                "approximateArrivalOfLastRecord": last.get("ApproximateCreationDateTime"),
                "batchSize": len(batch),
                "streamArn": self.stream_arn,
            },
        }
        try:
            sqs = self._aws("sqs")
            url = sqs.get_queue_url(QueueName=self.on_failure.rsplit(":", 1)[-1])["QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody=json.dumps(message))
        except Exception as exc:  # the batch is lost either way; say so
            print(f"[{self.function_id}] OnFailure destination unreachable: {exc}", file=sys.stderr, flush=True)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return json.loads(json.dumps(value, default=str)) if not isinstance(value, str | int | float | bool) else value


class MotoStreams:
    """The poller's three dynamodbstreams calls, answered from moto's backend in this process (under the one
    lock, as a background caller). Over HTTP moto rendered every record of the table's stream, with its images,
    through its response serializer under that lock: the largest share of the lock's time during a bulk import
    (docs/imports.md), for records the publisher's filter then dropped."""

    def __init__(self, lock: Any) -> None:
        self._lock = lock

    def _backend(self) -> Any:
        from moto.dynamodbstreams.models import dynamodbstreams_backends

        return dynamodbstreams_backends[ACCOUNT_ID][REGION]

    def describe_stream(self, StreamArn: str) -> dict[str, Any]:
        with self._locked():
            return {"StreamDescription": self._backend().describe_stream(StreamArn)}

    def get_shard_iterator(self, StreamArn: str, ShardId: str, ShardIteratorType: str) -> dict[str, Any]:
        with self._locked():
            iterator = self._backend().get_shard_iterator(StreamArn, ShardId, ShardIteratorType, None)
            return {"ShardIterator": iterator.arn}

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        with self._locked():
            answer: dict[str, Any] = self._backend().get_records(ShardIterator, Limit)
            return answer

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self._lock.acquire(background=True)
        try:
            yield
        finally:
            self._lock.release()


def start_stream_pollers(runner: Runner, moto_lock: Any = None) -> list[StreamPoller]:
    """One poller per DynamoDB event source; with `moto_lock` (moto served in this process) they read moto's
    streams directly."""
    pollers = []
    for function_id, spec in runner.stack.template.functions().items():
        for event in spec.events.values():
            if event.get("Type") == "DynamoDB":
                props = runner.stack.resolve(event.get("Properties") or {})
                streams = MotoStreams(moto_lock) if moto_lock is not None else None
                poller = StreamPoller(runner, function_id, str(props["Stream"]), props, streams)
                poller.start()
                pollers.append(poller)
    return pollers
