"""The post-traffic smoke check of a deployment: the API a shopper uses still answers, through the new code."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from estore.config import get_settings
from estore.deployments import api_url, report_hook

Fetch = Callable[[str], tuple[int, Any]]
TIMEOUT_S = 5


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


def fetch_json(url: str) -> tuple[int, Any]:
    """GET a URL; (status, parsed JSON body or None). Network failures are a status of 0."""
    request = urllib.request.Request(url, headers={"accept": "application/json"})  # noqa: S310 - https API URL
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            return int(response.status), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return int(error.code), None
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        return 0, str(error)


def run_smoke_checks(api_url: str, fetch: Fetch = fetch_json) -> list[Check]:
    """Health, a search and a product page: what a deployment must not break for shoppers."""
    base = api_url.rstrip("/")
    checks: list[Check] = []
    status, body = fetch(f"{base}/health")
    healthy = status == 200 and isinstance(body, dict) and body.get("status") == "ok"
    checks.append(Check("health", healthy, f"GET /health -> {status}"))
    status, body = fetch(f"{base}/search?{urllib.parse.urlencode({'q': 'lego', 'limit': 5})}")
    items = body.get("items") if isinstance(body, dict) else None
    checks.append(Check("search", status == 200 and isinstance(items, list), f"GET /search -> {status}"))
    if isinstance(items, list) and items:
        product_id = urllib.parse.quote(str(items[0].get("id", "")), safe="")
        status, body = fetch(f"{base}/products/{product_id}")
        shown = status == 200 and isinstance(body, dict) and body.get("id") == items[0].get("id")
        checks.append(Check("product page", shown, f"GET /products/{{id}} -> {status}"))
    return checks


def post_traffic_hook(deployment_id: str, execution_id: str, fetch: Fetch = fetch_json) -> list[Check]:
    """Smoke-checks the API named by the stack's parameter and tells CodeDeploy whether the deployment
    may go on (a failed check rolls the new functions back); returns the checks."""
    checks = run_smoke_checks(api_url(get_settings().require("api_url_parameter")), fetch)
    report_hook(deployment_id, execution_id, succeeded=all(check.passed for check in checks))
    return checks
