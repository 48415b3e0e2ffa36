"""Who is calling: the principal from the JWT claims API Gateway's authorizer put in the event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from estore.errors import Forbidden, Unauthorized


class Role(StrEnum):
    """Cognito groups; the API reports roles by these names."""

    CUSTOMERS = "customers"
    SELLERS = "sellers"
    ADMINS = "admins"


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    email: str | None
    roles: frozenset[str]

    def has(self, role: Role) -> bool:
        return role.value in self.roles

    def require(self, *roles: Role) -> Principal:
        """This principal if it holds one of the roles, else 403."""
        if not any(self.has(role) for role in roles):
            wanted = " or ".join(role.value for role in roles)
            raise Forbidden(f"This action needs the {wanted} role.")
        return self


def parse_groups(raw: Any) -> frozenset[str]:
    """cognito:groups arrives as a list, a JSON list, or API Gateway's rendering "[a b]"."""
    if raw is None or raw == "":
        return frozenset()
    if isinstance(raw, list | tuple):
        return frozenset(str(group) for group in raw)
    text = str(raw).strip()
    if text.startswith("[") and '"' in text:
        try:
            return frozenset(str(group) for group in json.loads(text))
        except ValueError:
            pass
    return frozenset(part for part in text.strip("[]").replace(",", " ").split() if part)


def principal_from_claims(claims: Mapping[str, Any] | None) -> Principal:
    """The caller, from verified claims (id or access token); 401 when there are none."""
    if not claims or not claims.get("sub"):
        raise Unauthorized("Sign in to use this route.")
    sub = str(claims["sub"])
    username = str(claims.get("cognito:username") or claims.get("username") or sub)
    email = claims.get("email")
    return Principal(
        user_id=sub,
        username=username,
        email=str(email) if email else None,
        roles=parse_groups(claims.get("cognito:groups")),
    )


def principal_from_event(event: Mapping[str, Any]) -> Principal:
    """The caller of an HTTP API (payload 2.0) event."""
    context = event.get("requestContext") or {}
    claims = ((context.get("authorizer") or {}).get("jwt") or {}).get("claims")
    return principal_from_claims(claims)
