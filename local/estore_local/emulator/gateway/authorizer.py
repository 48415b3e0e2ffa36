"""The HTTP API JWT authorizer: signature (JWKS), issuer, audience/client_id and expiry."""

from dataclasses import dataclass
from typing import Any

import jwt


class Unauthorized(Exception):
    """The request carries no valid token; API Gateway answers 401 without calling the function."""


@dataclass(frozen=True)
class JwtConfig:
    issuer: str
    audience: tuple[str, ...]
    identity_header: str  # from IdentitySource, e.g. "authorization"


class JwtAuthorizer:
    def __init__(self, config: JwtConfig, jwks_url: str) -> None:
        self.config = config
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=3600)

    def authorize(self, headers: dict[str, str]) -> dict[str, Any]:
        """The token's claims, or Unauthorized with the reason."""
        value = headers.get(self.config.identity_header, "").strip()
        if not value:
            raise Unauthorized("Missing bearer token")
        # API Gateway accepts the token with or without the "Bearer " prefix.
        token = value[7:].strip() if value.lower().startswith("bearer ") else value
        try:
            key = self._jwks.get_signing_key_from_jwt(token).key
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                issuer=self.config.issuer,
                options={"verify_aud": False, "require": ["exp", "iss"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The token has expired") from exc
        except (jwt.PyJWTError, jwt.PyJWKClientError) as exc:
            raise Unauthorized(f"Invalid token: {exc}") from exc
        # Like API Gateway: `aud` must match when present, else `client_id` (Cognito access tokens).
        audience = claims.get("aud", claims.get("client_id"))
        audiences = audience if isinstance(audience, list) else [audience]
        if not any(a in self.config.audience for a in audiences):
            raise Unauthorized("Invalid token: audience does not match")
        return claims
