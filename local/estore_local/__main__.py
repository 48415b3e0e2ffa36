"""python -m estore_local dev | token --email E --role R | invoke --function F --event FILE"""

import argparse
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

from estore_local.emulator.template import load_template


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _dev(args: argparse.Namespace) -> int:
    from estore_local.devtools.dev import run_dev

    seed = not os.environ.get("ESTORE_LOCAL_NO_SEED") and not args.no_seed
    signal.signal(signal.SIGTERM, _stop)  # `kill` stops it as cleanly as Ctrl-C: no worker left behind
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how the local cloud is stopped
        run_dev(load_template(args.template), args.port, args.aws_port, args.state_dir, seed, args.web_port)
    return 0


def _token(args: argparse.Namespace) -> int:
    from estore_local.devtools.users import GROUPS, token_for
    from estore_local.emulator.stack import Stack

    if args.role not in GROUPS:
        print(f"--role must be one of {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    try:
        stack = Stack.load(args.state_dir)
    except OSError:
        print("The local cloud is not running: start it with `make dev`.", file=sys.stderr)
        return 1
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        print(token_for(stack, args.email, args.role))
    except (ClientError, BotoCoreError, RuntimeError) as exc:
        print(f"Could not get a token: {exc}", file=sys.stderr)
        return 1
    return 0


def _invoke(args: argparse.Namespace) -> int:
    from estore_local.emulator.invoke import invoke_once

    event = json.loads(Path(args.event).read_text()) if args.event else {}
    result = invoke_once(load_template(args.template), args.function, event, args.state_dir)
    print(json.dumps(result.payload, indent=2))
    return 1 if result.error else 0


def main(argv: list[str] | None = None) -> int:
    from estore_local.emulator.cloud import default_state_dir

    parser = argparse.ArgumentParser(prog="python -m estore_local", description=__doc__)
    parser.add_argument("--template", type=Path, default=None, help="template.yaml to run")
    parser.add_argument("--state-dir", type=Path, default=default_state_dir(), help="where outputs.json goes")
    commands = parser.add_subparsers(dest="command", required=True)
    dev = commands.add_parser("dev", help="start the local cloud")
    dev.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    dev.add_argument("--aws-port", type=int, default=int(os.environ.get("AWS_PORT", "4566")))
    dev.add_argument("--no-seed", action="store_true", help="skip the demo users and catalog")
    dev.add_argument("--web-port", type=int, default=None, help="also serve web/dist (the React app) on this port")
    dev.set_defaults(run=_dev)
    token = commands.add_parser("token", help="print an access token for a (new) user")
    token.add_argument("--email", required=True)
    token.add_argument("--role", default="customer")
    token.set_defaults(run=_token)
    invoke = commands.add_parser("invoke", help="run one function once with an event")
    invoke.add_argument("--function", required=True, help="the function's logical id")
    invoke.add_argument("--event", help="a JSON event file")
    invoke.set_defaults(run=_invoke)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
