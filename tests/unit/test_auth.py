import pytest

from estore.auth import Role, parse_groups, principal_from_claims, principal_from_event
from estore.errors import Forbidden, Unauthorized


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["customers", "sellers"], {"customers", "sellers"}),
        ("[customers sellers]", {"customers", "sellers"}),
        ('["customers","admins"]', {"customers", "admins"}),
        ("customers", {"customers"}),
        ("", set()),
        (None, set()),
    ],
)
def test_groups_are_read_in_every_form_api_gateway_renders_them(raw, expected):
    assert parse_groups(raw) == frozenset(expected)


def test_access_token_claims_give_the_user_and_roles():
    principal = principal_from_claims({"sub": "u-1", "username": "u-1", "cognito:groups": "[customers]"})
    assert principal.user_id == "u-1"
    assert principal.has(Role.CUSTOMERS)
    assert not principal.has(Role.SELLERS)


def test_id_token_claims_carry_the_email():
    principal = principal_from_claims({"sub": "u-2", "cognito:username": "u-2", "email": "a@example.com"})
    assert principal.email == "a@example.com"


def test_no_claims_is_unauthorized():
    with pytest.raises(Unauthorized):
        principal_from_event({"requestContext": {}})


def test_missing_role_is_forbidden():
    principal = principal_from_claims({"sub": "u-3", "cognito:groups": ["customers"]})
    with pytest.raises(Forbidden, match="sellers"):
        principal.require(Role.SELLERS)
    assert principal.require(Role.SELLERS, Role.CUSTOMERS) is principal
