"""Products through the real CreateProduct workflow (moto's Step Functions interpreter, real handlers)."""

import uuid

import pytest

from estore.services import product_workflow
from tests.integration.conftest import make_seller
from tests.integration.images_support import Images, png

OFFER = {"price": {"amount": 4999, "currency": "USD"}, "stock": 5}
STEP_NAMES = list(product_workflow.STEPS)


def product_body(**overrides):
    body = {
        "title": "Millennium Falcon",
        "description": "The fastest hunk of junk in the galaxy.",
        "brand": "LEGO",
        "category": "toys",
        "offer": OFFER,
    }
    body.update(overrides)
    return body


@pytest.fixture
def seller(cloud):
    return make_seller(cloud, "Brick House")


@pytest.fixture
def rival(cloud):
    return make_seller(cloud, "Block Party")


@pytest.fixture
def admin(cloud):
    user = cloud.confirm_sign_up(f"admin-{uuid.uuid4().hex[:6]}@example.com")
    cloud.cognito.admin_add_user_to_group(UserPoolId=cloud.pool_id, Username=user.username, GroupName="admins")
    return user


@pytest.fixture
def two_images(cloud, seller):
    images = Images(cloud)
    return [images.upload(seller, png(seed=seed), content_type="image/png", filename=f"{seed}.png") for seed in (1, 2)]


def executions(cloud):
    sfn = cloud.stack_client("stepfunctions")
    return sfn.list_executions(stateMachineArn=cloud.stack.ref("CreateProductStateMachine"))["executions"]


def history_steps(cloud, execution_arn):
    sfn = cloud.stack_client("stepfunctions")
    events = sfn.get_execution_history(executionArn=execution_arn)["events"]
    return [event["stateEnteredEventDetails"]["name"] for event in events if "stateEnteredEventDetails" in event]


def catalog_items(cloud):
    """Everything the catalog writes (products, offers, claims, links, tags), outbox included."""
    prefixes = ("PRODUCT#", "OFFER#", "OFFERCLAIM#", "TAG#", "OUTBOX#")
    return [item for item in cloud.table_items() if item["pk"]["S"].startswith(prefixes)]


def create(cloud, user, key=None, **overrides):
    headers = {"idempotency-key": key} if key else None
    return cloud.call("POST", "/products", user=user, json_body=product_body(**overrides), headers=headers)


# ---------------------------------------------------------------- creating
def test_a_product_without_images_or_tags_runs_no_image_or_tag_step(cloud, seller):
    answer = create(cloud, seller)
    assert answer.status == 201, answer.body
    product = answer.body
    assert (product["title"], product["tags"], product["images"], product["image"]) == (
        "Millennium Falcon",
        [],
        [],
        None,
    )
    assert product["bestOffer"]["price"] == {"amount": 4999, "currency": "USD"}
    assert product["bestOffer"]["condition"] == "new"
    assert product["bestOffer"]["sellerName"] == "Brick House"
    assert product["otherOffersCount"] == 0
    [execution] = executions(cloud)
    assert history_steps(cloud, execution["executionArn"]) == ["CreateProduct", "HasImages", "HasTags", "CommitProduct"]
    assert cloud.call("GET", f"/products/{product['id']}").body == product


def test_a_product_with_images_and_tags_runs_every_step_and_links_both(cloud, seller, two_images):
    answer = create(cloud, seller, imageIds=two_images, tags=["LEGO ", "Star  Wars", "Légo", "UCS"])
    assert answer.status == 201, answer.body
    product = answer.body
    assert product["tags"] == ["lego", "star-wars", "ucs"]
    assert [image["id"] for image in product["images"]] == two_images
    assert product["image"] == product["images"][0]["url"]
    [execution] = executions(cloud)
    assert history_steps(cloud, execution["executionArn"]) == [
        "CreateProduct",
        "HasImages",
        "CreateImages",
        "AddImagesToProduct",
        "HasTags",
        "CreateTags",
        "AddTagsToProduct",
        "CommitProduct",
    ]
    listed = cloud.call("GET", "/tags/star-wars/products")
    assert [item["id"] for item in listed.body["items"]] == [product["id"]]
    tags = cloud.call("GET", "/tags", query={"prefix": "L"})
    assert tags.body["items"] == [{"slug": "lego", "name": "LEGO"}]


