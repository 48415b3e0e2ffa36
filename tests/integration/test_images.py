"""Images end to end in-process: declare, upload with the real presigned POST, ingest, read the library.

moto does not enforce presigned POST policies, so these uploads reach the bucket whatever they hold:
exactly the situation where only the ingest function stands between a lie and the store.
"""

import hashlib
import io
import json
import uuid

import pytest
import requests
from PIL import Image as PILImage

from estore_local.emulator.triggers import s3_event
from tests.integration.conftest import Cloud, User, make_seller
from tests.integration.images_support import HTML, MAX, SVG, Images, declared, jpeg, png, stored_keys, webp

CURSOR_SECRET = "test-cursor-secret"


@pytest.fixture
def images(cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> "Images":
    monkeypatch.setenv("CURSOR_SECRET", CURSOR_SECRET)  # the template gets it from a secret (lead's Globals)
    return Images(cloud)


@pytest.fixture
def seller(cloud: Cloud) -> User:
    return make_seller(cloud, f"Bricks {uuid.uuid4().hex[:6]}")


@pytest.fixture
def other_seller(cloud: Cloud) -> User:
    return make_seller(cloud, f"Blocks {uuid.uuid4().hex[:6]}")


# ---------------------------------------------------------------- the upload path
def test_an_uploaded_photo_becomes_ready_with_its_real_type_and_hash_reencoded(images: Images, seller: User) -> None:
    data = jpeg(seed=1)

    image_id = images.upload(seller, data)

    answer = images.get(seller, image_id)
    assert answer.status == 200
    sha = hashlib.sha256(data).hexdigest()
    stored = images.read(f"images/{sha}.jpg")
    assert answer.body["status"] == "READY"
    assert (answer.body["contentType"], answer.body["size"], answer.body["sha256"]) == ("image/jpeg", len(stored), sha)
    assert answer.body["rejectionReason"] is None
    assert f"images/{sha}.jpg" in answer.body["url"]
    assert images.keys() == stored_keys(data, "jpg")
    assert images.object_type(f"images/{sha}.jpg") == "image/jpeg"
    assert requests.get(answer.body["url"], timeout=5).content == stored
    assert PILImage.open(io.BytesIO(stored)).size == (8, 8)


def test_a_pending_upload_is_shown_pending_without_url(images: Images, seller: User) -> None:
    answer = images.declare(seller, declared(jpeg(seed=2)))
    image_id = answer.body["uploads"][0]["imageId"]

    shown = images.get(seller, image_id).body

    assert (shown["status"], shown["url"], shown["contentType"], shown["sha256"]) == ("PENDING", None, None, None)


def test_the_presigned_post_is_bound_to_its_key_type_and_size_limit(images: Images, seller: User) -> None:
    answer = images.declare(seller, declared(jpeg(seed=3)))

    fields = answer.body["uploads"][0]["upload"]["fields"]
    policy = json.loads(__import__("base64").b64decode(fields["policy"]))
    assert fields["key"] == f"uploads/{answer.body['uploads'][0]['imageId']}"
    assert fields["Content-Type"] == "image/jpeg"
    assert {"Content-Type": "image/jpeg"} in policy["conditions"]
    assert ["content-length-range", 1, MAX] in policy["conditions"]
    assert {"key": fields["key"]} in policy["conditions"]


def test_declaring_the_hash_of_another_sellers_photo_gets_pending_and_no_access_to_it(
    images: Images, seller: User, other_seller: User
) -> None:
    data = png(seed=4)
    images.upload(seller, data, content_type="image/png", filename="a.png")
    before = images.keys()

    answer = images.declare(other_seller, declared(data, "image/png", "same.png"))

    assert answer.status == 200
    (slot,) = answer.body["uploads"]
    assert slot["status"] == "PENDING"
    assert slot["upload"]["fields"]["key"] == f"uploads/{slot['imageId']}"
    shown = images.get(other_seller, slot["imageId"]).body
    assert (shown["status"], shown["url"], shown["thumbnails"], shown["sha256"]) == ("PENDING", None, None, None)
    library = images.cloud.call("GET", "/images", user=other_seller).body["items"]
    assert [(item["status"], item["url"]) for item in library] == [("PENDING", None)]
    assert images.keys() == before


def test_whether_another_seller_holds_a_file_does_not_change_the_answer(
    images: Images, seller: User, other_seller: User
) -> None:
    held, unheld = png(seed=40), png(seed=41)
    images.upload(seller, held, content_type="image/png", filename="a.png")

    answer = images.declare(other_seller, declared(held, "image/png"), declared(unheld, "image/png"))

    shapes = [(slot["status"], sorted(slot["upload"]["fields"])) for slot in answer.body["uploads"]]
    assert shapes[0] == shapes[1]
    assert shapes[0][0] == "PENDING"


def test_a_second_seller_uploading_the_same_bytes_gets_its_own_entry_and_no_second_copy(
    images: Images, seller: User, other_seller: User
) -> None:
    data = png(seed=42)
    first = images.upload(seller, data, content_type="image/png", filename="a.png")
    objects = images.keys()

    second = images.upload(other_seller, data, content_type="image/png", filename="b.png")

    mine, theirs = images.get(seller, first).body, images.get(other_seller, second).body
    assert second != first
    assert theirs["status"] == "READY"
    assert (theirs["sha256"], theirs["size"]) == (mine["sha256"], mine["size"])
    assert images.keys() == objects == stored_keys(data, "png")
    again = images.declare(other_seller, declared(data, "image/png"))
    assert again.body["uploads"] == [{"imageId": second, "status": "EXISTING", "upload": None}]


def test_declaring_another_sellers_hash_and_posting_other_bytes_stores_the_bytes_posted(
    images: Images, seller: User, other_seller: User
) -> None:
    theirs, mine = png(seed=43), png(seed=44)
    images.upload(seller, theirs, content_type="image/png")
    (slot,) = images.declare(other_seller, declared(theirs, "image/png")).body["uploads"]

    images.post(slot["upload"], mine)
    images.notify(slot["upload"]["fields"]["key"])

    shown = images.get(other_seller, slot["imageId"]).body
    assert (shown["status"], shown["sha256"]) == ("READY", hashlib.sha256(mine).hexdigest())
    assert hashlib.sha256(theirs).hexdigest() not in shown["url"]


def test_a_seller_declaring_a_photo_it_already_has_gets_that_same_entry(images: Images, seller: User) -> None:
    data = webp(seed=5)
    image_id = images.upload(seller, data, content_type="image/webp", filename="a.webp")
    before = images.cloud.table_items()

    answer = images.declare(seller, declared(data, "image/webp", "again.webp"))

    assert answer.body["uploads"] == [{"imageId": image_id, "status": "EXISTING", "upload": None}]
    assert images.cloud.table_items() == before


def test_two_pending_uploads_of_the_same_bytes_store_one_object(
    images: Images, seller: User, other_seller: User
) -> None:
    data = jpeg(seed=6)
    slots = [images.declare(user, declared(data)).body["uploads"][0] for user in (seller, other_seller)]
    for slot in slots:
        images.post(slot["upload"], data)

    for slot in slots:
        images.notify(slot["upload"]["fields"]["key"])

    assert images.keys() == stored_keys(data, "jpg")
    for user, slot in zip((seller, other_seller), slots, strict=True):
        assert images.get(user, slot["imageId"]).body["status"] == "READY"


def test_a_file_declared_twice_in_one_request_gets_one_slot(images: Images, seller: User) -> None:
    data = jpeg(seed=7)

    answer = images.declare(seller, declared(data, filename="a.jpg"), declared(data, filename="b.jpg"))

    first, second = answer.body["uploads"]
    assert first == second


# ---------------------------------------------------------------- what arrives is judged, not what was declared
def test_an_upload_over_the_size_limit_is_rejected_and_deleted(images: Images, seller: User) -> None:
    small, large = jpeg(seed=8), jpeg(seed=8, padding=MAX)

    answer = images.declare(seller, declared(small))
    (slot,) = answer.body["uploads"]
    images.post(slot["upload"], large)  # moto does not enforce content-length-range; S3 would
    images.notify(slot["upload"]["fields"]["key"])

    shown = images.get(seller, slot["imageId"]).body
    assert (shown["status"], shown["rejectionReason"], shown["url"]) == ("REJECTED", "too large", None)
    assert images.keys() == []


def test_png_bytes_named_and_declared_as_jpeg_are_stored_as_png(images: Images, seller: User) -> None:
    data = png(seed=9)

    image_id = images.upload(seller, data, content_type="image/jpeg", filename="holiday.jpg")

    shown = images.get(seller, image_id).body
    sha = hashlib.sha256(data).hexdigest()
    assert (shown["status"], shown["contentType"]) == ("READY", "image/png")
    assert images.keys() == stored_keys(data, "png")
    assert images.object_type(f"images/{sha}.png") == "image/png"


@pytest.mark.parametrize(("data", "filename"), [(HTML, "page.jpg"), (SVG, "logo.png"), (b"", "empty.jpg")])
def test_a_file_that_is_not_a_jpeg_png_or_webp_is_rejected_and_deleted(
    images: Images, seller: User, data: bytes, filename: str
) -> None:
    answer = images.declare(seller, declared(data or b"x", "image/jpeg", filename))
    (slot,) = answer.body["uploads"]
    images.post(slot["upload"], data, filename)

    images.notify(slot["upload"]["fields"]["key"])

    shown = images.get(seller, slot["imageId"]).body
    assert shown["status"] == "REJECTED"
    assert shown["rejectionReason"] == ("empty file" if not data else "not a JPEG, PNG or WebP image")
    assert images.keys() == []


def test_an_svg_declared_as_svg_is_refused_at_declaration(images: Images, seller: User) -> None:
    answer = images.declare(seller, declared(SVG, "image/svg+xml", "logo.svg"))

    assert answer.status == 422
    assert [detail["field"] for detail in answer.body["error"]["details"]] == ["files.0.contentType"]


def test_a_redelivered_notification_changes_nothing(images: Images, seller: User) -> None:
    data = jpeg(seed=10)
    answer = images.declare(seller, declared(data))
    (slot,) = answer.body["uploads"]
    images.post(slot["upload"], data)
    key = slot["upload"]["fields"]["key"]
    head = images.cloud.s3.head_object(Bucket=images.bucket, Key=key)
    event = s3_event(images.bucket, key, "ObjectCreated:Post", head["ContentLength"], head["ETag"])
    assert images.deliver(event) == {"outcomes": {key: "STORED"}}
    table, objects = images.cloud.table_items(), images.keys()

    again = images.deliver(event)

    assert again == {"outcomes": {key: "IGNORED"}}
    assert images.cloud.table_items() == table
    assert images.keys() == objects


def test_a_second_post_to_a_decided_upload_is_deleted_and_changes_nothing(images: Images, seller: User) -> None:
    data = jpeg(seed=11)
    answer = images.declare(seller, declared(data))
    (slot,) = answer.body["uploads"]
    images.post(slot["upload"], data)
    images.notify(slot["upload"]["fields"]["key"])
    table = images.cloud.table_items()

    images.post(slot["upload"], HTML)  # the POST stays valid for 15 minutes
    result = images.notify(slot["upload"]["fields"]["key"])

    assert list(result["outcomes"].values()) == ["IGNORED"]
    assert images.cloud.table_items() == table
    assert images.keys() == stored_keys(data, "jpg")


def test_an_object_at_a_key_never_handed_out_is_deleted(images: Images) -> None:
    images.cloud.s3.put_object(Bucket=images.bucket, Key="uploads/not-ours.jpg", Body=jpeg())
    table = images.cloud.table_items()

    result = images.notify("uploads/not-ours.jpg")

    assert result == {"outcomes": {"uploads/not-ours.jpg": "IGNORED"}}
    assert images.keys() == []
    assert images.cloud.table_items() == table


def test_one_notification_with_several_records_decides_each(images: Images, seller: User) -> None:
    good, bad = jpeg(seed=12), HTML
    slots = images.declare(seller, declared(good), declared(bad, filename="b.jpg")).body["uploads"]
    records = []
    for slot, data in zip(slots, (good, bad), strict=True):
        images.post(slot["upload"], data)
        records += s3_event(images.bucket, slot["upload"]["fields"]["key"], "ObjectCreated:Post", len(data), "e")[
            "Records"
        ]

    images.deliver({"Records": records})

    statuses = [images.get(seller, slot["imageId"]).body["status"] for slot in slots]
    assert statuses == ["READY", "REJECTED"]


# ---------------------------------------------------------------- bad requests change nothing
@pytest.mark.parametrize(
    ("files", "field"),
    [
        ([], "files"),
        ([declared(jpeg(seed=n), filename=f"{n}.jpg") for n in range(11)], "files"),
        ([declared(jpeg(), sha256="not-a-hash")], "files.0.sha256"),
        ([declared(jpeg(), sha256="A" * 64)], "files.0.sha256"),
        ([declared(jpeg()), declared(jpeg(seed=1), size=MAX + 1)], "files.1.size"),
        ([declared(jpeg(), size=0)], "files.0.size"),
        ([declared(jpeg(), filename="")], "files.0.filename"),
        ([declared(jpeg(), contentType="text/html")], "files.0.contentType"),
        ([declared(jpeg(), colour="red")], "files.0.colour"),
    ],
)
def test_a_bad_declaration_is_a_422_naming_the_field_and_writes_nothing(
    images: Images, seller: User, files: list, field: str
) -> None:
    before = images.cloud.table_items()

    answer = images.declare(seller, *files)

    assert answer.status == 422
    assert answer.error_code == "VALIDATION_FAILED"
    assert field in [detail["field"] for detail in answer.body["error"]["details"]]
    assert images.cloud.table_items() == before


def test_a_customer_may_not_declare_uploads(images: Images, customer: User) -> None:
    answer = images.declare(customer, declared(jpeg()))

    assert answer.status == 403
    assert answer.error_code == "FORBIDDEN"


def test_without_a_token_the_library_is_401(images: Images) -> None:
    assert images.cloud.call("GET", "/images").status == 401


def test_another_sellers_image_is_not_found(images: Images, seller: User, other_seller: User) -> None:
    image_id = images.declare(seller, declared(jpeg())).body["uploads"][0]["imageId"]

    answer = images.get(other_seller, image_id)

    assert answer.status == 404
    assert answer.error_code == "NOT_FOUND"


def test_an_unknown_image_is_not_found(images: Images, seller: User) -> None:
    assert images.get(seller, "01KB0000000000000000000000").status == 404


# ---------------------------------------------------------------- the library
def test_the_library_lists_own_images_newest_first_page_by_page(
    images: Images, seller: User, other_seller: User
) -> None:
    ids = [images.declare(seller, declared(jpeg(seed=n))).body["uploads"][0]["imageId"] for n in range(5)]
    images.declare(other_seller, declared(jpeg(seed=99)))

    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        answer = images.cloud.call("GET", "/images", user=seller, query=query)
        assert answer.status == 200, answer.body
        seen += [item["id"] for item in answer.body["items"]]
        pages += 1
        cursor = answer.body["nextCursor"]
        if not cursor:
            break

    assert seen == list(reversed(ids))
    assert pages == 3


def test_a_forged_cursor_is_a_400(images: Images, seller: User) -> None:
    answer = images.cloud.call("GET", "/images", user=seller, query={"cursor": "eyJwayI6IklNQUdFI3gifQ"})

    assert answer.status == 400
    assert answer.error_code == "INVALID_CURSOR"


def test_another_sellers_cursor_is_a_400(images: Images, seller: User, other_seller: User) -> None:
    for n in range(2):
        images.declare(other_seller, declared(jpeg(seed=n)))
    cursor = images.cloud.call("GET", "/images", user=other_seller, query={"limit": "1"}).body["nextCursor"]

    answer = images.cloud.call("GET", "/images", user=seller, query={"cursor": cursor})

    assert answer.status == 400
    assert answer.error_code == "INVALID_CURSOR"


@pytest.mark.parametrize("limit", ["0", "101", "ten"])
def test_a_limit_out_of_range_is_a_422(images: Images, seller: User, limit: str) -> None:
    answer = images.cloud.call("GET", "/images", user=seller, query={"limit": limit})

    assert answer.status == 422
    assert answer.body["error"]["details"][0]["field"] == "limit"


def test_the_sample_events_run_through_their_handlers(images: Images) -> None:
    from estore_local.emulator.template import ROOT

    for function_id, name in [("ListImagesFunction", "list_images"), ("GetImageFunction", "get_image")]:
        event = json.loads((ROOT / "events" / f"{name}.json").read_text())
        assert images.cloud.invoke(function_id, event).status in (200, 404)
    event = json.loads((ROOT / "events" / "ingest_image.json").read_text())
    assert list(images.deliver(event)["outcomes"].values()) == ["IGNORED"]
