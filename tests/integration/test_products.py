"""Products through the real CreateProduct workflow (moto's Step Functions interpreter, real handlers)."""


import pytest

from tests.integration.conftest import make_seller

OFFER = {"price": {"amount": 4999, "currency": "USD"}, "stock": 5}


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


def executions(cloud):
    sfn = cloud.stack_client("stepfunctions")
    machine = cloud.stack.ref("CreateProductStateMachine")
    return sfn.list_executions(stateMachineArn=machine)["executions"]


def history_steps(cloud, execution_arn):
    sfn = cloud.stack_client("stepfunctions")
    events = sfn.get_execution_history(executionArn=execution_arn)["events"]
    return [event["stateEnteredEventDetails"]["name"] for event in events if "stateEnteredEventDetails" in event]


def test_a_product_without_images_or_tags_runs_no_image_or_tag_step(cloud, seller):
    answer = cloud.call("POST", "/products", user=seller, json_body=product_body())
    assert answer.status == 201, answer.body
    product = answer.body
    assert product["title"] == "Millennium Falcon"
    assert product["tags"] == []
    assert product["images"] == []
    assert product["image"] is None
    assert product["bestOffer"]["price"] == {"amount": 4999, "currency": "USD"}
    assert product["bestOffer"]["condition"] == "new"
    assert product["bestOffer"]["sellerName"] == "Brick House"
    assert product["otherOffersCount"] == 0
    [execution] = executions(cloud)
    steps = history_steps(cloud, execution["executionArn"])
    assert steps == ["CreateProduct", "HasImages", "HasTags", "CommitProduct"]
    page = cloud.call("GET", f"/products/{product['id']}")
    assert page.status == 200
    assert page.body == product


def test_a_customer_cannot_create_products(cloud, customer):
    answer = cloud.call("POST", "/products", user=customer, json_body=product_body())
    assert answer.status == 403
    assert answer.error_code == "FORBIDDEN"
