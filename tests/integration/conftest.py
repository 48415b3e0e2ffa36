"""Integration tests: the real handlers against moto in-process, with resources built from template.yaml."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from estore_local.emulator.harness import Answer, Cloud, User, in_process_cloud, make_seller
from tests.integration.search_support import bus, rival, seller  # fixtures the search tests share

__all__ = ["Answer", "Cloud", "User", "bus", "make_seller", "rival", "seller"]


@pytest.fixture
def cloud(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cloud]:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with in_process_cloud(monkeypatch.setenv) as cloud:
        yield cloud


@pytest.fixture
def customer(cloud: Cloud) -> User:
    return cloud.confirm_sign_up(f"customer-{uuid.uuid4().hex[:8]}@example.com")


@pytest.fixture
def other_customer(cloud: Cloud) -> User:
    return cloud.confirm_sign_up(f"other-{uuid.uuid4().hex[:8]}@example.com")
