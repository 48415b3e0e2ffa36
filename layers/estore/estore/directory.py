"""Cognito, the user directory: group membership is how roles travel in tokens."""

from __future__ import annotations

from typing import Any

from estore import aws
from estore.auth import Role


def _cognito() -> Any:
    return aws.client("cognito-idp")


def add_to_group(user_pool_id: str, username: str, role: Role) -> None:
    """Idempotent: adding a member twice is not an error in Cognito."""
    _cognito().admin_add_user_to_group(UserPoolId=user_pool_id, Username=username, GroupName=role.value)


def user_id_of_access_token(access_token: str) -> str | None:
    """The `sub` of the user an access token belongs to, as Cognito itself checks it (signature, expiry,
    revocation, a disabled user); None when Cognito refuses the token."""
    cognito = _cognito()
    try:
        answer = cognito.get_user(AccessToken=access_token)
    except cognito.exceptions.NotAuthorizedException:
        return None
    attributes = {attribute["Name"]: attribute["Value"] for attribute in answer.get("UserAttributes", [])}
    sub = attributes.get("sub")
    return str(sub) if sub else None
