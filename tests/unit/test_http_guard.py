"""The guarded body path and the strict request models: every malformed input is a 4xx, never a crash."""

import base64
import json
import unicodedata

import pytest
from pydantic import ValidationError

from estore.domain.catalog import NewProduct, OfferChanges
from estore.domain.images import FileToUpload
from estore.domain.ledger import AdminCredit, TransferRequest
from estore.domain.money import Money
from estore.domain.orders import Checkout
from estore.errors import DomainError, ValidationFailed, json_safe
from estore.http import guarded
from estore.http_guard import (
    MAX_BODY_BYTES,
    MAX_JSON_DEPTH,
    guard_body,
    guard_path_ids,
    is_json_media_type,
    json_depth,
)

SHA = "a" * 64


def event(body, content_type="application/json", base64_encoded=False, path_parameters=None):
    headers = {"content-type": content_type} if content_type is not None else {}
    return {
        "body": body,
        "headers": headers,
        "isBase64Encoded": base64_encoded,
        "pathParameters": path_parameters,
        "requestContext": {"requestId": "r-1"},
    }


def refusal(evt):
    with pytest.raises(DomainError) as caught:
        guard_body(evt)
    return caught.value


# ---------------------------------------------------------------- media type
@pytest.mark.parametrize(
    "content_type",
    ["application/json", "APPLICATION/JSON", "Application/Json; charset=UTF-8", "application/problem+json", ""],
)
def test_json_media_types_are_accepted_whatever_their_case_and_suffix(content_type):
    evt = event('{"a": 1}', content_type or None)
    guard_body(evt)
    assert evt["headers"] == {"content-type": "application/json"}


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/+json", "multipart/form-data"]
)
def test_other_media_types_are_415(content_type):
    assert (refusal(event('{"a": 1}', content_type)).status, is_json_media_type(content_type)) == (415, False)


def test_a_utf16_charset_is_415_even_for_json():
    body = base64.b64encode('{"a": 1}'.encode("utf-16")).decode()
    error = refusal(event(body, "application/json; charset=utf-16", base64_encoded=True))
    assert (error.status, error.code) == (415, "UNSUPPORTED_MEDIA_TYPE")


def test_a_stray_content_type_without_a_body_is_dropped_so_the_resolver_never_answers_415():
    evt = event(None, "text/plain")
    guard_body(evt)
    assert evt["headers"] == {}


# ---------------------------------------------------------------- bytes
def test_invalid_utf8_is_400():
    body = base64.b64encode(b'{"title": "\xff\xfe"}').decode()
    error = refusal(event(body, base64_encoded=True))
    assert (error.status, error.code) == (400, "MALFORMED_BODY")


def test_bad_base64_is_400():
    assert refusal(event("!!!not base64!!!", base64_encoded=True)).status == 400


def test_a_body_over_6_mb_is_413_and_one_at_the_limit_is_read():
    at_limit = '"' + "x" * (MAX_BODY_BYTES - 2) + '"'
    guard_body(event(at_limit))
    error = refusal(event(at_limit + " "))
    assert (error.status, error.code) == (413, "PAYLOAD_TOO_LARGE")


def test_a_base64_body_decodes_to_utf8_text_for_the_resolver():
    evt = event(base64.b64encode('{"title": "Légo"}'.encode()).decode(), base64_encoded=True)
    guard_body(evt)
    assert (json.loads(evt["body"]), evt["isBase64Encoded"]) == ({"title": "Légo"}, False)


# ---------------------------------------------------------------- JSON
def test_json_nested_100000_deep_is_400_without_recursion():
    error = refusal(event("[" * 100_000 + "]" * 100_000))
    assert (error.status, error.code) == (400, "MALFORMED_BODY")


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth('{"a": "[[[[{{{{", "b": [1, [2]]}') == 3


