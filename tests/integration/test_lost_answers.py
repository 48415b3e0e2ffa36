"""A transaction that reached the table but whose answer was lost (a client read timeout while the
table was busy with the background consumers' writes) is sent again by botocore, with the same
ClientRequestToken. DynamoDB answers the repeat with success and changes nothing; so must the local
cloud, or the repeat fails on the first attempt's own writes (the seller's new product came back
409 CONFLICT) or a posting is made twice.
"""

import uuid

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError
from moto.core.models import botocore_stubber

from estore.store import dynamo
from tests.integration.conftest import make_seller


@pytest.fixture
def lose_answer(monkeypatch):
    """Losing the answer to the first TransactWriteItems whose request mentions `marker.text`."""

    class Marker:
        text: str | None = None
        lost = 0

    marker = Marker()
    real_client = dynamo.client

    def answer_lost(request, event_name, **_):
        if marker.text and marker.lost == 0 and marker.text in request.body.decode():
            marker.lost += 1
            botocore_stubber(event_name, request)  # the table (moto) runs the transaction...
            raise ReadTimeoutError(endpoint_url=request.url)  # ...and its answer never arrives

    def client():
        found = real_client()
        found.meta.events.register(
            "before-send.dynamodb.TransactWriteItems", answer_lost, unique_id="test-lose-first-answer"
        )
        return found

    monkeypatch.setattr(dynamo, "client", client)
    return marker


def test_a_product_whose_commit_answer_was_lost_is_created_once_and_answered_201(cloud, lose_answer):
    # Given a seller, and a table whose answer to the product's transaction gets lost once
    seller = make_seller(cloud, "Lost Answers")
    lose_answer.text = "Lost Answer Falcon"
    body = {
        "title": "Lost Answer Falcon",
        "brand": "LEGO",
        "category": "toys",
        "tags": ["star wars"],
        "offer": {"price": {"amount": 4999, "currency": "USD"}, "stock": 5},
    }
    # When the seller creates the product
    answer = cloud.call("POST", "/products", user=seller, json_body=body)
    # Then the retried transaction was the same one, answered as done: 201, and one product
    assert lose_answer.lost == 1
    assert answer.status == 201, answer.body
    mine = cloud.call("GET", "/sellers/me/products", user=seller).body["items"]
    assert [product["id"] for product in mine] == [answer.body["id"]]
    assert cloud.call("GET", "/tags/star-wars/products").body["items"][0]["id"] == answer.body["id"]


def test_a_deposit_whose_answer_was_lost_moves_the_money_once(cloud, customer, lose_answer):
    # Given a table whose answer to the deposit's transaction gets lost once
    lose_answer.text = "MoneyDeposited"
    # When the customer deposits 100
    answer = cloud.call(
        "POST", "/wallet/deposits", user=customer, json_body={"amount": {"amount": 100, "currency": "USD"}}
    )
    # Then the wallet holds 100, from one entry
    assert lose_answer.lost == 1
    assert answer.status == 201, answer.body
    assert cloud.call("GET", "/wallet", user=customer).body["balance"]["amount"] == 100
    assert len(cloud.call("GET", "/wallet/entries", user=customer).body["items"]) == 1


def test_a_token_sent_again_with_another_request_is_refused(cloud):
    # Given a transaction made with a token
    table = cloud.stack.ref("Table")
    token = str(uuid.uuid4())

    def put(name):
        item = {"pk": {"S": f"TOKENTEST#{name}"}, "sk": {"S": "X"}}
        return {"Put": {"TableName": table, "Item": item}}

    cloud.dynamodb.transact_write_items(TransactItems=[put("a")], ClientRequestToken=token)
    # When the same token comes with other writes
    with pytest.raises(ClientError) as refused:
        cloud.dynamodb.transact_write_items(TransactItems=[put("b")], ClientRequestToken=token)
    # Then DynamoDB's answer: IdempotentParameterMismatchException, and nothing written
    assert refused.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert "Item" not in cloud.dynamodb.get_item(TableName=table, Key={"pk": {"S": "TOKENTEST#b"}, "sk": {"S": "X"}})
