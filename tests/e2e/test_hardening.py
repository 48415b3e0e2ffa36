"""Issue #12 over real HTTP through the local cloud: the gateway and the functions answer every odd
request with a 4xx in the one error shape, and /docs works offline."""

import uuid

import httpx

from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import assert_error, customer, new_product, seller

SIX_MB = 6 * 1024 * 1024


def test_a_100000_deep_json_body_is_400_not_a_crash(cloud: LocalCloud) -> None:
    user = seller(cloud)
    answer = user.call("POST", "/products", content="[" * 100_000 + "]" * 100_000)
    assert_error(answer, 400, "MALFORMED_BODY")


def test_invalid_utf8_and_utf16_bodies_are_refused_in_the_error_shape(cloud: LocalCloud) -> None:
    user = customer(cloud)
    assert_error(user.call("POST", "/sellers", content=b'{"storeName": "\xff\xfe"}'), 400, "MALFORMED_BODY")
    utf16 = '{"storeName": "Bricks"}'.encode("utf-16")
    headers = {"content-type": "application/json; charset=utf-16"}
    assert_error(user.call("POST", "/sellers", content=utf16, headers=headers), 415, "UNSUPPORTED_MEDIA_TYPE")


def test_json_media_types_pass_whatever_their_case_and_others_get_our_415(cloud: LocalCloud) -> None:
    user = customer(cloud)
    body = f'{{"storeName": "Bricks {uuid.uuid4().hex[:8]}"}}'
    opened = user.call("POST", "/sellers", content=body, headers={"content-type": "APPLICATION/JSON"})
    assert opened.status_code == 201, opened.text
    refused = user.call("POST", "/checkout", content="{}", headers={"content-type": "text/plain"})
    assert_error(refused, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert "detail" not in refused.json()


def test_the_gateway_refuses_a_body_over_6_mb_like_lambda(cloud: LocalCloud) -> None:
    user = seller(cloud)
    answer = user.call("POST", "/products/batch", content=b'{"products": [' + b" " * SIX_MB + b"]}")
    assert_error(answer, 413, "PAYLOAD_TOO_LARGE")


def test_a_2000_character_id_in_a_path_is_422(cloud: LocalCloud) -> None:
    user = seller(cloud)
    body = {"price": {"amount": 100, "currency": "USD"}, "stock": 1}
    assert_error(user.call("POST", f"/products/{'p' * 2000}/offers", json=body), 422, "VALIDATION_FAILED")


def test_an_offer_price_cannot_be_patched_to_zero(cloud: LocalCloud) -> None:
    user = seller(cloud)
    created = user.call("POST", "/products", json=new_product())
    assert created.status_code == 201, created.text
    offer_id = created.json()["bestOffer"]["id"]
    zero = {"price": {"amount": 0, "currency": "USD"}}
    assert_error(user.call("PATCH", f"/offers/{offer_id}", json=zero), 422, "VALIDATION_FAILED")


def test_a_newline_in_a_path_is_a_404_in_the_error_shape(cloud: LocalCloud) -> None:
    with cloud.http() as http:
        for path in ("/products/a%0Ab", "/pro%0Aducts", "/sellers/x%0A/reviews"):
            assert_error(http.get(path), 404, "NOT_FOUND")


def test_trace_and_unknown_methods_are_405_in_the_error_shape(cloud: LocalCloud) -> None:
    with cloud.http() as http:
        for method in ("TRACE", "PROPFIND"):
            assert_error(http.request(method, "/health"), 405, "METHOD_NOT_ALLOWED")


def test_a_401_says_nothing_about_why_the_token_failed(cloud: LocalCloud) -> None:
    with cloud.http() as http:
        for token in ("not-a-jwt", "eyJhbGciOiJub25lIn0.e30."):
            answer = http.get("/me", headers={"authorization": f"Bearer {token}"})
            body = assert_error(answer, 401, "UNAUTHORIZED")
            assert body["error"]["message"] == "Missing, expired or invalid token."


def test_swagger_ui_is_served_from_the_pinned_package_not_a_cdn(cloud: LocalCloud) -> None:
    with cloud.http() as http:
        page = http.get("/docs")
        assert page.status_code == 200
        assert "cdn." not in page.text
        assert "/docs/static/swagger-ui-bundle.js" in page.text
        script = http.get("/docs/static/swagger-ui-bundle.js")
        assert script.status_code == 200
        assert len(script.content) > 100_000
        assert httpx.get(f"{cloud.api_url}/docs/static/swagger-ui.css").status_code == 200
