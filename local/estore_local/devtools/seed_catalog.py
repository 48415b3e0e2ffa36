"""A small demo store, made through the real API: sellers, images, products with tags, other sellers' offers.

Everything goes the way a seller's tools would go: Cognito sign-up, POST /sellers, POST /images/uploads,
the presigned POST to S3, GET /images/{id} until the ingest marked it READY, POST /products with an
Idempotency-Key, POST /products/{id}/offers. Running it again against the same cloud changes nothing:
the users and stores exist, the images come back EXISTING, the products come back from their keys and
the offers already exist (409 OFFER_EXISTS).
"""

from __future__ import annotations

import hashlib
import struct
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from estore_local.devtools.users import DEMO_PASSWORD, DEMO_USERS, LocalCognito, ensure_seller_profile
from estore_local.emulator.stack import Stack

READY_TIMEOUT_S = 20
_KEYS = uuid.UUID("6f2f3c1e-8a55-4d6b-9a51-5e7d0c1f2a10")  # namespace of the seed's Idempotency-Keys


def png(rgb: tuple[int, int, int], size: int = 64) -> bytes:
    """A real size x size PNG of one colour (standard library only): different colours, different SHA-256s."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    rows = (b"\x00" + bytes(rgb) * size) * size
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


# ---------------------------------------------------------------- the demo store's content

COLOURS: dict[str, tuple[int, int, int]] = {
    "falcon-box": (160, 160, 165),
    "falcon-built": (90, 92, 96),
    "xwing": (235, 235, 230),
    "porsche": (250, 140, 20),
    "fire-station": (200, 30, 35),  # shared: Brick Harbor and Corner Hobby upload the same bytes
    "brick-box": (0, 85, 165),
    "catan": (205, 160, 60),
    "ticket-to-ride": (30, 110, 60),
    "headphones": (25, 25, 30),
    "grinder": (110, 70, 40),
}


@dataclass(frozen=True)
class DemoSeller:
    email: str
    store_name: str
    images: tuple[str, ...]  # the COLOURS it uploads


SELLERS = (
    DemoSeller(
        "bricks@estore.local",
        "Brick Harbor",
        ("falcon-box", "falcon-built", "xwing", "porsche", "fire-station"),
    ),
    DemoSeller("secondspin@estore.local", "Second Spin", ("headphones", "grinder")),
    DemoSeller("corner@estore.local", "Corner Hobby", ("fire-station", "brick-box", "catan", "ticket-to-ride")),
)


@dataclass(frozen=True)
class DemoOffer:
    seller: str  # email
    amount: int  # cents
    stock: int
    condition: str = "new"
    note: str | None = None


@dataclass(frozen=True)
class DemoProduct:
    slug: str
    seller: str  # email of the seller who lists it (and makes its first offer)
    title: str
    brand: str
    category: str
    description: str
    tags: tuple[str, ...]
    images: tuple[str, ...]
    offer: DemoOffer
    other_offers: tuple[DemoOffer, ...] = field(default=())


BRICKS, SPIN, CORNER = (seller.email for seller in SELLERS)
PRODUCTS = (
    DemoProduct(
        "millennium-falcon",
        BRICKS,
        "LEGO Star Wars Millennium Falcon 75192",
        "LEGO",
        "Toys",
        "The Ultimate Collector Series Falcon: 7,541 pieces, with Han, Leia, Chewbacca and C-3PO.",
        ("LEGO", "Star Wars", "Ultimate Collector Series"),
        ("falcon-box", "falcon-built"),
        DemoOffer(BRICKS, 84999, 3),
        (
            DemoOffer(SPIN, 64900, 1, "used", "Built once and displayed; complete with box, minifigures and manuals."),
            DemoOffer(CORNER, 72500, 1, "refurbished", "Sorted and checked piece by piece; 4 bricks replaced."),
        ),
    ),
    DemoProduct(
        "x-wing",
        BRICKS,
        "LEGO Star Wars X-Wing Starfighter",
        "LEGO",
        "Toys",
        "Luke Skywalker's X-Wing with opening cockpit, folding wings and R2-D2.",
        ("LEGO", "Star Wars"),
        ("xwing",),
        DemoOffer(BRICKS, 5999, 12),
        (
            DemoOffer(CORNER, 5499, 4),  # a competing new offer, cheaper
            DemoOffer(SPIN, 3900, 1, "used", "Played with; all pieces present, no box."),
        ),
    ),
    DemoProduct(
        "porsche-911",
        BRICKS,
        "LEGO Technic Porsche 911",
        "LEGO",
        "Toys",
        "A 1:8 Porsche 911 GT3 RS with working gearbox, steering and flat-six engine.",
        ("LEGO", "Technic", "Cars"),
        ("porsche",),
        DemoOffer(BRICKS, 17999, 5),
        (DemoOffer(SPIN, 13900, 1, "refurbished", "Rebuilt and checked; new instruction book, original box."),),
    ),
    DemoProduct(
        "fire-station",
        BRICKS,
        "LEGO City Fire Station",
        "LEGO",
        "Toys",
        "A three-storey fire station with a fire engine, a helicopter and six minifigures.",
        ("LEGO", "City", "Kids"),
        ("fire-station",),
        DemoOffer(BRICKS, 10999, 7),
    ),
    DemoProduct(
        "creative-brick-box",
        CORNER,
        "LEGO Classic Large Creative Brick Box",
        "LEGO",
        "Toys",
        "790 bricks in 33 colours, with wheels, windows and eyes, in a storage box.",
        ("LEGO", "Classic", "Kids"),
        ("fire-station", "brick-box"),  # the first one is the same bytes Brick Harbor uploaded
        DemoOffer(CORNER, 5999, 10),
    ),
    DemoProduct(
        "catan",
        CORNER,
        "Catan Board Game",
        "KOSMOS",
        "Board Games",
        "Trade, build and settle the island of Catan. 3-4 players, 60-120 minutes.",
        ("Board Games", "Strategy", "Family"),
        ("catan",),
        DemoOffer(CORNER, 4499, 9),
        (DemoOffer(SPIN, 2500, 1, "used", "Played a few times; box corners worn, all pieces there."),),
    ),
    DemoProduct(
        "ticket-to-ride",
        CORNER,
        "Ticket to Ride",
        "Days of Wonder",
        "Board Games",
        "Collect train cards and claim railway routes across North America. 2-5 players.",
        ("Board Games", "Family", "Trains"),
        ("ticket-to-ride",),
        DemoOffer(CORNER, 4999, 6),
    ),
    DemoProduct(
        "headphones",
        SPIN,
        "Sony WH-1000XM5 Wireless Headphones",
        "Sony",
        "Electronics",
        "Noise-cancelling over-ear headphones, 30-hour battery, multipoint Bluetooth.",
        ("Headphones", "Audio", "Noise Cancelling"),
        ("headphones",),
        DemoOffer(SPIN, 34900, 4),
        (DemoOffer(CORNER, 24900, 2, "refurbished", "Manufacturer refurbished: new ear pads, 12-month warranty."),),
    ),
    DemoProduct(
        "coffee-grinder",
        SPIN,
        "Baratza Encore Coffee Grinder",
        "Baratza",
        "Kitchen",
        "A conical burr grinder with 40 settings, from espresso to French press.",
        ("Coffee", "Kitchen"),
        ("grinder",),
        DemoOffer(SPIN, 14900, 3),
        (DemoOffer(BRICKS, 8900, 1, "used", "One year of daily use; burrs cleaned, works perfectly."),),
    ),
)


# ---------------------------------------------------------------- seeding through the API


class SeedError(RuntimeError):
    pass


def _check(response: httpx.Response, *expected: int) -> dict[str, Any]:
    if response.status_code not in expected:
        request = response.request
        raise SeedError(f"{request.method} {request.url.path} answered {response.status_code}: {response.text}")
    return dict(response.json()) if response.content else {}


@contextmanager
def _client(api_url: str, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, headers={"authorization": f"Bearer {token}"}, timeout=60) as http:
        yield http


def _seller_token(cognito: LocalCognito, api_url: str, seller: DemoSeller) -> str:
    cognito.ensure_user(seller.email, DEMO_PASSWORD)
    tokens = cognito.sign_in(seller.email, DEMO_PASSWORD)
    ensure_seller_profile(api_url, tokens["AccessToken"], seller.store_name)
    return cognito.sign_in(seller.email, DEMO_PASSWORD)["AccessToken"]  # now carrying the sellers group


def _upload_images(http: httpx.Client, names: tuple[str, ...]) -> dict[str, str]:
    """Declares the seller's images, posts the new ones to S3 and waits until each is READY: {name: imageId}."""
    blobs = {name: png(COLOURS[name]) for name in names}
    files = [
        {"filename": f"{name}.png", "contentType": "image/png", "size": len(data), "sha256": _sha(data)}
        for name, data in blobs.items()
    ]
    slots = _check(http.post("/images/uploads", json={"files": files}), 200)["uploads"]
    ids = {}
    for (name, data), slot in zip(blobs.items(), slots, strict=True):
        ids[name] = slot["imageId"]
        if slot["status"] == "PENDING":
            upload = slot["upload"]
            posted = httpx.post(
                upload["url"], data=upload["fields"], files={"file": (f"{name}.png", data, "image/png")}, timeout=30
            )
            if posted.status_code >= 300:
                raise SeedError(f"presigned POST of {name} answered {posted.status_code}: {posted.text}")
    deadline = time.monotonic() + READY_TIMEOUT_S
    waiting = set(ids.values())
    while waiting:
        for image_id in sorted(waiting):
            image = _check(http.get(f"/images/{image_id}"), 200)
            if image["status"] == "REJECTED":
                raise SeedError(f"image {image_id} was rejected: {image['rejectionReason']}")
            if image["status"] == "READY":
                waiting.discard(image_id)
        if waiting and time.monotonic() > deadline:
            raise SeedError(f"images not READY after {READY_TIMEOUT_S}s: {sorted(waiting)}")
        if waiting:
            time.sleep(0.1)
    return ids


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _price(offer: DemoOffer, currency: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "price": {"amount": offer.amount, "currency": currency},
        "stock": offer.stock,
        "condition": offer.condition,
    }
    if offer.note:
        body["conditionNote"] = offer.note
    return body


