"""Reviews of products (verified buyers, one each) and feedback on sellers (one per order), with their
aggregates moved in the same transaction, plain-text limits, and admins removing any review."""

import pytest

from tests.integration.conftest import make_seller
from tests.integration.reviews_support import admin, bought, listed, review_body


@pytest.fixture
def seller(cloud):
    return make_seller(cloud, "Brick House")


@pytest.fixture
def product(cloud, seller):
    return listed(cloud, seller, "Millennium Falcon")


@pytest.fixture
def order(cloud, customer, product):
    return bought(cloud, customer, product)


def post_review(cloud, user, product, **fields):
    return cloud.call("POST", f"/products/{product['id']}/reviews", user=user, json_body=review_body(**fields))


def page_of(cloud, product):
    return cloud.call("GET", f"/products/{product['id']}").body


def test_a_customer_who_never_bought_the_product_gets_403(cloud, customer, product):
    answer = post_review(cloud, customer, product)
    assert (answer.status, answer.error_code) == (403, "NOT_A_BUYER")
    assert page_of(cloud, product)["reviewCount"] == 0


def test_a_buyer_reviews_and_the_product_carries_rating_count_and_histogram(cloud, customer, product, order):
    answer = post_review(cloud, customer, product, rating=4)
    assert answer.status == 201, answer.body
    assert answer.body["verifiedPurchase"] is True
    page = page_of(cloud, product)
    assert (page["rating"], page["reviewCount"]) == (4.0, 1)
    assert page["ratingHistogram"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}


def test_a_second_review_of_the_same_product_is_409(cloud, customer, product, order):
    post_review(cloud, customer, product)
    again = post_review(cloud, customer, product, rating=1)
    assert (again.status, again.error_code) == (409, "ALREADY_REVIEWED")
    assert page_of(cloud, product)["reviewCount"] == 1


def test_the_author_edits_and_the_aggregate_follows(cloud, customer, product, order):
    review = post_review(cloud, customer, product, rating=5).body
    edited = cloud.call("PATCH", f"/reviews/{review['id']}", user=customer, json_body={"rating": 2, "text": "Meh."})
    assert edited.status == 200, edited.body
    assert (edited.body["rating"], edited.body["text"]) == (2, "Meh.")
    page = page_of(cloud, product)
    assert (page["rating"], page["ratingHistogram"]["5"], page["ratingHistogram"]["2"]) == (2.0, 0, 1)


def test_the_author_deletes_and_may_review_again(cloud, customer, product, order):
    review = post_review(cloud, customer, product).body
    assert cloud.call("DELETE", f"/reviews/{review['id']}", user=customer).status == 204
    assert page_of(cloud, product)["reviewCount"] == 0
    assert post_review(cloud, customer, product, rating=3).status == 201


def test_nobody_else_edits_or_deletes_a_review(cloud, customer, other_customer, product, order):
    review = post_review(cloud, customer, product).body
    edited = cloud.call("PATCH", f"/reviews/{review['id']}", user=other_customer, json_body={"rating": 1})
    deleted = cloud.call("DELETE", f"/reviews/{review['id']}", user=other_customer)
    assert (edited.status, deleted.status) == (403, 403)
    assert page_of(cloud, product)["rating"] == 5.0


def test_an_admin_removes_any_review_and_the_aggregate_follows(cloud, customer, product, order):
    review = post_review(cloud, customer, product).body
    operator = admin(cloud)
    assert cloud.call("DELETE", f"/admin/reviews/{review['id']}", user=customer).status == 403
    assert cloud.call("DELETE", f"/admin/reviews/{review['id']}", user=operator).status == 204
    assert page_of(cloud, product)["reviewCount"] == 0
    assert cloud.call("DELETE", f"/admin/reviews/{review['id']}", user=operator).status == 404
    removed = [item for item in cloud.table_items() if item.get("detailType", {}).get("S") == "ReviewRemoved"]
    assert len(removed) == 1


def test_reviews_are_paged_newest_first(cloud, product, seller):
    buyers = [cloud.confirm_sign_up(f"buyer-{n}@example.com") for n in range(3)]
    for rating, buyer in enumerate(buyers, start=1):
        bought(cloud, buyer, product)
        assert post_review(cloud, buyer, product, rating=rating).status == 201
    first = cloud.call("GET", f"/products/{product['id']}/reviews", query={"limit": "2"}).body
    rest = cloud.call("GET", f"/products/{product['id']}/reviews", query={"cursor": first["nextCursor"]}).body
    assert [review["rating"] for review in first["items"] + rest["items"]] == [3, 2, 1]
    forged = cloud.call("GET", f"/products/{product['id']}/reviews", query={"cursor": "forged"})
    assert forged.status == 400


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "5"}, "rating"),
        ({"title": "a\x07b"}, "title"),
        ({"title": "two\nlines"}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"text": "bell \x07"}, "text"),
        ({"text": "x" * 4001}, "text"),
        ({"text": "   "}, "text"),
    ],
)
def test_reviews_are_plain_text_within_limits(cloud, customer, product, order, fields, field):
    answer = post_review(cloud, customer, product, **fields)
    assert answer.status == 422, answer.body
    assert [detail["field"] for detail in answer.body["error"]["details"]] == [field]
    assert page_of(cloud, product)["reviewCount"] == 0


def test_a_review_keeps_its_line_breaks(cloud, customer, product, order):
    answer = post_review(cloud, customer, product, text="Great.\r\nWould buy again.")
    assert answer.body["text"] == "Great.\nWould buy again."


def test_a_customer_rates_a_seller_once_per_order(cloud, customer, seller, order):
    body = {"orderId": order["id"], "rating": 4, "text": "Fast and well packed."}
    first = cloud.call("POST", f"/sellers/{seller.sub}/reviews", user=customer, json_body=body)
    again = cloud.call("POST", f"/sellers/{seller.sub}/reviews", user=customer, json_body=body)
    assert first.status == 201, first.body
    assert (again.status, again.error_code) == (409, "ALREADY_REVIEWED")
    assert cloud.call("GET", f"/sellers/{seller.sub}").body == {
        "id": seller.sub,
        "storeName": "Brick House",
        "rating": 4.0,
        "reviewCount": 1,
    }
    listed_reviews = cloud.call("GET", f"/sellers/{seller.sub}/reviews").body["items"]
    assert [review["orderId"] for review in listed_reviews] == [order["id"]]


def test_seller_feedback_needs_an_own_order_with_that_sellers_lines(cloud, customer, other_customer, seller, order):
    stranger = make_seller(cloud, "Other Store")
    body = {"orderId": order["id"], "rating": 1, "text": "Never bought here."}
    wrong_seller = cloud.call("POST", f"/sellers/{stranger.sub}/reviews", user=customer, json_body=body)
    not_mine = cloud.call("POST", f"/sellers/{seller.sub}/reviews", user=other_customer, json_body=body)
    assert (wrong_seller.status, wrong_seller.error_code) == (403, "NOT_A_BUYER")
    assert not_mine.status == 404
    assert cloud.call("GET", f"/sellers/{stranger.sub}").body["reviewCount"] == 0


def test_reviews_emit_review_posted_in_the_same_transaction(cloud, customer, product, order):
    post_review(cloud, customer, product)
    posted = [item for item in cloud.table_items() if item.get("detailType", {}).get("S") == "ReviewPosted"]
    assert len(posted) == 1
