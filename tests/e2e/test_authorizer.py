"""The gateway's JWT authorizer refuses every token the real one would, before any function runs."""

import time
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from moto.utilities.utils import load_resource

from tests.e2e.localcloud import LocalCloud


def _assert_unauthorized(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error"]["code"] == "UNAUTHORIZED"
    assert body["requestId"] == response.headers["x-request-id"]


def _claims_and_header(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return jwt.decode(token, options={"verify_signature": False}), jwt.get_unverified_header(token)


@pytest.fixture(scope="module")
def access_token(cloud: LocalCloud) -> str:
    return cloud.sign_up()[1]["AccessToken"]


def test_given_no_token_when_calling_a_protected_route_then_401(cloud: LocalCloud) -> None:
    with cloud.http() as http:
        _assert_unauthorized(http.get("/me"))


def test_given_a_token_signed_by_another_key_when_calling_then_401(cloud: LocalCloud, access_token: str) -> None:
    claims, header = _claims_and_header(access_token)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, other_key, algorithm="RS256", headers={"kid": header["kid"]})
    with cloud.http() as http:
        _assert_unauthorized(http.get("/me", headers={"authorization": f"Bearer {forged}"}))


@pytest.mark.local_only  # signs with the local Cognito's private key
def test_given_an_expired_token_when_calling_then_401(cloud: LocalCloud, access_token: str) -> None:
    # Signed with the local Cognito's own key, so only the expiry is wrong.
    private_jwk = load_resource("cognitoidp/resources/jwks-private.json")
    key = jwt.PyJWK.from_dict(private_jwk).key
    claims, header = _claims_and_header(access_token)
    claims.update(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
    expired = jwt.encode(claims, key, algorithm="RS256", headers={"kid": header["kid"]})
    with cloud.http() as http:
        response = http.get("/me", headers={"authorization": f"Bearer {expired}"})
    _assert_unauthorized(response)
    assert "expired" in response.json()["error"]["message"]


def test_given_a_token_for_another_client_when_calling_then_401(cloud: LocalCloud) -> None:
    idp = cloud.client("cognito-idp")
    other_client = idp.create_user_pool_client(
        UserPoolId=cloud.outputs["UserPoolId"],
        ClientName="not-the-spa",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    email, _ = cloud.sign_up(password="Passw0rd-other")
    tokens = idp.initiate_auth(
        ClientId=other_client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": "Passw0rd-other"},
    )["AuthenticationResult"]
    with cloud.http() as http:
        _assert_unauthorized(http.get("/me", headers={"authorization": f"Bearer {tokens['AccessToken']}"}))
        _assert_unauthorized(http.get("/me", headers={"authorization": f"Bearer {tokens['IdToken']}"}))


def test_given_a_valid_id_token_when_calling_then_the_route_answers(cloud: LocalCloud) -> None:
    _, tokens = cloud.sign_up()
    with cloud.http() as http:
        response = http.get("/me", headers={"authorization": tokens["IdToken"]})  # no "Bearer": accepted too
    assert response.status_code == 200, response.text
