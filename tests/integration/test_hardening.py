"""Issue #12 at the handler level: malformed bodies, loose validation, long ids, free offers, foreign
currencies, unsafe error details and racing deposits are all a clean 4xx (or one charge), never a 5xx."""

import json
import uuid

import pytest

from estore import payments
from estore.services.wallet import ADMIN_CREDIT_REFERENCE
from estore_local.emulator.events import http_event
from tests.integration.conftest import make_seller

USD = {"amount": 2500, "currency": "USD"}
BODY_ROUTES = sorted(
    {
        ("POST", "/products"),
        ("POST", "/products/batch"),
        ("PATCH", "/products/P1"),
        ("POST", "/products/P1/offers"),
        ("PATCH", "/offers/O1"),
        ("POST", "/cart/items"),
        ("PATCH", "/cart/items/O1"),
        ("POST", "/checkout"),
        ("POST", "/images/uploads"),
        ("POST", "/sellers"),
        ("POST", "/wallet/deposits"),
        ("POST", "/wallet/withdrawals"),
        ("POST", "/wallet/transfers"),
        ("POST", "/admin/accounts/U1/credits"),
    }
)


@pytest.fixture
def admin(cloud):
    user = cloud.confirm_sign_up(f"admin-{uuid.uuid4().hex[:6]}@example.com")
    cloud.cognito.admin_add_user_to_group(UserPoolId=cloud.pool_id, Username=user.username, GroupName="admins")
    return user


@pytest.fixture
def seller(cloud):
    return make_seller(cloud, f"Bricks {uuid.uuid4().hex[:6]}")


def raw_call(cloud, method, path, body, content_type="application/json", user=None):
    """A request with exactly these body bytes (the gateway base64-encodes what is not UTF-8 text)."""
    route, params = cloud.route(method, path)
    event = http_event(
        method,
        path,
        route=route,
        path_parameters=params or None,
        body=body,
        headers={"content-type": content_type},
        claims=user.claims() if user else None,
    )
    return cloud.invoke(route.function_id, event)


def assert_error(answer, status, code):
    assert answer.status == status, answer.body
    assert set(answer.body) == {"error", "requestId"}, answer.body
    assert answer.body["error"]["code"] == code, answer.body
    return answer.body


def list_product(cloud, seller, price=USD, stock=5):
    body = {"title": "LEGO Falcon", "brand": "LEGO", "category": "toys", "offer": {"price": price, "stock": stock}}
    answer = cloud.call("POST", "/products", user=seller, json_body=body)
    assert answer.status == 201, answer.body
    return answer.body


def fund(cloud, user, amount=100_000):
    body = {"amount": {"amount": amount, "currency": "USD"}}
    assert cloud.call("POST", "/wallet/deposits", user=user, json_body=body).status == 201


# ---------------------------------------------------------------- 1. malformed bodies
def test_json_nested_100000_deep_is_400_on_every_route_with_a_body(cloud, seller):
    for method, path in BODY_ROUTES:
        answer = raw_call(cloud, method, path, "[" * 100_000 + "]" * 100_000, user=seller)
        assert_error(answer, 400, "MALFORMED_BODY")


def test_invalid_utf8_is_400_on_every_route_with_a_body(cloud, seller):
    for method, path in BODY_ROUTES:
        answer = raw_call(cloud, method, path, b'{"storeName": "\xff\xfe\xfd"}', user=seller)
        assert_error(answer, 400, "MALFORMED_BODY")


def test_a_utf16_body_is_415_in_the_error_shape(cloud, customer):
    body = '{"storeName": "Bricks"}'.encode("utf-16")
    answer = raw_call(cloud, "POST", "/sellers", body, "application/json; charset=utf-16", user=customer)
    assert_error(answer, 415, "UNSUPPORTED_MEDIA_TYPE")