@pytest.mark.parametrize("step", STEP_NAMES)
def test_a_failure_at_any_step_leaves_nothing_and_a_retry_creates_exactly_one(cloud, seller, two_images, step):
    before = catalog_items(cloud)

    def broken(draft):
        raise RuntimeError(f"injected fault at {step}")

    key = str(uuid.uuid4())
    body = {"imageIds": two_images, "tags": ["lego", "star wars", "ucs"]}
    with pytest.MonkeyPatch.context() as fault:
        fault.setitem(product_workflow.STEPS, step, broken)
        failed = create(cloud, seller, key=key, **body)
    assert failed.status == 503
    assert failed.error_code == "WORKFLOW_FAILED"
    assert catalog_items(cloud) == before

    retried = create(cloud, seller, key=key, **body)
    assert retried.status == 201, retried.body
    again = create(cloud, seller, key=key, **body)
    assert again.body["id"] == retried.body["id"]
    mine = cloud.call("GET", "/sellers/me/products", user=seller)
    assert [item["id"] for item in mine.body["items"]] == [retried.body["id"]]


def test_the_same_idempotency_key_with_another_body_is_422(cloud, seller):
    key = str(uuid.uuid4())
    assert create(cloud, seller, key=key).status == 201
    answer = create(cloud, seller, key=key, title="Another thing")
    assert answer.status == 422
    assert answer.error_code == "IDEMPOTENCY_KEY_REUSED"


# ---------------------------------------------------------------- who may
def test_a_customer_cannot_create_products(cloud, customer):
    answer = create(cloud, customer)
    assert answer.status == 403
    assert answer.error_code == "FORBIDDEN"


def test_a_seller_cannot_change_or_delete_another_sellers_product_or_offer(cloud, seller, rival):
    product = create(cloud, seller).body
    offer_id = product["bestOffer"]["id"]
    before = catalog_items(cloud)
    attempts = [
        cloud.call("PATCH", f"/products/{product['id']}", user=rival, json_body={"title": "Mine now"}),
        cloud.call("DELETE", f"/products/{product['id']}", user=rival),
        cloud.call("PATCH", f"/offers/{offer_id}", user=rival, json_body={"stock": 0}),
        cloud.call("DELETE", f"/offers/{offer_id}", user=rival),
    ]
    assert [answer.status for answer in attempts] == [403, 403, 403, 403]
    assert catalog_items(cloud) == before


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"imageIds": [f"img{i}" for i in range(21)]}, "imageIds"),
        ({"tags": [f"tag{i}" for i in range(21)]}, "tags"),
        ({"offer": {**OFFER, "price": {"amount": -1, "currency": "USD"}}}, "offer.price.amount"),
        ({"offer": {**OFFER, "price": {"amount": 0, "currency": "USD"}}}, "offer.price"),
        ({"offer": {**OFFER, "price": {"amount": 10.5, "currency": "USD"}}}, "offer.price.amount"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"offer": {**OFFER, "condition": "used"}}, "offer.conditionNote"),
        ({"offer": {**OFFER, "stock": -1}}, "offer.stock"),
        ({"imageIds": ["does-not-exist"]}, "imageIds.0"),
        ({"offer": {**OFFER, "price": {"amount": 100, "currency": "EUR"}}}, "offer.price.currency"),
    ],
)
def test_bad_products_are_422_naming_the_field_and_write_nothing(cloud, seller, overrides, field):
    before = catalog_items(cloud)
    answer = create(cloud, seller, **overrides)
    assert answer.status == 422, answer.body
    assert field in [detail["field"] for detail in answer.body["error"]["details"]]
    assert catalog_items(cloud) == before


def test_another_sellers_image_cannot_be_used(cloud, seller, rival, two_images):
    answer = create(cloud, rival, imageIds=two_images[:1])
    assert answer.status == 422
    assert answer.body["error"]["details"][0]["field"] == "imageIds.0"


# ---------------------------------------------------------------- offers from many sellers
def test_other_sellers_lists_used_and_refurbished_offers_with_notes_cheapest_first(cloud, seller, rival):
    product = create(cloud, seller).body
    third = make_seller(cloud, "Second Hand Bricks")
    used = {"price": {"amount": 2500, "currency": "USD"}, "stock": 1, "condition": "used", "conditionNote": "Box worn"}
    refurb = {
        "price": {"amount": 3900, "currency": "USD"},
        "stock": 2,
        "condition": "refurbished",
        "conditionNote": "All bricks cleaned",
    }
    assert cloud.call("POST", f"/products/{product['id']}/offers", user=rival, json_body=refurb).status == 201
    assert cloud.call("POST", f"/products/{product['id']}/offers", user=third, json_body=used).status == 201
    others = cloud.call("GET", f"/products/{product['id']}/offers", query={"condition": "used,refurbished"})
    assert [(o["condition"], o["conditionNote"], o["price"]["amount"]) for o in others.body["items"]] == [
        ("used", "Box worn", 2500),
        ("refurbished", "All bricks cleaned", 3900),
    ]
    page = cloud.call("GET", f"/products/{product['id']}").body
    assert page["bestOffer"]["condition"] == "new"  # a cheaper used offer never becomes the headline
    assert page["otherOffersCount"] == 2


