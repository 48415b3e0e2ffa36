"""The local cloud applies the publisher's FilterCriteria as Lambda does: only outbox inserts get through."""

import json
from pathlib import Path

import pytest

from estore_local.emulator.event_filters import matches, patterns_of, wanted
from estore_local.emulator.template import load_template

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "publisher.json"


def publisher_patterns() -> list[dict]:
    [source] = load_template().functions()["StreamPublisherFunction"].events.values()
    return patterns_of(source["Properties"])


def outbox_insert() -> dict:
    return json.loads(SAMPLE.read_text())["Records"][0]


def test_the_templates_filter_lets_an_outbox_insert_through() -> None:
    assert wanted(publisher_patterns(), outbox_insert())


@pytest.mark.parametrize("event_name", ["MODIFY", "REMOVE"])
def test_the_templates_filter_stops_other_changes_of_outbox_items(event_name: str) -> None:
    assert not wanted(publisher_patterns(), {**outbox_insert(), "eventName": event_name})


def test_the_templates_filter_stops_inserts_of_other_items() -> None:
    record = outbox_insert()
    record["dynamodb"]["NewImage"]["type"] = {"S": "PRODUCT"}
    assert not wanted(publisher_patterns(), record)
    del record["dynamodb"]["NewImage"]["type"]
    assert not wanted(publisher_patterns(), record)


def test_no_filter_lets_everything_through() -> None:
    assert wanted(patterns_of({}), {"anything": 1})


@pytest.mark.parametrize(
    ("pattern", "event", "expected"),
    [
        ({"a": [{"prefix": "OUT"}]}, {"a": "OUTBOX#1"}, True),
        ({"a": [{"prefix": "OUT"}]}, {"a": "PRODUCT#1"}, False),
        ({"a": [{"exists": False}]}, {}, True),
        ({"a": [{"exists": True}]}, {}, False),
        ({"a": [{"anything-but": ["x"]}]}, {"a": "y"}, True),
        ({"a": [{"anything-but": ["x"]}]}, {"a": "x"}, False),
        ({"a": [{"numeric": [">", 0, "<=", 5]}]}, {"a": 5}, True),
        ({"a": [{"numeric": [">", 0, "<=", 5]}]}, {"a": 6}, False),
        ({"a": ["x"]}, {"a": ["w", "x"]}, True),
        ({"a": {"b": ["x"]}}, {"a": "x"}, False),
    ],
)
def test_pattern_operators(pattern: dict, event: dict, expected: bool) -> None:
    assert matches(pattern, event) is expected


def test_an_operator_the_local_cloud_does_not_know_fails_loudly() -> None:
    with pytest.raises(ValueError, match="not supported"):
        patterns_of({"FilterCriteria": {"Filters": [{"Pattern": '{"a": [{"wildcard": "x*"}]}'}]}})
