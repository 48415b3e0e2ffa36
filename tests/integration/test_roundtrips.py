"""One write, one call: creating a product is one DynamoDB write however many images and tags it has."""

import pytest

from estore_local.emulator.callcount import counting_calls
from tests.integration.conftest import make_seller
from tests.integration.images_support import Images, png

OFFER = {"price": {"amount": 4999, "currency": "USD"}, "stock": 5}


@pytest.mark.parametrize(("images", "tags"), [(0, 0), (2, 3), (20, 20)])
def test_creating_a_product_makes_one_dynamodb_write(cloud, images, tags):
    seller = make_seller(cloud, "Counted Bricks")
    uploader = Images(cloud)
    image_ids = [uploader.upload(seller, png(seed=seed), content_type="image/png") for seed in range(images)]
    body = {
        "title": "Falcon",
        "brand": "LEGO",
        "category": "toys",
        "imageIds": image_ids,
        "tags": [f"tag {n}" for n in range(tags)],
        "offer": OFFER,
    }
    with counting_calls() as calls:
        answer = cloud.call("POST", "/products", user=seller, json_body=body)
    assert answer.status == 201, answer.body
    assert (len(answer.body["images"]), len(answer.body["tags"])) == (images, tags)
    assert calls.dynamodb_writes == 1
    assert calls.of("dynamodb", {"TransactWriteItems"}) == 1
    assert calls.of("stepfunctions", {"StartSyncExecution"}) == 1