@dataclass
class SeedResult:
    sellers: int = 0
    products: int = 0
    offers: int = 0
    images: int = 0
    wallet: int = 0
    product_ids: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"Demo catalog: {self.products} products, {self.offers} offers "
            f"({self.sellers} sellers, {self.images} images)"
        )


def seed_demo_catalog(stack: Stack, api_url: str) -> SeedResult:
    """Sellers, images, products and offers through the real API; safe to run again."""
    cognito = LocalCognito(stack)
    currency = str(stack.refs.get("Currency") or "USD")
    result = SeedResult()
    tokens = {seller.email: _seller_token(cognito, api_url, seller) for seller in SELLERS}
    result.sellers = len(tokens)
    images: dict[str, dict[str, str]] = {}
    for seller in SELLERS:
        with _client(api_url, tokens[seller.email]) as http:
            images[seller.email] = _upload_images(http, seller.images)
            result.images += len(images[seller.email])
    for product in PRODUCTS:
        library = images[product.seller]
        body = {
            "title": product.title,
            "description": product.description,
            "brand": product.brand,
            "category": product.category,
            "tags": list(product.tags),
            "imageIds": [library[name] for name in product.images],
            "offer": _price(product.offer, currency),
        }
        key = str(uuid.uuid5(_KEYS, f"{product.seller}/{product.slug}"))
        with _client(api_url, tokens[product.seller]) as http:
            created = _check(http.post("/products", json=body, headers={"idempotency-key": key}), 201)
        result.product_ids[product.slug] = created["id"]
        result.products += 1
        result.offers += 1
        for offer in product.other_offers:
            with _client(api_url, tokens[offer.seller]) as http:
                answer = http.post(f"/products/{created['id']}/offers", json=_price(offer, currency))
            if answer.status_code == 409 and answer.json()["error"]["code"] == "OFFER_EXISTS":
                result.offers += 1  # seeded before
                continue
            _check(answer, 201)
            result.offers += 1
    result.wallet = _fund_demo_customer(cognito, api_url, currency)
    return result


