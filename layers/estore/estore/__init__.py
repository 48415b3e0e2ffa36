"""Estore's shared layer: domain rules, DynamoDB store, HTTP plumbing and observability."""

import os

# Estore uses no pydantic plugins. Unless told so, pydantic looks for them on the first model it builds by
# reading the entry points of every installed distribution, inside the first request of every cold start
# (about 40 ms with the dev venv; docs/performance.md). setdefault: an operator may still turn them on.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
