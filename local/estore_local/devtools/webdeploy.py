"""`make deploy`'s web steps: AllowedOrigins set to the distribution, web/dist and config.json uploaded.

python -m estore_local.devtools.webdeploy overrides --env dev   # samconfig's parameter overrides + AllowedOrigins
python -m estore_local.devtools.webdeploy upload --env dev      # web/dist and config.json to the web bucket
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import time
from pathlib import Path
from typing import Any

import boto3

from estore_local.emulator.template import ROOT, samconfig_overrides

WEB_DIST = ROOT / "web" / "dist"


def stack_name(env: str) -> str:
    import tomllib

    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    return str(config[env]["global"]["parameters"]["stack_name"])


def describe(env: str) -> tuple[dict[str, str], dict[str, str]] | None:
    """(outputs, parameters) of the deployed stack; None before the first deploy."""
    cloudformation: Any = boto3.client("cloudformation")
    try:
        stack = cloudformation.describe_stacks(StackName=stack_name(env))["Stacks"][0]
    except cloudformation.exceptions.ClientError:
        return None
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    parameters = {p["ParameterKey"]: p.get("ParameterValue", "") for p in stack.get("Parameters", [])}
    return outputs, parameters


def overrides(env: str, only_if_changed: bool = False) -> str:
    """The deploy's parameter overrides with AllowedOrigins = the web app's URL ("" before the first
    deploy; with only_if_changed, also "" when the stack already has it)."""
    found = describe(env)
    if found is None or "WebUrl" not in found[0]:
        return ""
    outputs, parameters = found
    if only_if_changed and parameters.get("AllowedOrigins") == outputs["WebUrl"]:
        return ""
    values = samconfig_overrides(ROOT / "samconfig.toml", env)
    values["AllowedOrigins"] = outputs["WebUrl"]
    return " ".join(f"{name}={value}" for name, value in values.items())


def web_config(outputs: dict[str, str], region: str, currency: str) -> dict[str, Any]:
    """What the app reads at start (web/src/lib/config.ts): no cognitoEndpoint, SRP sign-in."""
    return {
        "apiUrl": outputs["ApiUrl"],
        "region": region,
        "userPoolId": outputs["UserPoolId"],
        "userPoolClientId": outputs["UserPoolClientId"],
        "authFlow": "USER_SRP_AUTH",
        "currency": currency,
    }


def cache_control(path: Path) -> str:
    return "public, max-age=31536000, immutable" if path.parent.name == "assets" else "no-cache"


def upload(env: str) -> int:
    found = describe(env)
    if found is None:
        print(f"The stack {stack_name(env)} is not deployed.", file=sys.stderr)
        return 1
    if not (WEB_DIST / "index.html").is_file():
        print("web/dist is missing: make web-build", file=sys.stderr)
        return 1
    outputs, parameters = found
    session = boto3.session.Session()
    s3: Any = session.client("s3")
    bucket = outputs["WebBucketName"]
    # Assets first, index.html last: a visitor never gets an index naming assets not uploaded yet.
    files = sorted((p for p in WEB_DIST.rglob("*") if p.is_file()), key=lambda p: p.name == "index.html")
    for path in files:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        key = path.relative_to(WEB_DIST).as_posix()
        s3.upload_file(str(path), bucket, key, ExtraArgs={"ContentType": kind, "CacheControl": cache_control(path)})
    config = web_config(outputs, session.region_name or "us-east-1", parameters.get("Currency") or "USD")
    s3.put_object(
        Bucket=bucket,
        Key="config.json",
        Body=json.dumps(config).encode(),
        ContentType="application/json",
        CacheControl="no-store",
    )
    cloudfront: Any = session.client("cloudfront")
    cloudfront.create_invalidation(
        DistributionId=outputs["WebDistributionId"],
        InvalidationBatch={
            "Paths": {"Quantity": 2, "Items": ["/index.html", "/config.json"]},
            "CallerReference": str(time.time()),
        },
    )
    print(f"Uploaded {len(files)} files and config.json; the web app: {outputs['WebUrl']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m estore_local.devtools.webdeploy", description=__doc__)
    parser.add_argument("step", choices=["overrides", "upload"])
    parser.add_argument("--env", default="dev")
    parser.add_argument("--only-if-changed", action="store_true", help="overrides: print nothing if already set")
    args = parser.parse_args(argv)
    if args.step == "overrides":
        print(overrides(args.env, args.only_if_changed))
        return 0
    return upload(args.env)


if __name__ == "__main__":
    raise SystemExit(main())
