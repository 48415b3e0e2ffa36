"""docs/events.md stays honest: every event type the layer emits is documented, with a schema its real
detail passes, and nothing documented is left that the code no longer emits."""

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from jsonschema import Draft202012Validator

from estore.domain.events import offer_changed, product_event
from estore.domain.imports import import_completed
from estore.services import publisher

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers" / "estore" / "estore"
DOC = ROOT / "docs" / "events.md"
_SECTION = re.compile(r"^### (\w+)\s*$", re.MULTILINE)
_JSON_BLOCK = re.compile(r"```json\n(.*?)\n```", re.DOTALL)


def emitted_types() -> set[str]:
    """Every detail type passed as a literal to new_event()/product_event() anywhere in the layer."""
    found: set[str] = set()
    for path in LAYER.rglob("*.py"):
        scan = _EventCalls(path)
        scan.visit(ast.parse(path.read_text(), filename=str(path)))
        found |= scan.types
    return found


# Functions that pass on an event type their callers give as a literal (scanned at those call sites).
_PASS_THROUGH = {"product_event", "journal_events"}


class _EventCalls(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path, self.types, self.within = path, set[str](), [""]

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.within.append(node.name)
        self.generic_visit(node)
        self.within.pop()

    def visit_Call(self, node: ast.Call) -> None:
        detail_type = _detail_type_argument(node)
        if isinstance(detail_type, ast.Constant) and isinstance(detail_type.value, str):
            self.types.add(detail_type.value)
        elif detail_type is not None and self.within[-1] not in _PASS_THROUGH:
            raise AssertionError(f"{self.path}:{node.lineno}: pass the event type as a literal, so it is checked")
        # The wallet names a movement's event as event=("MoneyDeposited", {...}) for journal_events().
        for keyword in node.keywords:
            if keyword.arg == "event" and isinstance(keyword.value, ast.Tuple) and keyword.value.elts:
                kind = keyword.value.elts[0]
                if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                    self.types.add(kind.value)
        self.generic_visit(node)


def _detail_type_argument(node: ast.AST) -> ast.expr | None:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name | ast.Attribute):
        return None
    name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
    position = {"new_event": 1, "product_event": 0}.get(name)
    if position is None:
        return None
    keyword = next((k.value for k in node.keywords if k.arg == "detail_type"), None)
    return keyword or (node.args[position] if len(node.args) > position else None)


def documented_schemas() -> dict[str, dict[str, Any]]:
    """Each `### <EventType>` section's JSON Schema (its first json block)."""
    text = DOC.read_text()
    sections = list(_SECTION.finditer(text))
    schemas = {}
    for index, section in enumerate(sections):
        end = sections[index + 1].start() if index + 1 < len(sections) else len(text)
        block = _JSON_BLOCK.search(text, section.end(), end)
        assert block, f"docs/events.md: {section.group(1)} has no JSON Schema"
        schemas[section.group(1)] = json.loads(block.group(1))
    return schemas


def envelope_schema() -> dict[str, Any]:
    text = DOC.read_text()
    start = text.index("## The envelope")
    block = _JSON_BLOCK.search(text, start)
    assert block
    schema: dict[str, Any] = json.loads(block.group(1))
    return schema


PRODUCT = {
    "id": "01KB0000000000000000000002",
    "sellerId": "5f0c2a7e-1b2c-4d3e-8f90-123456789abc",
    "title": "Millennium Falcon",
    "description": "not in the event",
    "brand": "LEGO",
    "category": "toys",
    "tags": ["lego", "star-wars"],
    "images": [{"id": "img1", "contentKey": "images/abc"}],
}
OFFER = {
    "id": "01KB0000000000000000000003",
    "productId": PRODUCT["id"],
    "sellerId": PRODUCT["sellerId"],
    "sellerName": "Brick House",
    "condition": "used",
    "conditionNote": "Box worn",
    "price": {"amount": 4999, "currency": "USD"},
    "stock": 0,
    "variant": None,
}
MONEY = {"amount": 5000, "currency": "USD"}
ITEM = {"offerId": OFFER["id"], "productId": PRODUCT["id"], "quantity": 2}


