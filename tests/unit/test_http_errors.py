import pytest

from estore.domain.validation import field_name, validation_details
from estore.http import correlation_id


@pytest.mark.parametrize(
    ("location", "field"),
    [
        (("body", "offer", "price", "amount"), "offer.price.amount"),
        (("body", "storeName"), "storeName"),
        (("body",), "body"),
        (("body", 1), "body"),
        (("query", "limit"), "limit"),
        (("body", "files", 0, "size"), "files.0.size"),
    ],
)
def test_validation_locations_become_dotted_field_names(location, field):
    assert field_name(location) == field


def test_malformed_json_is_reported_on_the_body():
    details = validation_details([{"type": "json_invalid", "loc": ("body", 1), "msg": "JSON decode error"}])
    assert details == [{"field": "body", "message": "is not valid JSON"}]


def test_correlation_id_prefers_the_clients_header():
    event = {"headers": {"X-Correlation-Id": "c-1"}, "requestContext": {"requestId": "r-1"}}
    assert correlation_id(event) == "c-1"
    assert correlation_id({"requestContext": {"requestId": "r-1"}}) == "r-1"
