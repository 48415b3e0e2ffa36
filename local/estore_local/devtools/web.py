"""The web app next to the local cloud: web/dist served on WEB_PORT with /config.json written from the outputs.

Like the CloudFront distribution of the template: files as they are, `index.html` for any other path
(the SPA's routes), and the same security headers. The config says where the API and the local Cognito
are, so one build of the app runs against the local cloud and against AWS alike.
"""

from __future__ import annotations

import json
import mimetypes
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from estore_local.emulator.intrinsics import REGION
from estore_local.emulator.moto_server import StartResponse
from estore_local.emulator.stack import Stack
from estore_local.emulator.template import ROOT

WEB_DIST = ROOT / "web" / "dist"
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
]


def web_config(stack: Stack) -> dict[str, Any]:
    """What the app reads at start (web/src/lib/config.ts)."""
    return config_from_outputs(stack.outputs, str(stack.refs.get("Currency", "USD")))


def config_from_outputs(outputs: dict[str, str], currency: str = "USD") -> dict[str, Any]:
    """The config from the stack's outputs (also `make web`, from .local/outputs.json while `make dev` runs)."""
    return {
        "apiUrl": outputs["ApiUrl"],
        "region": REGION,
        "userPoolId": outputs["UserPoolId"],
        "userPoolClientId": outputs["UserPoolClientId"],
        "cognitoEndpoint": outputs["AwsEndpointUrl"],
        # moto answers SRP's challenge without checking the password proof: the password flow makes a
        # wrong password fail locally as it does on AWS.
        "authFlow": "USER_PASSWORD_AUTH",
        "currency": currency,
    }


class StaticSite:
    """A WSGI app serving a built SPA: assets cached for good, index.html and config.json never cached."""

    def __init__(self, root: Path, config: dict[str, Any]) -> None:
        self.root = root.resolve()
        self.config = json.dumps(config).encode()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return self._send(start_response, "405 Method Not Allowed", b"", "text/plain", "no-store")
        path = environ.get("PATH_INFO", "/")
        if path == "/config.json":
            return self._send(start_response, "200 OK", self.config, "application/json", "no-store", method)
        file = self._file(path)
        if file is None:  # an app route (/products/123): the SPA answers it
            index = self.root / "index.html"
            if not index.is_file():
                body = b"web/dist is missing: build the app with `make web-build`."
                return self._send(start_response, "404 Not Found", body, "text/plain", "no-store")
            return self._send(start_response, "200 OK", index.read_bytes(), "text/html", "no-cache", method)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        cache = "public, max-age=31536000, immutable" if "/assets/" in path else "no-cache"
        return self._send(start_response, "200 OK", file.read_bytes(), kind, cache, method)

    def _file(self, path: str) -> Path | None:
        candidate = (self.root / path.lstrip("/")).resolve()
        if candidate == self.root or self.root not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    @staticmethod
    def _send(
        start_response: StartResponse, status: str, body: bytes, kind: str, cache: str, method: str = "GET"
    ) -> list[bytes]:
        if kind.startswith("text/") or kind in ("application/json", "application/javascript"):
            kind += "; charset=utf-8"
        headers = [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", cache)]
        start_response(status, [*headers, *SECURITY_HEADERS])
        return [] if method == "HEAD" else [body]


class WebServer:
    """The SPA on a loopback port, in a thread (like the AWS endpoint)."""

    def __init__(self, site: StaticSite, host: str, port: int) -> None:
        self._server: BaseWSGIServer = make_server(host, port, site, threaded=True)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="web", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    """`python -m estore_local.devtools.web --write web/public/config.json`: the config for Vite's dev server."""
    import argparse

    from estore_local.emulator.cloud import default_state_dir

    parser = argparse.ArgumentParser(prog="python -m estore_local.devtools.web")
    parser.add_argument("--write", type=Path, required=True, help="where to write config.json")
    parser.add_argument("--state-dir", type=Path, default=default_state_dir())
    args = parser.parse_args(argv)
    try:
        outputs = json.loads((args.state_dir / "outputs.json").read_text())
    except OSError:
        print("The local cloud is not running: start it with `make dev`.")
        return 1
    from estore_local.emulator.template import load_template

    currency = str(load_template(None).parameter_defaults().get("Currency", "USD"))
    args.write.write_text(json.dumps(config_from_outputs(outputs, currency), indent=2) + "\n")
    print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
