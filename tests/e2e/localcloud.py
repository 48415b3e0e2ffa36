"""Starts `python -m estore_local dev` as a subprocess on free ports, for tests over real HTTP."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LocalCloud:
    process: subprocess.Popen[bytes]
    api_url: str
    aws_url: str
    outputs: dict[str, str]
    log_path: Path

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.api_url, timeout=30)

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.aws_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def sign_up(
        self,
        email: str | None = None,
        password: str = "Passw0rd-e2e",  # noqa: S107 - local Cognito only
    ) -> tuple[str, dict[str, str]]:
        """A new confirmed user through the real Cognito flow; (email, AuthenticationResult)."""
        email = email or f"user-{uuid.uuid4().hex[:10]}@example.com"
        idp, client_id = self.client("cognito-idp"), self.outputs["UserPoolClientId"]
        idp.sign_up(
            ClientId=client_id,
            Username=email,
            Password=password,
            UserAttributes=[{"Name": "email", "Value": email}],
        )
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

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


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
