"""Work the test process does once instead of once per in-process cloud (one cloud per integration test).

Each is something that depends only on files or text that do not change during a run, and that its
library treats as read-only once made; profiled on this project's machine (docs/performance.md, "make
test"), together they were about half of an in-process cloud's setup:

- botocore gives every new session its own data loader, which parses each service's model and endpoint
  rules from JSON again (~11 clients per cloud). One session already shares its loader
  between its clients; here the process shares one per data path: the layer's cached loader
  (`estore.botodata`, as Estore's own sessions use), so the tests read botocore's data through it too.
- moto's Cognito imports its one fixed RSA signing key (jwks-private.json) for every user pool, and
  recovering the key's primes is most of a pool's creation: the process imports it once.
- moto's Step Functions parses a state machine's definition with its ANTLR grammar to validate it when it
  is created (the parse is thrown away; executions parse again): a definition that was valid once is
  valid again. Invalid definitions are still refused every time (failures are not cached).
"""

from __future__ import annotations

import functools
import json
from typing import Any

import botocore.session


def _shared_loader(search_path_string: str | None = None) -> Any:
    """One loader per data path for every session of the process (boto3 adds its own path once)."""
    from estore import botodata

    return botodata.loader(data_path=search_path_string)


class _OnceImportedRsaKey:
    """What moto's Cognito uses of joserfc's `jwk`: `RSAKey.import_key`, memoized on the key's JSON."""

    def __init__(self, rsa_key: Any) -> None:
        self._rsa_key = rsa_key
        self._imported: dict[str, Any] = {}

    def import_key(self, value: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or not isinstance(value, dict):
            return self._rsa_key.import_key(value, *args, **kwargs)
        text = json.dumps(value, sort_keys=True)
        if text not in self._imported:
            self._imported[text] = self._rsa_key.import_key(value)
        return self._imported[text]


class _Jwk:
    def __init__(self, jwk: Any) -> None:
        self._jwk = jwk
        self.RSAKey = _OnceImportedRsaKey(jwk.RSAKey)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._jwk, name)


def install() -> None:
    """Install the three (idempotent)."""
    botocore.session.create_loader = _shared_loader  # type: ignore[attr-defined]

    from moto.cognitoidp import models as cognito

    if not isinstance(cognito.jwk, _Jwk):
        cognito.jwk = _Jwk(cognito.jwk)

    from moto.stepfunctions.parser.models import StepFunctionsParserBackend

    validate = StepFunctionsParserBackend._validate_definition
    if not isinstance(validate, functools._lru_cache_wrapper):
        StepFunctionsParserBackend._validate_definition = staticmethod(functools.cache(validate))  # type: ignore[method-assign]
