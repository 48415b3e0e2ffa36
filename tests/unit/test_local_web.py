"""The local cloud's web serving: the SPA with its config, and S3's CORS for the images bucket."""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from estore_local.devtools.web import StaticSite, config_from_outputs
from estore_local.emulator.s3_cors import CorsRule, S3Cors

APP_ORIGIN = "http://127.0.0.1:5173"
BUCKET_RULES = [CorsRule(("http://127.0.0.1:5173",), ("POST", "GET"), ("*",), (), 3000)]


def call(app: Any, path: str, method: str = "GET", **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path}
    environ.update({"HTTP_" + k.upper(): v for k, v in headers.items()})
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer["status"], answer["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def moto_like(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Answers like moto behind flask_cors: any origin is echoed back."""
    start_response("204 No Content", [("Access-Control-Allow-Origin", environ.get("HTTP_ORIGIN", "*"))])
    return [b""]


def site(tmp_path: Path) -> StaticSite:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<html>app</html>")
    (tmp_path / "assets" / "index-abc.js").write_text("console.log(1)")
    outputs = {
        "ApiUrl": "http://127.0.0.1:3000",
        "UserPoolId": "us-east-1_x",
        "UserPoolClientId": "c",
        "AwsEndpointUrl": "http://127.0.0.1:4566",
    }
    return StaticSite(tmp_path, config_from_outputs(outputs))


def test_config_json_tells_the_app_where_the_api_and_the_local_cognito_are(tmp_path: Path) -> None:
    status, headers, body = call(site(tmp_path), "/config.json")
    assert status == "200 OK"
    assert headers["Cache-Control"] == "no-store"
    config = json.loads(body)
    assert config["apiUrl"] == "http://127.0.0.1:3000"
    assert config["cognitoEndpoint"] == "http://127.0.0.1:4566"
    assert config["userPoolId"] == "us-east-1_x"
    assert config["authFlow"] == "USER_PASSWORD_AUTH"


def test_an_app_route_is_answered_with_index_html(tmp_path: Path) -> None:
    status, headers, body = call(site(tmp_path), "/products/p-123")
    assert status == "200 OK"
    assert body == b"<html>app</html>"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_hashed_assets_are_cached_for_good(tmp_path: Path) -> None:
    status, headers, _ = call(site(tmp_path), "/assets/index-abc.js")
    assert status == "200 OK"
    assert "immutable" in headers["Cache-Control"]
    assert headers["Content-Type"].startswith(("text/javascript", "application/javascript"))


def test_a_path_outside_the_app_folder_is_not_served(tmp_path: Path) -> None:
    (tmp_path.parent / "secret.txt").write_text("no")
    _, _, body = call(site(tmp_path), "/../secret.txt")
    assert body == b"<html>app</html>"


def test_a_preflight_the_bucket_rules_allow_is_answered_for_the_app_origin() -> None:
    app = S3Cors(moto_like, lambda bucket: BUCKET_RULES)
    status, headers, _ = call(app, "/images-bucket", "OPTIONS", origin=APP_ORIGIN, access_control_request_method="POST")
    assert status == "200 OK"
    assert headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert headers["Access-Control-Max-Age"] == "3000"


def test_a_preflight_for_a_method_the_rules_do_not_list_is_refused() -> None:
    app = S3Cors(moto_like, lambda bucket: BUCKET_RULES)
    status, headers, _ = call(app, "/images-bucket", "OPTIONS", origin=APP_ORIGIN, access_control_request_method="PUT")
    assert status == "403 Forbidden"
    assert "Access-Control-Allow-Origin" not in headers


def test_an_upload_from_another_origin_gets_no_cors_headers_though_moto_would_echo_any() -> None:
    app = S3Cors(moto_like, lambda bucket: BUCKET_RULES)
    _, headers, _ = call(app, "/images-bucket", "POST", origin="http://evil.example")
    assert "Access-Control-Allow-Origin" not in headers


def test_an_upload_from_the_app_origin_carries_the_bucket_cors_headers() -> None:
    app = S3Cors(moto_like, lambda bucket: BUCKET_RULES)
    _, headers, _ = call(app, "/images-bucket", "POST", origin=APP_ORIGIN)
    assert headers["Access-Control-Allow-Origin"] == APP_ORIGIN


def test_requests_to_other_services_pass_untouched() -> None:
    app = S3Cors(moto_like, lambda bucket: None)  # not a bucket: e.g. Cognito's POST /
    _, headers, _ = call(app, "/", "POST", origin="http://anywhere.example", x_amz_target="Cognito.InitiateAuth")
    assert headers["Access-Control-Allow-Origin"] == "http://anywhere.example"