def real_details() -> dict[str, list[dict[str, Any]]]:
    """What the domain's event builders really produce, per type."""
    return {
        "ProductCreated": [product_event("ProductCreated", PRODUCT, correlation_id="c").detail],
        "ProductUpdated": [product_event("ProductUpdated", {**PRODUCT, "tags": []}, correlation_id="c").detail],
        "ProductDeleted": [product_event("ProductDeleted", PRODUCT, correlation_id="c").detail],
        "OfferChanged": [
            offer_changed(OFFER, change, correlation_id="c").detail for change in ("created", "updated", "deleted")
        ],
        "ImportCompleted": [
            import_completed(
                {"id": "i1", "sellerId": "s1", "status": status, "rows": 3, "created": 1, "updated": 1, "failed": 1},
                correlation_id="c",
            ).detail
            for status in ("SUCCEEDED", "PARTIAL", "FAILED")
        ],
        # Built inline by services/cart.py, checkout.py and wallet.py: these mirror them.
        "ItemAddedToCart": [{"customerId": "u1", "offerId": OFFER["id"], "productId": PRODUCT["id"], "quantity": 2}],
        "ItemsRemovedFromCart": [
            {"customerId": "u1", "reason": reason, "items": [ITEM]} for reason in ("removed", "checkout")
        ],
        "AccountOpened": [{"accountId": "u1", "owner": "u1"}],
        "JournalEntryCreated": [
            {
                "entryId": "01KB000000000000000000000A",
                "entryType": "ORDER_PAYMENT",
                "reference": "ES-7K3Q-9XZ2",
                "currency": "USD",
                "lines": [
                    {"accountId": "u1", "delta": -9998, "balanceAfter": 2},
                    {"accountId": "platform-fees", "delta": 9998, "balanceAfter": None},
                ],
            }
        ],
        "MoneyDeposited": [
            {"entryId": "e1", "userId": "u1", "amount": MONEY},
            {"entryId": "e2", "userId": "u1", "amount": MONEY, "by": "admin1"},
        ],
        "SellerSuspended": [{"sellerId": "s1", "by": "admin1"}],
        "SellerReinstated": [{"sellerId": "s1", "by": "admin1"}],
        # Built by services/reviews.py: these mirror them.
        "ReviewPosted": [
            {"reviewId": "r1", "kind": kind, "subjectId": "p1", "authorId": "u1", "rating": 5, "change": change}
            for kind in ("product", "seller")
            for change in ("created", "edited")
        ],
        "ReviewRemoved": [
            {
                "reviewId": "r1",
                "kind": "product",
                "subjectId": "p1",
                "authorId": "u1",
                "rating": 2,
                "by": by,
                "reason": why,
            }
            for by, why in (("u1", "author"), ("admin1", "admin"))
        ],
        "MoneyWithdrawn": [{"entryId": "e3", "userId": "u1", "amount": MONEY}],
        "MoneySent": [{"entryId": "e4", "fromUserId": "u1", "toUserId": "u2", "amount": MONEY}],
        "OrderPlaced": [
            {
                "orderId": "01KB0000000000000000000009",
                "number": "ES-7K3Q-9XZ2",
                "customerId": "u1",
                "total": {"amount": 9998, "currency": "USD"},
                "sellerIds": [PRODUCT["sellerId"]],
                "productIds": [PRODUCT["id"]],
                "items": [ITEM],
            }
        ],
    }


def test_every_event_type_the_layer_emits_is_documented() -> None:
    missing = emitted_types() - set(documented_schemas())
    assert not missing, f"document these in docs/events.md: {sorted(missing)}"


def test_every_documented_event_type_is_still_emitted() -> None:
    stale = set(documented_schemas()) - emitted_types()
    assert not stale, f"docs/events.md documents events nothing emits: {sorted(stale)}"


def test_the_scan_finds_the_catalog_events() -> None:
    assert emitted_types() >= {"ProductCreated", "ProductUpdated", "ProductDeleted", "OfferChanged"}


@pytest.mark.parametrize("detail_type", sorted(documented_schemas()))
def test_each_documented_schema_accepts_the_detail_the_code_builds(detail_type: str) -> None:
    schema = documented_schemas()[detail_type]
    Draft202012Validator.check_schema(schema)
    details = real_details().get(detail_type)
    assert details, f"add an example of {detail_type} to real_details()"
    for detail in details:
        Draft202012Validator(schema).validate(detail)


def test_the_envelope_schema_accepts_what_the_publisher_puts_on_the_bus() -> None:
    schema = envelope_schema()
    Draft202012Validator.check_schema(schema)
    sample = json.loads((ROOT / "events" / "publisher.json").read_text())["Records"][0]
    item = publisher.outbox_item(DynamoDBRecord(sample))
    assert item is not None
    Draft202012Validator(schema).validate(json.loads(publisher.bus_entry(item, "bus")["Detail"]))
