"""The offers' part of the store's contract: the in-memory fakes (tests/fakes) and the DynamoDB store (moto)
keep the same conditions on offers, their claims and the products they are on."""

from __future__ import annotations

import pytest

from estore.domain.catalog import Offer
from estore.domain.identity import SellerStatus
from estore.domain.money import Money
from estore.errors import Conflict, NotFound
from estore.store.catalog import offer_claim_of
from tests.integration.store_contract_support import AT, Backend, backend

__all__ = ["backend"]  # the fixture: each test runs once per store


def _listed(backend: Backend, price: int = 100, stock: int = 3) -> Offer:
    offer_id, _ = backend.list_offer(price, stock)
    offer = backend.catalog.offers.find_offer(offer_id)
    assert offer is not None
    return offer


def _copy(offer: Offer, offer_id: str) -> dict[str, object]:
    data = offer.model_dump(mode="json", by_alias=True)
    return {**data, "id": offer_id, "correlationId": "c"}


def test_a_listed_offer_reads_back_typed_and_its_seller_is_active(backend: Backend) -> None:
    offer = _listed(backend, price=250, stock=4)
    assert (offer.price.amount, offer.stock, offer.variant) == (250, 4, None)
    seller = backend.catalog.sellers.get_seller(offer.seller_id)
    assert seller is not None
    assert seller.status is SellerStatus.ACTIVE
    assert backend.catalog.offers.find_offer("no-such-offer") is None
    assert backend.catalog.sellers.get_seller("no-such-seller") is None


def test_a_product_is_required_to_exist(backend: Backend) -> None:
    offer = _listed(backend)
    uow = backend.catalog.offers.unit_of_work()
    backend.catalog.offers.require_product(uow, offer.product_id, NotFound("gone"))
    backend.catalog.offers.require_product(uow, "no-such-product", NotFound("gone", code="NO_PRODUCT"))
    with pytest.raises(NotFound) as missing:
        uow.commit()
    assert missing.value.code == "NO_PRODUCT"


def test_an_offer_whose_claim_is_held_is_refused_and_not_written(backend: Backend) -> None:
    offer = _listed(backend)
    uow = backend.catalog.offers.unit_of_work()
    taken = Conflict("taken", code="OFFER_EXISTS")
    backend.catalog.offers.add_offer(uow, _copy(offer, "offer-twin"), offer_claim_of(offer), AT, taken)
    with pytest.raises(Conflict) as refused:
        uow.commit()
    assert refused.value.code == "OFFER_EXISTS"
    assert backend.catalog.offers.find_offer("offer-twin") is None


def test_an_offer_is_changed_only_while_it_is_still_its_sellers(backend: Backend) -> None:
    offer = _listed(backend)
    price = Money(amount=90, currency="USD")
    uow = backend.catalog.offers.unit_of_work()
    stolen = offer.model_copy(update={"seller_id": "someone-else"})
    backend.catalog.offers.change_offer(
        uow, stolen, price=price, stock=None, condition_note=None, correlation_id="c", missing=NotFound("no")
    )
    with pytest.raises(NotFound):
        uow.commit()
    uow = backend.catalog.offers.unit_of_work()
    backend.catalog.offers.change_offer(
        uow, offer, price=price, stock=7, condition_note=None, correlation_id="c", missing=NotFound("no")
    )
    uow.commit()
    assert backend.catalog.offers.find_offer(offer.id) == offer.model_copy(update={"price": price, "stock": 7})


def test_a_removed_offer_frees_its_claim(backend: Backend) -> None:
    offer = _listed(backend)
    uow = backend.catalog.offers.unit_of_work()
    backend.catalog.offers.remove_offer(uow, offer)
    uow.commit()
    assert backend.catalog.offers.find_offer(offer.id) is None
    uow = backend.catalog.offers.unit_of_work()
    taken = Conflict("taken", code="OFFER_EXISTS")
    backend.catalog.offers.add_offer(uow, _copy(offer, "offer-again"), offer_claim_of(offer), AT, taken)
    uow.commit()
    again = backend.catalog.offers.find_offer("offer-again")
    assert again is not None
    assert again.model_copy(update={"id": offer.id}) == offer