DEMO_CUSTOMER_FUNDS = 50_000  # minor units: enough to check out a few demo products


def _fund_demo_customer(cognito: LocalCognito, api_url: str, currency: str) -> int:
    """The demo customer's wallet, topped up once through the real deposit route (the fake provider)."""
    cognito.ensure_user(DEMO_USERS["customer"], DEMO_PASSWORD)  # the confirmation makes it a customer
    token = cognito.sign_in(DEMO_USERS["customer"], DEMO_PASSWORD)["AccessToken"]
    key = str(uuid.uuid5(_KEYS, "demo-customer-funds"))
    body = {"amount": {"amount": DEMO_CUSTOMER_FUNDS, "currency": currency}}
    with _client(api_url, token) as http:
        _check(http.post("/wallet/deposits", json=body, headers={"idempotency-key": key}), 201)
        balance: int = _check(http.get("/wallet"), 200)["balance"]["amount"]
    return balance


def seed_and_report(stack: Stack, api_url: str) -> list[str]:
    """Seeds the catalog and says what there is to see (or why it could not be made: the cloud stays up)."""
    started = time.monotonic()
    try:
        result = seed_demo_catalog(stack, api_url)
    except Exception as exc:  # reported: the local cloud is useful without a catalog
        return [f"  Demo catalog could not be created: {exc}"]
    sellers = ", ".join(f"{seller.email} ({seller.store_name})" for seller in SELLERS)
    falcon = result.product_ids.get("millennium-falcon", "<productId>")
    return [
        f"{result.summary()}, ready in {time.monotonic() - started:.0f}s",
        f"  sellers       {sellers}",
        f"  wallet        {DEMO_USERS['customer']} holds {result.wallet} (minor units) to check out with",
        f"  try           curl -s {api_url}/tags/lego/products",
        f"                curl -s {api_url}/products/{falcon}/offers",
    ]
