"""The offer use cases' rules against the in-memory store (tests/fakes): no moto, no network.

The wiring (the real handlers on moto) is in tests/integration/test_products.py; the fakes' agreement with
the DynamoDB store is tests/integration/test_store_contract_catalog.py.
"""

from collections.abc import Iterator

import pytest

from estore.auth import Principal
from estore.config import get_settings
from estore.domain.catalog import Condition, OfferChanges, OfferInput
from estore.domain.money import Money
from estore.errors import Conflict, Forbidden, NotFound, ValidationFailed
from estore.services import offers
from estore.store.ports import CatalogPorts
from tests.fakes import FakeShop, FakeTable, fake_catalog_ports


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TABLE_NAME", "estore-unit")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def table() -> FakeTable:
    return FakeTable()


@pytest.fixture
def ports(table: FakeTable) -> CatalogPorts:
    return fake_catalog_ports(table)


@pytest.fixture
def shop(table: FakeTable) -> FakeShop:
    shop = FakeShop(table)
    shop.product("lamp", "Desk lamp")
    return shop


def seller(shop: FakeShop, user_id: str, *, active: bool = True) -> Principal:
    shop.seller(user_id, active=active)
    return Principal(user_id=user_id, username=user_id, email=None, roles=frozenset({"sellers"}))


def new(price: int = 1500, stock: int = 3, **fields: object) -> OfferInput:
    return OfferInput.model_validate({"price": {"amount": price, "currency": "USD"}, "stock": stock, **fields})


def test_a_seller_offers_an_existing_product_and_the_change_is_announced(
    ports: CatalogPorts, shop: FakeShop, table: FakeTable
) -> None:
    # Given a store and a product
    bob = seller(shop, "bob")
    # When Bob offers the lamp
    offer = offers.add_offer(bob, "lamp", new(), correlation_id="c", ports=ports)
    # Then the offer is his, at his price, and OfferChanged says so
    assert (offer.product_id, offer.seller_id, offer.seller_name, offer.price.amount) == (
        "lamp",
        "bob",
        "Store bob",
        1500,
    )
    assert ports.offers.find_offer(offer.id) == offer
    [event] = table.events("OfferChanged")
    assert event.detail["change"] == "created"


def test_a_second_offer_in_the_same_condition_and_variant_is_409_and_writes_nothing(
    ports: CatalogPorts, shop: FakeShop, table: FakeTable
) -> None:
    bob = seller(shop, "bob")
    offers.add_offer(bob, "lamp", new(), correlation_id="c", ports=ports)
    with pytest.raises(Conflict) as taken:
        offers.add_offer(bob, "lamp", new(price=1400), correlation_id="c", ports=ports)
    assert taken.value.code == "OFFER_EXISTS"
    assert len(table.offers) == 1
    assert len(table.events("OfferChanged")) == 1


def test_the_same_product_may_be_offered_used_or_in_another_variant(ports: CatalogPorts, shop: FakeShop) -> None:
    bob = seller(shop, "bob")
    offers.add_offer(bob, "lamp", new(), correlation_id="c", ports=ports)
    used = offers.add_offer(
        bob, "lamp", new(condition="used", conditionNote="scratched base"), correlation_id="c", ports=ports
    )
    blue = offers.add_offer(bob, "lamp", new(variant="blue"), correlation_id="c", ports=ports)
    assert (used.condition, blue.variant) == (Condition.USED, "blue")


def test_an_offer_on_a_product_that_does_not_exist_is_404(ports: CatalogPorts, shop: FakeShop) -> None:
    bob = seller(shop, "bob")
    with pytest.raises(NotFound):
        offers.add_offer(bob, "no-such-product", new(), correlation_id="c", ports=ports)


