"""`make dev`: moto on AWS_PORT, the template provisioned, functions wired, the HTTP API on PORT."""

import os
import sys
import threading
from pathlib import Path
from typing import Any

import boto3

from estore_local import distributed_map
from estore_local.gateway.app import Gateway, create_app, load_openapi
from estore_local.gateway.authorizer import JwtAuthorizer, JwtConfig
from estore_local.gateway.cors import Cors
from estore_local.gateway.routing import RouteTable
from estore_local.intrinsics import REGION
from estore_local.moto_gaps import LocalAws
from estore_local.moto_server import AwsServer, SerializedMoto, enable_step_functions
from estore_local.provision import provision
from estore_local.runner import Runner
from estore_local.s3_cors import S3Cors, moto_bucket_rules
from estore_local.stack import Stack
from estore_local.template import ROOT, Template
from estore_local.triggers import StreamPoller, s3_subscriptions, start_stream_pollers

HOST = "127.0.0.1"


class AwsCloud:
    """moto served with the gaps filled, the template provisioned on it, its functions runnable."""

    def __init__(self, template: Template, port: int) -> None:
        enable_step_functions(port)
        distributed_map.install()
        self.template = template
        self.local_aws = LocalAws(SerializedMoto())
        # Browsers POST images straight to the bucket: its CORS rules answer them, as on S3.
        self.server = AwsServer(S3Cors(self.local_aws, moto_bucket_rules(self.local_aws.moto.lock)), HOST, port)
        if port == 0:  # a free port was picked: moto's interpreter must call back to that one
            enable_step_functions(self.server.port)
        self.url = self.server.url
        self.stack: Stack | None = None
        self.runner: Runner | None = None
        self.pollers: list[StreamPoller] = []

    def start(self) -> Stack:
        self.server.start()
        # Lambda invokes made while provisioning would have no runner: none happen there.
        # moto accepts any credentials; fixed ones keep the host's real AWS profile out of it.
        session = boto3.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106
            region_name=REGION,
        )
        self.stack = provision(self.template, session=session, endpoint_url=self.url)
        self.runner = Runner(self.stack, self.url)
        self.local_aws.runner = self.runner
        self.local_aws.s3_subscriptions = s3_subscriptions(self.runner)
        self.pollers = start_stream_pollers(self.runner, self.local_aws.moto.lock)
        return self.stack

    def stop(self) -> None:
        for poller in self.pollers:
            poller.stop()
        if self.runner is not None:
            self.runner.close()
        self.server.stop()


def _authorizers(stack: Stack, api: dict[str, Any], aws_url: str) -> dict[str, JwtAuthorizer]:
    found: dict[str, JwtAuthorizer] = {}
    for name, spec in ((api.get("Auth") or {}).get("Authorizers") or {}).items():
        spec = stack.resolve(spec)
        jwt_config = spec.get("JwtConfiguration")
        if not jwt_config:
            print(f"authorizer {name}: only JWT authorizers are emulated", file=sys.stderr)
            continue
        issuer = str(jwt_config["issuer"])
        source = str(spec.get("IdentitySource", "$request.header.Authorization"))
        header = source.removeprefix("$request.header.").lower()
        audience = tuple(str(a) for a in jwt_config.get("audience") or [])
        # The local Cognito serves each pool's JWKS under its id; other issuers serve their own.
        if issuer.startswith("https://cognito-idp."):
            jwks = f"{aws_url}/{issuer.rstrip('/').rsplit('/', 1)[-1]}/.well-known/jwks.json"
        else:
            jwks = issuer.rstrip("/") + "/.well-known/jwks.json"
        found[name] = JwtAuthorizer(JwtConfig(issuer, audience, header), jwks)
    return found


