"""Bad input to POST /sellers is a 422 naming the field, and nothing is written."""

import pytest

from tests.e2e.localcloud import LocalCloud


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param('{"storeName": ', "body", id="malformed-json"),
        pytest.param('{"storeName": 42}', "storeName", id="wrong-type"),
        pytest.param("{}", "storeName", id="missing-field"),
    ],
)
def test_given_a_bad_body_when_opening_a_store_then_422_and_nothing_written(
    cloud: LocalCloud, body: str, field: str
) -> None:
    # Given a signed-in customer
    _, tokens = cloud.sign_up()
    auth = {"authorization": f"Bearer {tokens['AccessToken']}", "content-type": "application/json"}
    with cloud.http() as http:
        # When the body is bad
        response = http.post("/sellers", content=body, headers=auth)
        # Then 422 in the one error shape, naming the field
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert response.json()["requestId"]
        named = [d.get("field", "") for d in error.get("details", [])] + [error["message"]]
        assert any(field in name for name in named), error
        # And no store was opened
        me = http.get("/me", headers=auth)
    assert me.status_code == 200
    assert me.json()["seller"] is None
