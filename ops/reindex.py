"""Rebuilds the search index of every product from the catalog: the indexer's own recompute, run for each
product the table holds and each one the index still names (a product gone gets its tombstone).

    make reindex STACK=estore-dev                      # a deployed stack (its TableName output)
    make reindex TABLE=<table> [WORKERS=4]             # any table boto3 reaches, e.g. make dev's:
    AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
        make reindex TABLE=<TableName of .local/outputs.json>

Idempotent, like the indexer: running it twice, or while the indexer handles events, leaves the same index
(each entry is written only over an older read of the catalog). Needed after a deploy that changes what the
index stores (pair postings): an unchanged product would otherwise keep its old postings until it changes.
"""

from __future__ import annotations

import argparse
import os
import sys

import boto3


def table_of(stack: str, region: str | None) -> str:
    """The deployed stack's table (its TableName output)."""
    answer = boto3.client("cloudformation", region_name=region).describe_stacks(StackName=stack)
    outputs = {output["OutputKey"]: output["OutputValue"] for output in answer["Stacks"][0].get("Outputs", [])}
    return outputs["TableName"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the search index of every product from the catalog.")
    parser.add_argument("--table", default=os.environ.get("TABLE") or os.environ.get("TABLE_NAME"))
    parser.add_argument("--stack", help="the deployed stack (its TableName output), instead of --table")
    parser.add_argument("--region")
    parser.add_argument("--workers", type=int, default=4, help="products recomputed in parallel")
    parser.add_argument(
        "--rewrite-postings", action="store_true", help="put every posting again (a change in what postings carry)"
    )
    args = parser.parse_args(argv)
    table = table_of(args.stack, args.region) if args.stack else args.table
    if not table:
        parser.error("name the table (--table, TABLE=) or the stack (--stack, STACK=)")
    if args.region:
        os.environ["AWS_DEFAULT_REGION"] = args.region
    os.environ["TABLE_NAME"] = table
    from estore import aws, config  # read after TABLE_NAME is set: the layer's settings come from the env

    config.get_settings.cache_clear()
    aws.reset()
    from estore.services.search_index import reindex_all

    outcome = reindex_all(
        args.workers, progress=lambda done: print(f"  {done:,} products", flush=True), rewrite=args.rewrite_postings
    )
    print(f"{table}: {outcome.products:,} products recomputed, {outcome.searchable:,} searchable")
    if outcome.failed:
        print(f"{len(outcome.failed)} failed (run again; the log names each): {', '.join(outcome.failed[:10])}")
    return 1 if outcome.failed else 0


if __name__ == "__main__":
    sys.exit(main())