def test_json_at_the_depth_limit_is_read():
    guard_body(event("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH))
    assert refusal(event("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1))).status == 400


@pytest.mark.parametrize("body", ['{"a": ', '{"a": NaN}', '{"a": Infinity}', "{'a': 1}"])
def test_malformed_json_is_the_422_on_the_body(body):
    error = refusal(event(body))
    assert isinstance(error, ValidationFailed)
    assert error.details == [{"field": "body", "message": "is not valid JSON"}]


def test_a_lone_surrogate_escape_is_400_but_a_pair_is_an_emoji():
    guard_body(event('{"title": "\\ud83d\\ude00"}'))
    assert refusal(event('{"title": "\\ud800"}')).status == 400


def test_a_refusal_comes_out_in_the_one_error_shape():
    answer = guarded(event("[" * 1000 + "]" * 1000), "r-1")
    assert answer is not None
    assert answer["statusCode"] == 400
    body = json.loads(answer["body"])
    assert set(body) == {"error", "requestId"}
    assert body["error"]["code"] == "MALFORMED_BODY"


# ---------------------------------------------------------------- path ids
@pytest.mark.parametrize("value", ["01JC2ZK5R8", "0b6f-4c1e_9a", "lego-star-wars", "x" * 64])
def test_ids_and_slugs_pass_the_path_check(value):
    guard_path_ids({"pathParameters": {"productId": value}})


@pytest.mark.parametrize("value", ["x" * 65, "x" * 2000, "a b", "a\n", "a/b", "é", "", "a%0A"])
def test_anything_else_in_a_path_id_is_422_naming_the_parameter(value):
    with pytest.raises(ValidationFailed) as caught:
        guard_path_ids({"pathParameters": {"productId": value}})
    assert caught.value.details[0]["field"] == "productId"


# ---------------------------------------------------------------- strict models
@pytest.mark.parametrize("size", ["1", True, 1.0])
def test_an_upload_size_must_be_a_real_integer(size):
    with pytest.raises(ValidationError):
        FileToUpload.model_validate({"filename": "a.png", "contentType": "image/png", "size": size, "sha256": SHA})


def product(**offer_fields):
    offer = {"price": {"amount": 100, "currency": "USD"}, "stock": 1, **offer_fields}
    return {"title": "LEGO", "brand": "LEGO", "category": "Toys", "offer": offer}


@pytest.mark.parametrize("stock", ["1", True, 1.0])
def test_stock_is_not_coerced(stock):
    with pytest.raises(ValidationError):
        NewProduct.model_validate(product(stock=stock))


def test_an_unknown_field_inside_money_is_refused():
    with pytest.raises(ValidationError) as caught:
        NewProduct.model_validate(product(price={"amount": 100, "currency": "USD", "discount": 99}))
    assert caught.value.errors()[0]["loc"] == ("offer", "price", "discount")
    with pytest.raises(ValidationError):
        Checkout.model_validate({"expectedTotal": {"amount": 1, "currency": "USD", "x": 1}})


@pytest.mark.parametrize("amount", [0, -1])
def test_a_price_change_below_one_minor_unit_is_refused(amount):
    with pytest.raises(ValidationError):
        OfferChanges.model_validate({"price": {"amount": amount, "currency": "USD"}})
    assert OfferChanges.model_validate({"price": {"amount": 1, "currency": "USD"}}).price == Money(
        amount=1, currency="USD"
    )


@pytest.mark.parametrize("bad", ["\x00", "\u202e", "\u2066", "\x1b[31m", "\ufeff", "\u2028", "\ud800", "\x7f"])
def test_text_fields_refuse_control_and_invisible_characters(bad):
    with pytest.raises(ValidationError):
        NewProduct.model_validate({**product(), "title": f"LEGO{bad}Set"})
    with pytest.raises(ValidationError):
        NewProduct.model_validate({**product(), "brand": f"LE{bad}GO"})
    with pytest.raises(ValidationError):
        AdminCredit.model_validate({"amount": {"amount": 1, "currency": "USD"}, "reason": f"good{bad}will"})


def test_text_is_stored_in_nfc_and_multi_line_keeps_its_lines():
    decomposed = unicodedata.normalize("NFD", "Légo Café")
    made = NewProduct.model_validate({**product(), "title": decomposed, "description": "one\nтwo 👨‍👩‍👧"})
    assert made.title == unicodedata.normalize("NFC", "Légo Café")
    assert unicodedata.is_normalized("NFC", made.title)
    assert made.description == "one\nтwo 👨‍👩‍👧"


def test_a_body_id_is_checked_like_a_path_id():
    with pytest.raises(ValidationError):
        TransferRequest.model_validate({"toUserId": "x" * 2000, "amount": {"amount": 1, "currency": "USD"}})


# ---------------------------------------------------------------- error details
def test_error_details_are_made_json_safe_where_the_error_is_made():
    error = DomainError("x", details=[{"expectedTotal": Money(amount=5, currency="EUR"), "ids": {"a"}}])
    assert json.dumps(error.details) == '[{"expectedTotal": {"amount": 5, "currency": "EUR"}, "ids": ["a"]}]'
    assert json_safe([object()])[0].startswith("<object")