def run_dev(
    template: Template, port: int, aws_port: int, state_dir: Path, seed: bool, web_port: int | None = None
) -> None:
    import uvicorn

    from estore_local.web import WEB_DIST, StaticSite, WebServer, web_config

    aws = AwsCloud(template, aws_port)
    stack = aws.start()
    assert aws.runner is not None
    api_url = f"http://{HOST}:{port}"
    stack.outputs["ApiUrl"] = api_url
    stack.outputs["AwsEndpointUrl"] = aws.url
    stack.save(state_dir)

    _, api = template.http_api()
    routes = template.http_routes()
    gateway = Gateway(
        aws.runner,
        RouteTable(routes),
        _authorizers(stack, api, aws.url),
        Cors.from_config(stack.resolve(api.get("CorsConfiguration"))),
        load_openapi(template.base_dir / "openapi.json", api_url),
    )
    # The first request a client makes is usually the health check: have it warm already.
    for route in routes:
        if route.auth == "NONE" and route.method == "GET" and route.path == "/health":
            aws.runner.warm(route.function_id)

    web = None
    if web_port is not None:  # the web app, with its config.json from this stack's outputs
        web = WebServer(StaticSite(WEB_DIST, web_config(stack)), HOST, web_port)
        web.start()
        stack.outputs["WebUrl"] = web.url
        stack.save(state_dir)

    # Before the demo seed: functions that run inside other requests (Cognito's trigger, a workflow's steps,
    # the image ingest) or behind the search index, whose cold starts would otherwise land inside a caller's
    # Timeout. Without the seed (the pytest clouds) every cold start stays where the tests meet it.
    warming = None
    if seed:
        warming = threading.Thread(target=_warm_background_functions, args=(aws.runner, template), daemon=True)
        warming.start()
    server = uvicorn.Server(uvicorn.Config(create_app(gateway), host=HOST, port=port, log_level="warning"))
    threading.Thread(target=_announce, args=(server, stack, api_url, seed, warming), daemon=True).start()
    try:
        server.run()
    finally:
        if web is not None:
            web.stop()
        aws.stop()


# Never called during the demo seed or the web app's journeys: its cold start is not worth paying upfront.
_NOT_WARMED = frozenset({"SmokeCheckFunction"})


def _warm_background_functions(runner: Runner, template: Template) -> None:
    """Starts one environment of each function no route calls, two at a time (the seed waits for them).

    A cold start under load took 10-18 s locally (Python importing boto3, pydantic and Powertools); when it
    was the product workflow's, it ran inside POST /products and past CreateProductFunction's 15 s Timeout,
    and the demo seed failed. Warm, the seed's requests pay only their own cold start, as on AWS.
    """
    from concurrent.futures import ThreadPoolExecutor

    routed = {route.function_id for route in template.http_routes()}
    background = sorted(set(template.functions()) - routed - _NOT_WARMED)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="warm") as pool:
        list(pool.map(lambda function_id: runner.pool(function_id).warm(), background))


def _announce(server: Any, stack: Stack, api_url: str, seed: bool, warming: threading.Thread | None = None) -> None:
    import time

    while not server.started:
        time.sleep(0.05)
    if warming is not None:
        warming.join()
    web_url = stack.outputs.get("WebUrl")
    lines = [f"Estore web app: {web_url}  (open it in a browser)"] if web_url else []
    lines += [
        "",
        "Estore local cloud is up",
        f"  API           {api_url}",
        f"  Swagger UI    {api_url}/docs",
        f"  AWS endpoint  {stack.outputs['AwsEndpointUrl']}  (AWS_ENDPOINT_URL for boto3/aws cli)",
    ]
    users_seeded = False
    if seed and "UserPool" in stack.template.resources:
        from estore_local.users import seed_demo_users

        try:
            lines += seed_demo_users(stack, api_url)
            users_seeded = True
        except Exception as exc:  # the cloud stays useful without demo users
            lines.append(f"  demo users could not be created: {exc}")
    catalog = users_seeded and any(r.path == "/products" for r in stack.template.http_routes())
    if catalog:
        lines.append("  Demo catalog  three demo sellers are listing LEGO sets and more (a summary follows)")
    print("\n".join(lines) + "\n", file=sys.stderr, flush=True)
    if catalog:  # after the banner: /health already answers while the catalog fills in
        from estore_local.seed_catalog import seed_and_report

        print("\n".join(seed_and_report(stack, api_url)) + "\n", file=sys.stderr, flush=True)


def default_state_dir() -> Path:
    return Path(os.environ.get("ESTORE_LOCAL_STATE_DIR") or ROOT / ".local")
