"""In-memory fakes of the store's ports (estore.store.ports) for fast unit tests of the business rules.

They keep the real store's behaviour where the rules depend on it: one transaction checks every
condition against the state before it and then applies all of its writes or none, each broken condition
raises the same domain error as on DynamoDB (merged the same way), a transaction touches an item once
and holds at most 100 writes. tests/integration/test_store_contract.py runs the same scenarios against
these fakes and against the DynamoDB store (moto), so they cannot drift apart.
"""

from tests.fakes.catalog import FakeOffers, FakeSellers, fake_catalog_ports
from tests.fakes.ledger import FakeLedger, FakeRecords, FakeUsers, fake_ledger_ports
from tests.fakes.shop import FakeCarts, FakeOrders, FakeShop, fake_checkout_ports
from tests.fakes.uow import FakeTable, FakeUnitOfWork, TransactionInvalid

__all__ = [
    "FakeCarts",
    "FakeLedger",
    "FakeOffers",
    "FakeOrders",
    "FakeRecords",
    "FakeSellers",
    "FakeShop",
    "FakeTable",
    "FakeUnitOfWork",
    "FakeUsers",
    "TransactionInvalid",
    "fake_catalog_ports",
    "fake_checkout_ports",
    "fake_ledger_ports",
]
