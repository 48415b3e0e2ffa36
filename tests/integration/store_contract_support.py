"""The two stores the contract tests run against: the in-memory fakes (tests/fakes) and the DynamoDB store
(moto, tables from template.yaml), each with the few ways a scenario sets up its world."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from estore.auth import Principal
from estore.config import get_settings
from estore.ddb.conditions import Attr
from estore.domain.cart import AddToCart
from estore.services import cart as cart_service
from estore.store import dynamo
from estore.store.ports import CatalogPorts, CheckoutPorts, LedgerPorts, dynamo_catalog, dynamo_checkout
from estore_local.emulator.harness import Cloud, make_seller
from tests.fakes import FakeShop, FakeTable, FakeUsers, fake_catalog_ports, fake_checkout_ports

NOW = 1_780_000_000
AT = "2026-01-01T10:00:00Z"


@dataclass
class Backend:
    name: str
    checkout: CheckoutPorts
    catalog: CatalogPorts
    new_user: Callable[[], str]
    event_types: Callable[[], list[str]]
    list_offer: Callable[[int, int], tuple[str, str]]  # (price, stock) -> (offer id, seller id)
    add_to_cart: Callable[[str, str, int], None]  # customer, offer id, quantity

    @property
    def ports(self) -> LedgerPorts:
        return self.checkout.ledger


def _fake_backend() -> Backend:
    table = FakeTable()
    ports, shop = fake_checkout_ports(table), FakeShop(table)
    users = ports.ledger.users
    assert isinstance(users, FakeUsers)

    def new_user() -> str:
        return users.add(uuid.uuid4().hex).user_id

    def list_offer(price: int, stock: int) -> tuple[str, str]:
        seller_id = shop.seller(new_user())
        return shop.offer(uuid.uuid4().hex, seller_id, price=price, stock=stock).id, seller_id

    def add_to_cart(customer_id: str, offer_id: str, quantity: int) -> None:
        shop.add_to_cart(customer_id, offer_id, quantity)

    def event_types() -> list[str]:
        return sorted(event.detail_type for event in table.outbox)

    catalog = fake_catalog_ports(table)
    return Backend("fake", ports, catalog, new_user, event_types, list_offer, add_to_cart)


def _dynamo_backend(cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> Backend:
    def settle() -> None:  # the services run with the deposit function's settings
        cloud.enter("DepositFunction")
        monkeypatch.setenv("PAYMENT_PROVIDER", "fake")
        monkeypatch.setenv("CURSOR_SECRET", "contract-secret")
        get_settings.cache_clear()

    settle()

    def new_user() -> str:
        return cloud.confirm_sign_up(f"contract-{uuid.uuid4().hex[:8]}@example.com").sub

    def event_types() -> list[str]:
        items = dynamo.table().scan(FilterExpression=Attr("type").eq("OUTBOX"))["Items"]
        return sorted(str(item["detailType"]) for item in items)

    def list_offer(price: int, stock: int) -> tuple[str, str]:
        shop = make_seller(cloud, f"Contract {uuid.uuid4().hex[:6]}")
        money = {"amount": price, "currency": "USD"}
        body = {"title": "Brick", "brand": "B", "category": "c", "offer": {"price": money, "stock": stock}}
        listed = cloud.call("POST", "/products", user=shop, json_body=body)
        assert listed.status == 201, listed.body
        settle()
        return str(listed.body["bestOffer"]["id"]), shop.sub

    def add_to_cart(customer_id: str, offer_id: str, quantity: int) -> None:
        customer = Principal(user_id=customer_id, username=customer_id, email=None, roles=frozenset({"customers"}))
        cart_service.add_item(customer, AddToCart(offer_id=offer_id, quantity=quantity), correlation_id="c")

    return Backend("dynamo", dynamo_checkout(), dynamo_catalog(), new_user, event_types, list_offer, add_to_cart)


@pytest.fixture(params=["fake", "dynamo"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Backend]:
    if request.param == "fake":
        monkeypatch.setenv("TABLE_NAME", "estore-contract")
        monkeypatch.setenv("PAYMENT_PROVIDER", "fake")
        monkeypatch.setenv("CURSOR_SECRET", "contract-secret")
        get_settings.cache_clear()
        yield _fake_backend()
        get_settings.cache_clear()
    else:
        yield _dynamo_backend(request.getfixturevalue("cloud"), monkeypatch)
