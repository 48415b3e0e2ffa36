"""The deployment smoke check: what it calls, and what makes it fail the deployment."""

from typing import Any

from estore.services.smoke import run_smoke_checks

PRODUCT = {"id": "p1", "title": "LEGO X-Wing"}


def api(answers: dict[str, tuple[int, Any]]) -> tuple[list[str], Any]:
    called: list[str] = []

    def fetch(url: str) -> tuple[int, Any]:
        path = url.removeprefix("https://api.example")
        called.append(path)
        return answers.get(path.split("?")[0], (404, None))

    return called, fetch


def test_given_a_healthy_api_with_products_then_health_search_and_a_product_page_pass() -> None:
    called, fetch = api(
        {"/health": (200, {"status": "ok"}), "/search": (200, {"items": [PRODUCT]}), "/products/p1": (200, PRODUCT)}
    )
    checks = run_smoke_checks("https://api.example/", fetch)
    assert [(check.name, check.passed) for check in checks] == [
        ("health", True),
        ("search", True),
        ("product page", True),
    ]
    assert called == ["/health", "/search?q=lego&limit=5", "/products/p1"]


def test_given_an_empty_catalog_then_no_product_page_is_asked_and_the_check_passes() -> None:
    _, fetch = api({"/health": (200, {"status": "ok"}), "/search": (200, {"items": []})})
    checks = run_smoke_checks("https://api.example", fetch)
    assert all(check.passed for check in checks)
    assert [check.name for check in checks] == ["health", "search"]


def test_given_a_search_that_fails_then_the_check_fails() -> None:
    _, fetch = api({"/health": (200, {"status": "ok"}), "/search": (502, None)})
    checks = run_smoke_checks("https://api.example", fetch)
    assert [check.name for check in checks if not check.passed] == ["search"]


def test_given_an_unreachable_api_then_every_check_fails() -> None:
    checks = run_smoke_checks("https://api.example", lambda url: (0, "connection refused"))
    assert not any(check.passed for check in checks)


def test_given_a_failing_check_then_the_post_traffic_hook_reports_the_deployment_failed(monkeypatch: Any) -> None:
    # Given the stack's API URL parameter and an API whose search is down
    from estore.services import smoke

    class Settings:
        def require(self, name: str) -> str:
            assert name == "api_url_parameter"
            return "/estore/api-url"

    reports: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(smoke, "get_settings", Settings)
    monkeypatch.setattr(smoke, "api_url", lambda parameter: f"https://api.example{'' if parameter else '/none'}")
    monkeypatch.setattr(smoke, "report_hook", lambda d, e, *, succeeded: reports.append((d, e, succeeded)))
    _, fetch = api({"/health": (200, {"status": "ok"}), "/search": (503, None)})
    # When the hook runs
    checks = smoke.post_traffic_hook("d-1", "hook-1", fetch)
    # Then CodeDeploy hears that the deployment failed, and the failing check is returned
    assert reports == [("d-1", "hook-1", False)]
    assert [check.name for check in checks if not check.passed] == ["search"]