@pytest.mark.parametrize(
    "content_type", ["APPLICATION/JSON", "application/problem+json", "Application/Json; charset=UTF-8"]
)
def test_json_media_types_are_read_whatever_their_case_or_suffix(cloud, customer, content_type):
    answer = raw_call(
        cloud, "POST", "/sellers", json.dumps({"storeName": f"Bricks {uuid.uuid4().hex[:6]}"}), content_type, customer
    )
    assert answer.status == 201, answer.body


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "application/x-www-form-urlencoded"])
def test_other_media_types_are_415_in_the_error_shape_not_powertools_own(cloud, customer, content_type):
    answer = raw_call(cloud, "POST", "/checkout", "{}", content_type, customer)
    assert_error(answer, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_a_body_over_lambdas_6_mb_is_413(cloud, seller):
    answer = raw_call(cloud, "POST", "/products/batch", '{"products": [' + " " * (6 * 1024 * 1024) + "]}", user=seller)
    assert_error(answer, 413, "PAYLOAD_TOO_LARGE")


# ---------------------------------------------------------------- 2. prices of zero
def test_an_offer_price_cannot_be_changed_to_zero(cloud, seller):
    offer = list_product(cloud, seller)["bestOffer"]
    answer = cloud.call(
        "PATCH", f"/offers/{offer['id']}", user=seller, json_body={"price": {"amount": 0, "currency": "USD"}}
    )
    assert_error(answer, 422, "VALIDATION_FAILED")
    assert answer.body["error"]["details"][0]["field"] == "price"
    assert cloud.call("GET", f"/products/{offer['productId']}").body["bestOffer"]["price"] == USD


# ---------------------------------------------------------------- 3. ids at the edge
def test_a_2000_character_product_id_is_422_not_a_dynamodb_crash(cloud, seller):
    body = {"price": USD, "stock": 1, "condition": "used", "conditionNote": "boxed"}
    answer = cloud.call("POST", f"/products/{'p' * 2000}/offers", user=seller, json_body=body)
    assert_error(answer, 422, "VALIDATION_FAILED")
    assert answer.body["error"]["details"][0]["field"] == "productId"


def test_every_path_id_is_checked_before_it_reaches_a_key(cloud, seller):
    for path in ["/products/{}", "/orders/{}", "/sellers/{}", "/tags/{}/products", "/images/{}", "/offers/{}"]:
        method = "PATCH" if path == "/offers/{}" else "GET"
        answer = cloud.call(method, path.format("x" * 3000), user=seller, json_body={"stock": 1})
        assert_error(answer, 422, "VALIDATION_FAILED")


def test_a_body_id_over_the_limit_is_422(cloud, customer):
    answer = cloud.call("POST", "/cart/items", user=customer, json_body={"offerId": "o" * 3000, "quantity": 1})
    assert_error(answer, 422, "VALIDATION_FAILED")


# ---------------------------------------------------------------- 4 and 11. checkout's expected total
def test_checkout_refuses_an_expected_total_in_another_currency(cloud, seller, customer):
    fund(cloud, customer)
    offer = list_product(cloud, seller)["bestOffer"]
    assert cloud.call("POST", "/cart/items", user=customer, json_body={"offerId": offer["id"]}).status == 200
    body = {"expectedTotal": {"amount": 2500, "currency": "EUR"}}
    answer = cloud.call("POST", "/checkout", user=customer, json_body=body)
    assert_error(answer, 409, "PRICE_CHANGED")
    assert cloud.call("GET", "/orders", user=customer).body["items"] == []


def test_a_wrong_expected_total_without_a_repriced_line_is_the_documented_409(cloud, seller, customer):
    fund(cloud, customer)
    offer = list_product(cloud, seller)["bestOffer"]
    cloud.call("POST", "/cart/items", user=customer, json_body={"offerId": offer["id"]})
    answer = cloud.call(
        "POST", "/checkout", user=customer, json_body={"expectedTotal": {"amount": 1, "currency": "USD"}}
    )
    body = assert_error(answer, 409, "PRICE_CHANGED")
    assert body["error"]["details"] == [
        {"expectedTotal": {"amount": 1, "currency": "USD"}, "total": {"amount": 2500, "currency": "USD"}}
    ]


# ---------------------------------------------------------------- 7. loose validation
@pytest.mark.parametrize("size", ["1", True, 1.0])
def test_an_upload_size_that_is_not_an_integer_is_422(cloud, seller, size):
    file = {"filename": "a.png", "contentType": "image/png", "size": size, "sha256": "a" * 64}
    answer = cloud.call("POST", "/images/uploads", user=seller, json_body={"files": [file]})
    assert_error(answer, 422, "VALIDATION_FAILED")


def test_an_unknown_field_inside_money_is_422(cloud, seller):
    body = {"title": "LEGO", "brand": "LEGO", "category": "toys"}
    body["offer"] = {"price": {**USD, "discount": 2400}, "stock": 1}
    answer = cloud.call("POST", "/products", user=seller, json_body=body)
    assert_error(answer, 422, "VALIDATION_FAILED")
    assert answer.body["error"]["details"][0]["field"] == "offer.price.discount"


def test_a_batch_with_an_unknown_top_level_field_is_422(cloud, seller):
    product = {"title": "LEGO", "brand": "LEGO", "category": "toys", "offer": {"price": USD, "stock": 1}}
    answer = cloud.call(
        "POST", "/products/batch", user=seller, json_body={"products": [product], "junk": "x" * 1_000_000}
    )
    assert_error(answer, 422, "VALIDATION_FAILED")
    assert cloud.call("GET", "/sellers/me/products", user=seller).body["items"] == []


@pytest.mark.parametrize("bad", ["\x00", "\u202e", "\u2066", "\x1b"])
def test_control_and_bidi_characters_are_not_stored_in_titles_or_brands(cloud, seller, bad):
    for field in ("title", "brand"):
        body = {"title": "LEGO Set", "brand": "LEGO", "category": "toys", "offer": {"price": USD, "stock": 1}}
        body[field] = f"Safe{bad}evil"
        assert_error(cloud.call("POST", "/products", user=seller, json_body=body), 422, "VALIDATION_FAILED")
    assert cloud.call("GET", "/sellers/me/products", user=seller).body["items"] == []


# ---------------------------------------------------------------- 9. the admin credit's wording
def test_an_admin_credit_shows_a_neutral_reference_without_the_admins_id(cloud, admin, customer):
    body = {"amount": {"amount": 500, "currency": "USD"}, "reason": "Sorry for the late parcel"}
    answer = cloud.call("POST", f"/admin/accounts/{customer.sub}/credits", user=admin, json_body=body)
    assert answer.status == 201, answer.body
    [entry] = cloud.call("GET", "/wallet/entries", user=customer).body["items"]
    assert entry["reference"] == f"{ADMIN_CREDIT_REFERENCE}: Sorry for the late parcel"
    assert admin.sub not in entry["reference"]


# ---------------------------------------------------------------- 10. the charge after the claim
class TwinProvider:
    """Approves charges; while charging the first request, the client's retry (same key) arrives."""

    def __init__(self, cloud, customer, key):
        self.cloud, self.customer, self.key, self.charged, self.twin = cloud, customer, key, [], None

    def charge(self, user_id, amount, idempotency_key):
        self.charged.append(idempotency_key)
        if self.twin is None:
            self.twin = deposit(self.cloud, self.customer, 400, self.key)
        return payments.Payment(approved=True, reference=f"test:{idempotency_key}")

    def payout(self, user_id, amount, idempotency_key):
        raise AssertionError("no payout here")


def deposit(cloud, user, amount, key):
    body = {"amount": {"amount": amount, "currency": "USD"}}
    return cloud.call("POST", "/wallet/deposits", user=user, json_body=body, headers={"idempotency-key": key})


def test_a_twin_deposit_arriving_during_the_charge_never_charges_again(cloud, customer, monkeypatch):
    key = str(uuid.uuid4())
    provider = TwinProvider(cloud, customer, key)
    monkeypatch.setattr(payments, "provider", lambda: provider)
    first = deposit(cloud, customer, 400, key)
    assert first.status == 201, first.body
    assert provider.charged == [key]  # called once, with the client's key
    assert_error(provider.twin, 409, "IDEMPOTENCY_KEY_IN_USE")
    assert deposit(cloud, customer, 400, key).body == first.body  # a later retry is the first answer
    assert cloud.call("GET", "/wallet", user=customer).body["balance"]["amount"] == 400


def test_a_declined_charge_gives_the_key_back_for_a_retry(cloud, customer, monkeypatch):
    key = str(uuid.uuid4())
    monkeypatch.setattr(payments, "provider", lambda: _Declining())
    assert_error(deposit(cloud, customer, 400, key), 402, "PAYMENT_DECLINED")
    monkeypatch.setattr(payments, "provider", lambda: payments.FakeProvider())
    assert deposit(cloud, customer, 400, key).status == 201
    assert cloud.call("GET", "/wallet", user=customer).body["balance"]["amount"] == 400


class _Declining:
    def charge(self, user_id, amount, idempotency_key):
        return payments.Payment(approved=False, reference="", reason="card declined")
