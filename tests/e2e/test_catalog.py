"""The catalog over the local cloud: presigned uploads to S3, the asynchronous ingest, the CreateProduct
workflow on Step Functions, products, tags and other sellers' offers, all over real HTTP."""

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import (
    User,
    assert_error,
    customer,
    declared,
    new_product,
    pixels,
    png,
    post_upload,
    seller,
    sha256,
    unique_tag,
    wait_no_uploads_left,
)

MAX_IMAGE_BYTES = 512000  # the template's default MaxImageBytes


@pytest.fixture(scope="module")
def seller_a(cloud: LocalCloud) -> User:
    return seller(cloud)


@pytest.fixture(scope="module")
def seller_b(cloud: LocalCloud) -> User:
    return seller(cloud)


def _create(user: User, body: dict[str, Any], key: str | None = None) -> httpx.Response:
    return user.call("POST", "/products", json=body, headers={"idempotency-key": key} if key else {})


def _tag_listing(cloud: LocalCloud, slug: str) -> list[str]:
    with cloud.http() as http:
        answer = http.get(f"/tags/{slug}/products")
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


# ---------------------------------------------------------------- images and products


def test_given_two_uploaded_images_when_a_product_is_created_with_three_tags_then_it_shows_them(
    cloud: LocalCloud, seller_a: User
) -> None:
    # Given two images posted to S3 with their presigned POSTs, then ingested
    first, second = png(), png()
    slots = seller_a.declare(declared(first, filename="box.png"), declared(second, filename="built.png"))
    assert [slot["status"] for slot in slots] == ["PENDING", "PENDING"]
    for slot, data in zip(slots, (first, second), strict=True):
        assert slot["upload"]["fields"]["key"] == f"uploads/{slot['imageId']}"
        post_upload(slot["upload"], data, "photo.png", "image/png")
    images = [seller_a.wait_decided(slot["imageId"]) for slot in slots]
    assert [image["status"] for image in images] == ["READY", "READY"]
    assert [image["sha256"] for image in images] == [sha256(first), sha256(second)]

    # When the seller lists a product with both images and three tags
    special, slug = unique_tag()
    body = new_product(tags=["LEGO", "Star Wars", special], imageIds=[slot["imageId"] for slot in slots])
    created = _create(seller_a, body)

    # Then 201, with both images (their URLs serve the same pixels, re-encoded) and the tags' slugs
    assert created.status_code == 201, created.text
    product = created.json()
    assert [image["id"] for image in product["images"]] == [slot["imageId"] for slot in slots]
    assert [pixels(httpx.get(image["url"]).content) for image in product["images"]] == [pixels(first), pixels(second)]
    assert product["image"] == product["images"][0]["url"]
    assert product["thumbnail"] == product["images"][0]["thumbnails"]["small"]
    assert product["tags"] == ["lego", "star-wars", slug]
    assert product["bestOffer"]["sellerId"] == product["sellerId"]
    # And the public product page shows the same
    with cloud.http() as http:
        page = http.get(f"/products/{product['id']}")
    assert page.status_code == 200, page.text
    assert [image["id"] for image in page.json()["images"]] == [slot["imageId"] for slot in slots]
    assert all(image["url"].startswith(cloud.aws_url or "https://") for image in page.json()["images"])
    assert page.json()["tags"] == ["lego", "star-wars", slug]
    # And the tag's page lists it
    assert _tag_listing(cloud, slug) == [product["id"]]
    assert product["id"] in _tag_listing(cloud, "star-wars")


def test_given_another_sellers_photo_when_its_hash_is_declared_then_pending_and_their_bytes_stay_theirs(
    cloud: LocalCloud, seller_a: User, seller_b: User
) -> None:
    # Given content one seller uploaded (and has not published)
    data = png()
    first = seller_a.upload(data)
    assert first["status"] == "READY", first

    # When another seller declares the same hash
    (slot,) = seller_b.declare(declared(data, filename="same-photo.png"))

    # Then it must upload the bytes like anyone: PENDING with a presigned POST, no URL, nothing listed READY
    assert slot["status"] == "PENDING"
    assert slot["upload"]["fields"]["key"] == f"uploads/{slot['imageId']}"
    pending = seller_b.call("GET", f"/images/{slot['imageId']}").json()
    assert (pending["status"], pending["url"], pending["sha256"]) == ("PENDING", None, None)
    library = seller_b.call("GET", "/images").json()["items"]
    assert [item["url"] for item in library if item["id"] == slot["imageId"]] == [None]
    # And a product cannot show it
    assert_error(_create(seller_b, new_product(imageIds=[slot["imageId"]])), 422, "VALIDATION_FAILED")

    # When it does post the bytes
    post_upload(slot["upload"], data, "same-photo.png", "image/png")

    # Then its own entry is READY, showing the one stored object: no second copy in the bucket
    mine = seller_b.wait_decided(slot["imageId"])
    assert (mine["status"], mine["sha256"], mine["contentType"]) == ("READY", sha256(data), "image/png")
    keys = wait_no_uploads_left(cloud)
    assert [key for key in keys if sha256(data) in key] == sorted(
        f"images/{sha256(data)}{suffix}" for suffix in (".png", ".w320.webp", ".w1024.webp")
    )
    assert [key for key in keys if key.startswith("uploads/")] == []
    # And declaring it again now answers EXISTING with that entry
    (again,) = seller_b.declare(declared(data, filename="again.png"))
    assert (again["imageId"], again["status"], again["upload"]) == (slot["imageId"], "EXISTING", None)


