"""Fakes of the offer use cases' ports: offers (with their claims and products) and seller profiles."""

from __future__ import annotations

from functools import partial
from typing import Any

from estore.domain.catalog import Offer
from estore.domain.identity import SellerProfile
from estore.domain.money import Money
from estore.errors import DomainError
from estore.store.catalog import offer_claim_of, to_offer
from estore.store.ports import CatalogPorts
from estore.store.uow import Transaction
from tests.fakes.uow import FakeTable, FakeUnitOfWork, writes_into


class FakeOffers:
    """estore.store.catalog's offers in memory (a product exists while it has a title)."""

    def __init__(self, table: FakeTable) -> None:
        self.table = table

    def unit_of_work(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.table)

    def find_offer(self, offer_id: str) -> Offer | None:
        offer: Offer | None = self.table.offers.get(offer_id)
        return offer

    def require_product(self, uow: Transaction, product_id: str, missing: DomainError) -> None:
        writes_into(uow).add(
            ("PRODUCT", product_id),
            lambda: None,
            holds=lambda: product_id in self.table.titles,
            on_condition_failed=missing,
        )

    def add_offer(
        self, uow: Transaction, offer: dict[str, Any], claim: str, created_at: str, taken: DomainError
    ) -> None:
        writes, typed = writes_into(uow), to_offer(offer)
        writes.add(
            ("OFFER", typed.id),
            partial(self.table.offers.__setitem__, typed.id, typed),
            holds=lambda: typed.id not in self.table.offers,
        )
        writes.add(
            ("OFFERCLAIM", claim),
            partial(self.table.offer_claims.__setitem__, claim, typed.id),
            holds=lambda: claim not in self.table.offer_claims,
            on_condition_failed=taken,
        )

    def change_offer(
        self,
        uow: Transaction,
        offer: Offer,
        *,
        price: Money | None,
        stock: int | None,
        condition_note: str | None,
        correlation_id: str,
        missing: DomainError,
    ) -> None:
        offers = self.table.offers
        given = {"price": price, "stock": stock, "condition_note": condition_note}
        changes = {name: value for name, value in given.items() if value is not None}

        def holds() -> bool:
            return offer.id in offers and offers[offer.id].seller_id == offer.seller_id

        def apply() -> None:
            offers[offer.id] = offers[offer.id].model_copy(update=changes)

        writes_into(uow).add(("OFFER", offer.id), apply, holds=holds, on_condition_failed=missing)

    def remove_offer(self, uow: Transaction, offer: Offer) -> None:
        writes = writes_into(uow)
        claim = offer_claim_of(offer)
        writes.add(("OFFER", offer.id), partial(self.table.offers.pop, offer.id, None))
        writes.add(("OFFERCLAIM", claim), partial(self.table.offer_claims.pop, claim, None))


class FakeSellers:
    """estore.store.identity's seller profiles in memory."""

    def __init__(self, table: FakeTable) -> None:
        self.table = table

    def get_seller(self, seller_id: str) -> SellerProfile | None:
        profile: SellerProfile | None = self.table.sellers.get(seller_id)
        return profile


def fake_catalog_ports(table: FakeTable | None = None) -> CatalogPorts:
    """The offer use cases' ports over one in-memory table (a new one by default)."""
    table = table or FakeTable()
    return CatalogPorts(offers=FakeOffers(table), sellers=FakeSellers(table))