def test_a_used_offer_without_a_note_is_422(cloud, seller, rival):
    product = create(cloud, seller).body
    used = {"price": {"amount": 2500, "currency": "USD"}, "stock": 1, "condition": "used"}
    answer = cloud.call("POST", f"/products/{product['id']}/offers", user=rival, json_body=used)
    assert answer.status == 422
    assert [detail["field"] for detail in answer.body["error"]["details"]] == ["conditionNote"]


def test_a_used_offer_cannot_lose_its_note_and_the_refusal_changes_nothing(cloud, seller, rival):
    # Given a used offer with its note
    product = create(cloud, seller).body
    used = {"price": {"amount": 2500, "currency": "USD"}, "stock": 1, "condition": "used", "conditionNote": "Box worn"}
    offer = cloud.call("POST", f"/products/{product['id']}/offers", user=rival, json_body=used).body
    # When its seller clears the note
    answer = cloud.call("PATCH", f"/offers/{offer['id']}", user=rival, json_body={"conditionNote": None})
    # Then 422 on conditionNote, and the note stays
    assert answer.status == 422
    assert [detail["field"] for detail in answer.body["error"]["details"]] == ["conditionNote"]
    others = cloud.call("GET", f"/products/{product['id']}/offers", query={"condition": "used"}).body["items"]
    assert [o["conditionNote"] for o in others] == ["Box worn"]


def test_a_seller_offers_a_product_once_per_condition_and_variant(cloud, seller, rival):
    product = create(cloud, seller).body
    offer = {"price": {"amount": 4500, "currency": "USD"}, "stock": 1}
    assert cloud.call("POST", f"/products/{product['id']}/offers", user=rival, json_body=offer).status == 201
    again = cloud.call("POST", f"/products/{product['id']}/offers", user=rival, json_body=offer)
    assert again.status == 409
    assert again.error_code == "OFFER_EXISTS"
    variant = cloud.call(
        "POST", f"/products/{product['id']}/offers", user=rival, json_body={**offer, "variant": "Gift box"}
    )
    assert variant.status == 201


def test_an_offer_for_an_unknown_product_is_404(cloud, rival):
    answer = cloud.call("POST", "/products/nope/offers", user=rival, json_body=OFFER)
    assert answer.status == 404


def test_changing_an_offers_price_reorders_other_sellers(cloud, seller, rival):
    product = create(cloud, seller).body
    theirs = cloud.call(
        "POST", f"/products/{product['id']}/offers", user=rival, json_body={**OFFER, "variant": "B"}
    ).body
    cheaper = cloud.call(
        "PATCH", f"/offers/{theirs['id']}", user=rival, json_body={"price": {"amount": 100, "currency": "USD"}}
    )
    assert cheaper.status == 200
    assert cheaper.body["price"]["amount"] == 100
    listed = cloud.call("GET", f"/products/{product['id']}/offers").body["items"]
    assert listed[0]["id"] == theirs["id"]
    assert cloud.call("GET", f"/products/{product['id']}").body["bestOffer"]["id"] == theirs["id"]


# ---------------------------------------------------------------- update and delete
def test_patch_replaces_tags_as_a_set_and_moves_tag_listings(cloud, seller):
    product = create(cloud, seller, tags=["lego", "star wars"]).body
    answer = cloud.call(
        "PATCH", f"/products/{product['id']}", user=seller, json_body={"tags": ["LEGO", "Technic"], "title": "Porsche"}
    )
    assert answer.status == 200, answer.body
    assert answer.body["tags"] == ["lego", "technic"]
    assert answer.body["title"] == "Porsche"
    assert cloud.call("GET", "/tags/star-wars/products").body["items"] == []
    assert [item["id"] for item in cloud.call("GET", "/tags/technic/products").body["items"]] == [product["id"]]
    assert {tag["slug"] for tag in cloud.call("GET", "/tags").body["items"]} == {"lego", "technic"}


def test_deleting_a_product_no_one_else_offers_removes_it_from_its_page_tags_and_offers(cloud, seller):
    product = create(cloud, seller, tags=["lego"]).body
    cloud.call("POST", f"/products/{product['id']}/offers", user=seller, json_body={**OFFER, "variant": "B"})
    assert cloud.call("DELETE", f"/products/{product['id']}", user=seller).status == 204
    assert cloud.call("GET", f"/products/{product['id']}").status == 404
    assert cloud.call("GET", f"/products/{product['id']}/offers").status == 404
    assert cloud.call("GET", "/tags/lego/products").body["items"] == []
    assert cloud.call("GET", "/tags").body["items"] == []
    assert cloud.call("GET", "/sellers/me/offers", user=seller).body["items"] == []
    leftovers = [item for item in catalog_items(cloud) if not item["pk"]["S"].startswith(("OUTBOX#", "TAG#"))]
    assert leftovers == []


