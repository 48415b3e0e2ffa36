"""The local cloud from a template: moto on a port with its gaps filled, the resources provisioned, functions
wired to their event sources, and the HTTP API gateway in front of them (`devtools.dev` runs it for `make dev`)."""

import os
import sys
from pathlib import Path
from typing import Any

import boto3

from estore_local.emulator import distributed_map
from estore_local.emulator.gateway.app import Gateway, load_openapi
from estore_local.emulator.gateway.authorizer import JwtAuthorizer, JwtConfig
from estore_local.emulator.gateway.cors import Cors
from estore_local.emulator.gateway.routing import RouteTable
from estore_local.emulator.intrinsics import REGION
from estore_local.emulator.moto_gaps import LocalAws
from estore_local.emulator.moto_server import AwsServer, SerializedMoto, enable_step_functions
from estore_local.emulator.provision import provision
from estore_local.emulator.runner import Runner
from estore_local.emulator.s3_cors import S3Cors, moto_bucket_rules
from estore_local.emulator.stack import Stack
from estore_local.emulator.template import ROOT, Template
from estore_local.emulator.triggers import StreamPoller, s3_subscriptions, start_stream_pollers

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


def gateway_for(aws: AwsCloud, api_url: str) -> Gateway:
    """The HTTP API of the template in front of the cloud's functions: routes, JWT authorizers, CORS, openapi."""
    assert aws.stack is not None, "start the cloud first"
    assert aws.runner is not None
    _, api = aws.template.http_api()
    return Gateway(
        aws.runner,
        RouteTable(aws.template.http_routes()),
        _authorizers(aws.stack, api, aws.url),
        Cors.from_config(aws.stack.resolve(api.get("CorsConfiguration"))),
        load_openapi(aws.template.base_dir / "openapi.json", api_url),
    )


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


def default_state_dir() -> Path:
    return Path(os.environ.get("ESTORE_LOCAL_STATE_DIR") or ROOT / ".local")
