"""`make dev`: the local cloud of template.yaml, the web app next to it, demo users and a demo catalog."""

import sys
import threading
from pathlib import Path
from typing import Any

from estore_local.emulator.cloud import HOST, AwsCloud, gateway_for
from estore_local.emulator.gateway.app import create_app
from estore_local.emulator.runner import Runner
from estore_local.emulator.stack import Stack
from estore_local.emulator.template import Template


def run_dev(
    template: Template, port: int, aws_port: int, state_dir: Path, seed: bool, web_port: int | None = None
) -> None:
    import uvicorn

    from estore_local.devtools.web import WEB_DIST, StaticSite, WebServer, web_config

    aws = AwsCloud(template, aws_port)
    stack = aws.start()
    assert aws.runner is not None
    api_url = f"http://{HOST}:{port}"
    stack.outputs["ApiUrl"] = api_url
    stack.outputs["AwsEndpointUrl"] = aws.url
    stack.save(state_dir)

    gateway = gateway_for(aws, api_url)
    # The first request a client makes is usually the health check: have it warm already.
    for route in template.http_routes():
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
        from estore_local.devtools.users import seed_demo_users

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
        from estore_local.devtools.seed_catalog import seed_and_report

        print("\n".join(seed_and_report(stack, api_url)) + "\n", file=sys.stderr, flush=True)