# ---------------------------------------------------------------- shared products
def share(cloud, seller, rival, **overrides):
    """A product of `seller` that `rival` offers too."""
    product = create(cloud, seller, **overrides).body
    offer = cloud.call("POST", f"/products/{product['id']}/offers", user=rival, json_body=OFFER)
    assert offer.status == 201, offer.body
    return product, offer.body


@pytest.mark.parametrize("change", [{"title": "Empty box only"}, {"brand": "Mega"}, {"category": "boxes"}])
def test_the_owner_cannot_change_what_a_shared_product_is(cloud, seller, rival, change):
    product, _ = share(cloud, seller, rival)
    before = catalog_items(cloud)

    answer = cloud.call("PATCH", f"/products/{product['id']}", user=seller, json_body=change)

    assert answer.status == 409
    assert answer.error_code == "PRODUCT_SHARED"
    assert [detail["field"] for detail in answer.body["error"]["details"]] == list(change)
    assert catalog_items(cloud) == before


def test_the_owner_may_still_change_the_description_and_tags_of_a_shared_product(cloud, seller, rival):
    product, _ = share(cloud, seller, rival)

    answer = cloud.call(
        "PATCH",
        f"/products/{product['id']}",
        user=seller,
        json_body={"description": "Box a bit worn.", "tags": ["lego"], "title": product["title"]},
    )

    assert answer.status == 200, answer.body
    assert (answer.body["description"], answer.body["tags"]) == ("Box a bit worn.", ["lego"])


def test_an_admin_may_change_what_a_shared_product_is(cloud, seller, rival, admin):
    product, _ = share(cloud, seller, rival)

    answer = cloud.call(
        "PATCH", f"/products/{product['id']}", user=admin, json_body={"title": "Millennium Falcon 75192"}
    )

    assert answer.status == 200, answer.body
    assert cloud.call("GET", f"/products/{product['id']}").body["title"] == "Millennium Falcon 75192"


def test_once_the_other_sellers_withdraw_the_owner_may_rename_again(cloud, seller, rival):
    product, offer = share(cloud, seller, rival)
    assert cloud.call("DELETE", f"/offers/{offer['id']}", user=rival).status == 204

    answer = cloud.call("PATCH", f"/products/{product['id']}", user=seller, json_body={"title": "Falcon"})

    assert answer.status == 200, answer.body


def test_deleting_a_shared_product_withdraws_only_the_owners_offers(cloud, seller, rival):
    product, theirs = share(cloud, seller, rival, tags=["lego"])

    assert cloud.call("DELETE", f"/products/{product['id']}", user=seller).status == 204

    page = cloud.call("GET", f"/products/{product['id']}")
    assert page.status == 200
    assert page.body["title"] == product["title"]
    assert [offer["id"] for offer in cloud.call("GET", f"/products/{product['id']}/offers").body["items"]] == [
        theirs["id"]
    ]
    assert cloud.call("GET", "/sellers/me/offers", user=seller).body["items"] == []
    assert [item["id"] for item in cloud.call("GET", "/tags/lego/products").body["items"]] == [product["id"]]


def test_an_admin_removing_a_shared_product_removes_every_offer(cloud, seller, rival, admin):
    product, _ = share(cloud, seller, rival)

    assert cloud.call("DELETE", f"/admin/products/{product['id']}", user=admin).status == 204

    assert cloud.call("GET", f"/products/{product['id']}").status == 404
    assert cloud.call("GET", "/sellers/me/offers", user=rival).body["items"] == []


# ---------------------------------------------------------------- batch
def test_a_batch_reports_each_row_and_one_bad_row_does_not_sink_the_others(cloud, seller):
    rows = [product_body(title="Falcon"), product_body(title=""), product_body(title="X-Wing", tags=["lego"])]
    answer = cloud.call("POST", "/products/batch", user=seller, json_body={"products": rows})
    assert answer.status == 200, answer.body
    results = answer.body["results"]
    assert [(row["index"], row["status"]) for row in results] == [(0, 201), (1, 422), (2, 201)]
    assert results[1]["error"]["details"][0]["field"] == "title"
    assert results[2]["product"]["title"] == "X-Wing"
    assert len(cloud.call("GET", "/sellers/me/products", user=seller).body["items"]) == 2


def test_a_batch_of_26_is_422(cloud, seller):
    answer = cloud.call("POST", "/products/batch", user=seller, json_body={"products": [product_body()] * 26})
    assert answer.status == 422
    assert answer.body["error"]["details"][0]["field"] == "products"