def test_only_an_active_store_may_offer(ports: CatalogPorts, shop: FakeShop) -> None:
    nobody = Principal(user_id="carol", username="carol", email=None, roles=frozenset({"customers"}))
    suspended = seller(shop, "dave", active=False)
    with pytest.raises(Forbidden) as no_store:
        offers.add_offer(nobody, "lamp", new(), correlation_id="c", ports=ports)
    with pytest.raises(Forbidden) as not_active:
        offers.add_offer(suspended, "lamp", new(), correlation_id="c", ports=ports)
    assert (no_store.value.code, not_active.value.code) == ("NOT_A_SELLER", "SELLER_SUSPENDED")


def test_a_price_in_another_currency_is_422(ports: CatalogPorts, shop: FakeShop) -> None:
    bob = seller(shop, "bob")
    euros = OfferInput.model_validate({"price": {"amount": 1500, "currency": "EUR"}, "stock": 1})
    with pytest.raises(ValidationFailed):
        offers.add_offer(bob, "lamp", euros, correlation_id="c", ports=ports)


def test_a_seller_changes_the_price_and_stock_of_its_own_offer(ports: CatalogPorts, shop: FakeShop) -> None:
    bob = seller(shop, "bob")
    offer = offers.add_offer(bob, "lamp", new(), correlation_id="c", ports=ports)
    changes = OfferChanges(price=Money(amount=1200, currency="USD"), stock=9)
    updated = offers.update_offer(bob, offer.id, changes, correlation_id="c", ports=ports)
    assert (updated.price.amount, updated.stock) == (1200, 9)
    assert ports.offers.find_offer(offer.id) == updated


def test_another_sellers_offer_cannot_be_changed_or_deleted(ports: CatalogPorts, shop: FakeShop) -> None:
    bob, eve = seller(shop, "bob"), seller(shop, "eve")
    offer = offers.add_offer(bob, "lamp", new(), correlation_id="c", ports=ports)
    with pytest.raises(Forbidden):
        offers.update_offer(eve, offer.id, OfferChanges(stock=0), correlation_id="c", ports=ports)
    with pytest.raises(Forbidden):
        offers.delete_offer(eve, offer.id, correlation_id="c", ports=ports)
    assert ports.offers.find_offer(offer.id) == offer


def test_a_second_hand_offer_keeps_its_condition_note(ports: CatalogPorts, shop: FakeShop) -> None:
    bob = seller(shop, "bob")
    used = offers.add_offer(bob, "lamp", new(condition="used", conditionNote="dented"), correlation_id="c", ports=ports)
    with pytest.raises(ValidationFailed):
        offers.update_offer(
            bob, used.id, OfferChanges.model_validate({"conditionNote": None}), correlation_id="c", ports=ports
        )


def test_an_offer_deleted_while_it_was_being_changed_is_404(
    ports: CatalogPorts, shop: FakeShop, table: FakeTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given Bob's offer is deleted between the read and the write of his change
    bob = seller(shop, "bob")
    offer = offers.add_offer(bob, "lamp", new(), correlation_id="c", ports=ports)
    find = ports.offers.find_offer

    def read_then_lose(offer_id: str):  # type: ignore[no-untyped-def]
        found = find(offer_id)
        table.offers.pop(offer_id)
        return found

    monkeypatch.setattr(ports.offers, "find_offer", read_then_lose)
    # When he changes it, Then 404 from the write's condition, and nothing comes back
    with pytest.raises(NotFound):
        offers.update_offer(bob, offer.id, OfferChanges(stock=5), correlation_id="c", ports=ports)
    assert offer.id not in table.offers


def test_a_deleted_offer_frees_its_slot_for_a_new_one(ports: CatalogPorts, shop: FakeShop, table: FakeTable) -> None:
    bob = seller(shop, "bob")
    offer = offers.add_offer(bob, "lamp", new(), correlation_id="c", ports=ports)
    offers.delete_offer(bob, offer.id, correlation_id="c", ports=ports)
    assert ports.offers.find_offer(offer.id) is None
    again = offers.add_offer(bob, "lamp", new(), correlation_id="c", ports=ports)
    assert again.id != offer.id
    assert [e.detail["change"] for e in table.events("OfferChanged")] == ["created", "deleted", "created"]
