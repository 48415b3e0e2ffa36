"""The stack the e2e tests call over HTTP: a local cloud started on free ports, or a deployed stack."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LocalCloud:
    """The stack the e2e suite runs against: a local cloud it started, or any deployed stack (`remote_stack`).

    Tests only use what a client of a deployed stack has: the API URL, the stack's outputs and AWS clients
    with the caller's credentials. What only the local cloud has (its process, its log) is None on AWS;
    tests that need it are marked `local_only` and skipped there.
    """

    process: subprocess.Popen[bytes] | None
    api_url: str
    aws_url: str | None  # an endpoint override (the local cloud, or AWS_ENDPOINT_URL); None means AWS itself
    outputs: dict[str, str]
    log_path: Path | None
    region: str = "us-east-1"
    created_users: list[str] = field(default_factory=list)

    @property
    def is_local(self) -> bool:
        return self.process is not None

    def output(self, name: str) -> str:
        """A stack output; a test that needs one the caller did not give is skipped, not failed."""
        if name not in self.outputs:
            pytest.skip(f"the stack under test was given without its {name} output")
        return self.outputs[name]

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.api_url, timeout=30)

    def client(self, service: str) -> Any:
        if self.is_local:
            return boto3.client(
                service,
                endpoint_url=self.aws_url,
                region_name=self.region,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
        # boto3 itself honours AWS_ENDPOINT_URL (how `make e2e` reaches a running `make dev` "as if remote").
        return boto3.client(service, region_name=self.region)

    def sign_up(
        self,
        email: str | None = None,
        password: str = "Passw0rd-e2e",  # noqa: S107 - a throwaway user the suite deletes
    ) -> tuple[str, dict[str, str]]:
        """A new confirmed user through the real Cognito flow; (email, AuthenticationResult)."""
        email = email or f"e2e-{uuid.uuid4().hex[:10]}@example.com"
        idp, client_id = self.client("cognito-idp"), self.outputs["UserPoolClientId"]
        idp.sign_up(
            ClientId=client_id,
            Username=email,
            Password=password,
            UserAttributes=[{"Name": "email", "Value": email}],
        )
        self.created_users.append(email)
        idp.admin_confirm_sign_up(UserPoolId=self.outputs["UserPoolId"], Username=email)
        return email, self.sign_in(email, password)

    def sign_in(self, email: str, password: str = "Passw0rd-e2e") -> dict[str, str]:  # noqa: S107
        auth = self.client("cognito-idp").initiate_auth(
            ClientId=self.outputs["UserPoolClientId"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
        tokens: dict[str, str] = auth["AuthenticationResult"]
        return tokens

    def delete_created_users(self) -> None:
        """Removes the users this suite signed up (and only those): a deployed stack keeps no test users."""
        idp = self.client("cognito-idp")
        for email in self.created_users:
            with contextlib.suppress(idp.exceptions.UserNotFoundException):
                idp.admin_delete_user(UserPoolId=self.outputs["UserPoolId"], Username=email)
        self.created_users.clear()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def remote_stack(environ: Mapping[str, str]) -> LocalCloud | None:
    """The deployed stack `make e2e` names, or None to start a local cloud.

    `ESTORE_E2E_STACK=<name>` reads the CloudFormation outputs with boto3; otherwise `ESTORE_E2E_API_URL`,
    `ESTORE_E2E_USER_POOL_ID`, `ESTORE_E2E_CLIENT_ID` and `ESTORE_E2E_REGION` give them directly (with the
    optional `ESTORE_E2E_IMAGES_BUCKET`, `ESTORE_E2E_EVENT_BUS`, `ESTORE_E2E_TABLE`).
    """
    region = environ.get("ESTORE_E2E_REGION") or environ.get("AWS_REGION") or "us-east-1"
    endpoint = environ.get("AWS_ENDPOINT_URL") or None
    if name := environ.get("ESTORE_E2E_STACK"):
        described = boto3.client("cloudformation", region_name=region).describe_stacks(StackName=name)
        outputs = {o["OutputKey"]: o["OutputValue"] for o in described["Stacks"][0].get("Outputs", [])}
        return LocalCloud(None, outputs["ApiUrl"].rstrip("/"), endpoint, outputs, None, region)
    if api_url := environ.get("ESTORE_E2E_API_URL"):
        given = {
            "UserPoolId": environ.get("ESTORE_E2E_USER_POOL_ID"),
            "UserPoolClientId": environ.get("ESTORE_E2E_CLIENT_ID"),
            "ImagesBucket": environ.get("ESTORE_E2E_IMAGES_BUCKET"),
            "EventBusName": environ.get("ESTORE_E2E_EVENT_BUS"),
            "TableName": environ.get("ESTORE_E2E_TABLE"),
        }
        missing = [key for key in ("UserPoolId", "UserPoolClientId") if not given[key]]
        if missing:
            raise SystemExit(f"make e2e API_URL=... also needs USER_POOL_ID and CLIENT_ID (missing: {missing})")
        outputs = {key: value for key, value in given.items() if value}
        return LocalCloud(None, api_url.rstrip("/"), endpoint, outputs, None, region)
    return None


def start_local_cloud(state_dir: Path, template: Path | None = None) -> LocalCloud:
    port, aws_port = free_port(), free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "layers/estore"), str(ROOT / "local")]),
        "ESTORE_LOCAL_NO_SEED": "1",
        "ESTORE_LOCAL_STATE_DIR": str(state_dir),
        "PORT": str(port),
        "AWS_PORT": str(aws_port),
    }
    args = [sys.executable, "-m", "estore_local"]
    if template is not None:
        args += ["--template", str(template)]
    log_path = state_dir / "local-cloud.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([*args, "dev"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    api_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"local cloud exited:\n{log_path.read_text()}")
        try:
            # Any answer from the gateway means it is up (outputs are written before it starts).
            httpx.get(f"{api_url}/openapi.json", timeout=2)
            outputs = json.loads((state_dir / "outputs.json").read_text())
            return LocalCloud(process, api_url, outputs["AwsEndpointUrl"], outputs, log_path)
        except (httpx.HTTPError, OSError):
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"local cloud did not start in {START_TIMEOUT_S}s:\n{log_path.read_text()}")
