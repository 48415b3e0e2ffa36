"""Schemathesis over openapi.json against the local cloud: every operation, as nobody and as a customer,
a seller and an admin, a bounded number of generated requests each. Fails on any 5xx and on any answer
that does not match its documented schema. Named to run last: the products and money it makes must not
surprise the e2e tests that count what the shared cloud holds.

The seed and the number of examples are fixed so a CI run is repeatable; override them with
ESTORE_FUZZ_SEED / ESTORE_FUZZ_EXAMPLES to explore (e.g. `ESTORE_FUZZ_EXAMPLES=200 make test-e2e`).
"""

import os
import sys
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import customer, seller

SEED = int(os.environ.get("ESTORE_FUZZ_SEED", "1203"))
EXAMPLES = int(os.environ.get("ESTORE_FUZZ_EXAMPLES", "4"))  # per operation and role
CHECKS = [not_a_server_error, response_schema_conformance]


def admin_token(cloud: LocalCloud) -> str:
    email, _ = cloud.sign_up()
    idp = cloud.client("cognito-idp")
    idp.admin_add_user_to_group(UserPoolId=cloud.outputs["UserPoolId"], Username=email, GroupName="admins")
    return cloud.sign_in(email)["AccessToken"]


def test_every_operation_answers_every_role_without_a_5xx_and_within_its_schema(cloud: LocalCloud) -> None:
    # Given the API document as the gateway serves it (its server is this local cloud)
    spec = httpx.get(f"{cloud.api_url}/openapi.json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(spec)
    roles: dict[str, str | None] = {
        "anonymous": None,
        "customer": customer(cloud).token,
        "seller": seller(cloud).token,
        "admin": admin_token(cloud),
    }
    failures: list[str] = []
    counts = {"cases": 0, "operations": 0}

    # When schemathesis sends generated requests to each operation with each role
    for result in schema.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1
        for role, token in roles.items():
            headers = {"authorization": f"Bearer {token}"} if token else {}
            _fuzz(operation, role, headers, cloud.api_url, counts, failures)

    print(
        f"\nschemathesis: seed={SEED} examples={EXAMPLES} per operation and role, "
        f"operations={counts['operations']} roles={len(roles)} cases={counts['cases']}",
        file=sys.stderr,
    )
    # Then none was a server error or an answer outside the document
    assert counts["operations"] == len(spec_operations(spec))
    assert not failures, "\n".join(failures[:20])


def spec_operations(spec: dict[str, Any]) -> list[tuple[str, str]]:
    methods = {"get", "post", "put", "patch", "delete"}
    return [(method, path) for path, item in spec["paths"].items() for method in item if method in methods]


def _fuzz(
    operation: Any, role: str, headers: dict[str, str], base_url: str, counts: dict[str, int], failures: list[str]
) -> None:
    @settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(SEED)
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        counts["cases"] += 1
        response = case.call(base_url=base_url, headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        except AssertionError as failure:  # schemathesis' FailureGroup is an AssertionError
            failures.append(f"{role} {case.method} {case.formatted_path}: {response.status_code} {failure}"[:600])

    run()