# ---------------------------------------------------------------- the CreateProduct workflow


def _entered_states(cloud: LocalCloud, product_id: str) -> list[str]:
    """The states the CreateProduct execution that made `product_id` entered, in order, from its history."""
    sfn = cloud.client("stepfunctions")
    machines = [m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"]]
    (machine,) = [arn for arn in machines if "CreateProductStateMachine" in arn]
    for listed in sfn.list_executions(stateMachineArn=machine, maxResults=1000)["executions"]:
        execution = sfn.describe_execution(executionArn=listed["executionArn"])
        if json.loads(execution["input"]).get("productId") != product_id:
            continue
        assert execution["status"] == "SUCCEEDED", execution
        events = sfn.get_execution_history(executionArn=listed["executionArn"], maxResults=1000)["events"]
        return [e["stateEnteredEventDetails"]["name"] for e in events if "stateEnteredEventDetails" in e]
    raise AssertionError(f"no CreateProduct execution for {product_id}")


@pytest.mark.local_only  # reads the execution history, which AWS keeps only for Standard state machines
def test_given_no_images_and_no_tags_when_a_product_is_created_then_no_image_or_tag_step_runs(
    cloud: LocalCloud, seller_a: User
) -> None:
    # When a product is listed with neither images nor tags
    created = _create(seller_a, new_product("Catan Board Game", brand="KOSMOS", category="Board Games"))

    # Then it exists, bare
    assert created.status_code == 201, created.text
    product = created.json()
    assert (product["images"], product["image"], product["tags"]) == ([], None, [])
    # And its execution went straight from the product to the commit
    assert _entered_states(cloud, product["id"]) == ["CreateProduct", "HasImages", "HasTags", "CommitProduct"]

    # While one with a tag (and no image) runs the tag steps only
    name, _ = unique_tag()
    tagged = _create(seller_a, new_product("Ticket to Ride", brand="Days of Wonder", tags=[name]))
    assert tagged.status_code == 201, tagged.text
    assert _entered_states(cloud, tagged.json()["id"]) == [
        "CreateProduct",
        "HasImages",
        "HasTags",
        "CreateTags",
        "AddTagsToProduct",
        "CommitProduct",
    ]


# ---------------------------------------------------------------- the ingest judges what arrived

OVERSIZED = png(seed=1) + b"\x00" * (MAX_IMAGE_BYTES + 1)  # a PNG head, then more than the limit
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1"/></svg>'


@pytest.mark.parametrize(
    ("declared_bytes", "posted", "filename", "reason"),
    [
        (png(seed=2), OVERSIZED, "huge.png", "too large"),  # declared small, posted big: moto takes it, S3 would not
        (HTML, HTML, "page.jpg", "not a JPEG, PNG or WebP image"),
        (SVG, SVG, "logo.jpg", "not a JPEG, PNG or WebP image"),
    ],
    ids=["over-the-size-limit", "html-declared-jpeg", "svg-declared-jpeg"],
)
def test_given_an_upload_that_is_not_an_acceptable_image_when_ingested_then_rejected_and_deleted(
    cloud: LocalCloud, seller_a: User, declared_bytes: bytes, posted: bytes, filename: str, reason: str
) -> None:
    # Given a declaration the API accepts (small, image/jpeg or image/png)
    content_type = "image/png" if filename.endswith(".png") else "image/jpeg"
    (slot,) = seller_a.declare(declared(declared_bytes, content_type, filename))
    assert slot["status"] == "PENDING"

    # When other bytes than promised are posted to S3
    post_upload(slot["upload"], posted, filename, content_type)

    # Then the ingest rejects the entry, says why, and shows no URL
    image = seller_a.wait_decided(slot["imageId"])
    assert (image["status"], image["rejectionReason"], image["url"]) == ("REJECTED", reason, None)
    # And the rejected bytes are nowhere in the bucket
    keys = wait_no_uploads_left(cloud)
    assert f"uploads/{slot['imageId']}" not in keys
    assert [key for key in keys if sha256(posted) in key or sha256(declared_bytes) in key] == []
    # And a product cannot use the rejected image
    refused = _create(seller_a, new_product(imageIds=[slot["imageId"]]))
    body = assert_error(refused, 422, "VALIDATION_FAILED")
    assert [detail["field"] for detail in body["error"]["details"]] == ["imageIds.0"]


def test_given_png_bytes_named_and_declared_as_jpeg_when_ingested_then_ready_typed_png(
    cloud: LocalCloud, seller_a: User
) -> None:
    data = png()

    image = seller_a.upload(data, content_type="image/jpeg", filename="holiday.jpg")

    assert (image["status"], image["contentType"]) == ("READY", "image/png")
    key = f"images/{sha256(data)}.png"
    assert key in wait_no_uploads_left(cloud)
    stored = cloud.client("s3").head_object(Bucket=cloud.output("ImagesBucket"), Key=key)
    assert stored["ContentType"] == "image/png"
    served = httpx.get(image["url"])
    assert (pixels(served.content), served.headers["content-type"]) == (pixels(data), "image/png")
    assert len(served.content) == image["size"]


# ---------------------------------------------------------------- who may do what


def test_given_a_customer_token_when_listing_a_product_then_403_in_the_error_shape(cloud: LocalCloud) -> None:
    buyer = customer(cloud)
    special, slug = unique_tag()

    answer = _create(buyer, new_product(tags=[special]))

    assert_error(answer, 403, "FORBIDDEN")
    # And nothing was written: not even the new tag exists
    with cloud.http() as http:
        assert_error(http.get(f"/tags/{slug}/products"), 404, "NOT_FOUND")


def test_given_offers_from_other_sellers_when_managed_then_owners_only_cheapest_first_and_delete_withdraws(
    cloud: LocalCloud, seller_a: User, seller_b: User
) -> None:
    # Given seller A's product, and seller B's used and refurbished offers on it
    special, slug = unique_tag()
    created = _create(seller_a, new_product("LEGO Technic Porsche 911", tags=["Technic", special]))
    assert created.status_code == 201, created.text
    product = created.json()
    a_offer = product["bestOffer"]
    offers = {}
    for condition, amount, note in [
        ("refurbished", 4900, "Checked piece by piece; 3 bricks replaced."),
        ("used", 3900, "Built once; box has shelf wear."),
    ]:
        body = {"price": {"amount": amount, "currency": "USD"}, "stock": 1, "condition": condition}
        answer = seller_b.call("POST", f"/products/{product['id']}/offers", json={**body, "conditionNote": note})
        assert answer.status_code == 201, answer.text
        offers[condition] = answer.json()
        assert (offers[condition]["condition"], offers[condition]["conditionNote"]) == (condition, note)
        assert offers[condition]["sellerId"] != product["sellerId"]

    # When B tries to change or remove A's product, and A tries to change or remove B's offer: 403
    assert_error(seller_b.call("PATCH", f"/products/{product['id']}", json={"title": "Mine now"}), 403, "FORBIDDEN")
    assert_error(seller_b.call("DELETE", f"/products/{product['id']}"), 403, "FORBIDDEN")
    b_offer = offers["used"]["id"]
    assert_error(seller_a.call("PATCH", f"/offers/{b_offer}", json={"stock": 0}), 403, "FORBIDDEN")
    assert_error(seller_a.call("DELETE", f"/offers/{b_offer}"), 403, "FORBIDDEN")
    # And A's own offer cannot be changed by B either
    assert_error(seller_b.call("PATCH", f"/offers/{a_offer['id']}", json={"stock": 0}), 403, "FORBIDDEN")

    # Then "Other sellers" shows every offer, untouched, cheapest first, with the notes
    with cloud.http() as http:
        listed = http.get(f"/products/{product['id']}/offers")
        second_hand = http.get(f"/products/{product['id']}/offers", params={"condition": "used,refurbished"})
        page = http.get(f"/products/{product['id']}")
    assert listed.status_code == 200, listed.text
    shown = [(o["condition"], o["price"]["amount"], o["conditionNote"], o["stock"]) for o in listed.json()["items"]]
    assert shown == [
        ("used", 3900, "Built once; box has shelf wear.", 1),
        ("refurbished", 4900, "Checked piece by piece; 3 bricks replaced.", 1),
        ("new", 5999, None, 5),
    ]
    assert [o["condition"] for o in second_hand.json()["items"]] == ["used", "refurbished"]
    assert page.json()["title"] == "LEGO Technic Porsche 911"
    assert page.json()["bestOffer"]["id"] == a_offer["id"]
    assert page.json()["otherOffersCount"] == 2

    # When A, now sharing the product with B, renames it: 409, B's buyers keep seeing what B sells
    renamed = seller_a.call("PATCH", f"/products/{product['id']}", json={"title": "Empty box only"})
    assert_error(renamed, 409, "PRODUCT_SHARED")

    # When A deletes its product
    deleted = seller_a.call("DELETE", f"/products/{product['id']}")

    # Then 204, only A's offer is withdrawn: the product stays, with B's offers, still tagged
    assert deleted.status_code == 204, deleted.text
    with cloud.http() as http:
        page = http.get(f"/products/{product['id']}")
        remaining = http.get(f"/products/{product['id']}/offers").json()["items"]
    assert (page.status_code, page.json()["title"]) == (200, "LEGO Technic Porsche 911")
    assert sorted(offer["id"] for offer in remaining) == sorted(offer["id"] for offer in offers.values())
    assert _tag_listing(cloud, slug) == [product["id"]]

    # When B withdraws its offers too, A may delete the product, and then it is gone
    for offer in offers.values():
        assert seller_b.call("DELETE", f"/offers/{offer['id']}").status_code == 204
    assert seller_a.call("DELETE", f"/products/{product['id']}").status_code == 204
    with cloud.http() as http:
        assert_error(http.get(f"/products/{product['id']}"), 404, "NOT_FOUND")
    assert _tag_listing(cloud, slug) == []
    assert product["id"] not in _tag_listing(cloud, "technic")


def test_given_the_same_idempotency_key_when_a_product_is_posted_twice_then_one_product(cloud: LocalCloud) -> None:
    lister = seller(cloud)  # a fresh store, so its list holds only what this test made
    key = str(uuid.uuid4())
    body = new_product("LEGO City Fire Station", tags=["City"])

    first = _create(lister, body, key)
    again = _create(lister, body, key)

    assert (first.status_code, again.status_code) == (201, 201), (first.text, again.text)
    assert again.json()["id"] == first.json()["id"]
    mine = lister.call("GET", "/sellers/me/products")
    assert mine.status_code == 200, mine.text
    assert [item["id"] for item in mine.json()["items"]] == [first.json()["id"]]
    # And the same key with another body is refused, creating nothing
    other = _create(lister, {**body, "title": "LEGO City Police Station"}, key)
    assert_error(other, 422, "IDEMPOTENCY_KEY_REUSED")
    assert len(lister.call("GET", "/sellers/me/products").json()["items"]) == 1


# ---------------------------------------------------------------- make dev's demo catalog


@pytest.mark.local_only  # the demo seed is a local-cloud tool
def test_given_a_running_cloud_when_the_demo_catalog_is_seeded_twice_then_the_same_catalog(
    cloud: LocalCloud,
) -> None:
    from estore_local.devtools.seed_catalog import PRODUCTS, seed_demo_catalog
    from estore_local.emulator.stack import Stack

    stack = Stack.load(Path(cloud.log_path).parent)  # the state dir the fixture gave the cloud

    first = seed_demo_catalog(stack, cloud.api_url)
    again = seed_demo_catalog(stack, cloud.api_url)

    assert (first.products, first.offers) == (len(PRODUCTS), len(PRODUCTS) + sum(len(p.other_offers) for p in PRODUCTS))
    assert again.product_ids == first.product_ids
    with cloud.http() as http:
        lego = http.get("/tags/lego/products", params={"limit": 100}).json()["items"]
        falcon = http.get(f"/products/{first.product_ids['millennium-falcon']}/offers").json()["items"]
    assert {item["title"] for item in lego} >= {
        "LEGO Star Wars Millennium Falcon 75192",
        "LEGO Star Wars X-Wing Starfighter",
        "LEGO Technic Porsche 911",
        "LEGO City Fire Station",
    }
    assert all(item["image"] for item in lego if item["id"] in first.product_ids.values())
    assert [offer["condition"] for offer in falcon] == ["used", "refurbished", "new"]
    assert all(offer["conditionNote"] for offer in falcon if offer["condition"] != "new")
