"""Suspension is total and reversible: a suspended store changes nothing, its offers are never a product
page's best offer nor added to carts, and reinstating brings its offers back to search."""

import uuid

import pytest

from tests.integration.conftest import make_seller
from tests.integration.images_support import declared, png
from tests.integration.search_support import create, found_ids, search

PRICE = {"amount": 1000, "currency": "USD"}


@pytest.fixture
def admin(cloud):
    user = cloud.confirm_sign_up(f"admin-{uuid.uuid4().hex[:6]}@example.com")
    cloud.cognito.admin_add_user_to_group(UserPoolId=cloud.pool_id, Username=user.username, GroupName="admins")
    return user


@pytest.fixture
def suspended(cloud, admin):
    """A store with one product (and its offer), then suspended."""
    seller = make_seller(cloud, "Soon Suspended")
    product = create(cloud, seller, "Suspended Falcon")
    assert cloud.call("POST", f"/admin/sellers/{seller.sub}/suspend", user=admin).status == 200
    return seller, product


def test_a_suspended_seller_cannot_request_uploads(cloud, suspended):
    seller, _ = suspended
    answer = cloud.call("POST", "/images/uploads", user=seller, json_body={"files": [declared(png())]})
    assert (answer.status, answer.error_code) == (403, "SELLER_SUSPENDED")


def test_a_suspended_seller_cannot_edit_or_delete_its_products(cloud, suspended):
    seller, product = suspended
    edited = cloud.call("PATCH", f"/products/{product['id']}", user=seller, json_body={"title": "New title"})
    deleted = cloud.call("DELETE", f"/products/{product['id']}", user=seller)
    assert [(edited.status, edited.error_code), (deleted.status, deleted.error_code)] == [
        (403, "SELLER_SUSPENDED"),
        (403, "SELLER_SUSPENDED"),
    ]
    assert cloud.call("GET", f"/products/{product['id']}").status == 200


def test_a_suspended_seller_cannot_add_edit_or_delete_offers(cloud, suspended, rival):
    seller, product = suspended
    offer_id = product["bestOffer"]["id"]
    other = create(cloud, rival, "Rival Falcon")
    added = cloud.call("POST", f"/products/{other['id']}/offers", user=seller, json_body={"price": PRICE, "stock": 1})
    edited = cloud.call("PATCH", f"/offers/{offer_id}", user=seller, json_body={"stock": 9})
    deleted = cloud.call("DELETE", f"/offers/{offer_id}", user=seller)
    assert {answer.error_code for answer in (added, edited, deleted)} == {"SELLER_SUSPENDED"}
    assert {answer.status for answer in (added, edited, deleted)} == {403}


def test_a_suspended_sellers_offer_is_not_the_best_offer_nor_listed(cloud, admin, rival):
    cheap = make_seller(cloud, "Cheap Store")
    product = create(cloud, rival, "Shared Falcon")
    answer = cloud.call(
        "POST",
        f"/products/{product['id']}/offers",
        user=cheap,
        json_body={"price": {**PRICE, "amount": 10}, "stock": 3},
    )
    assert answer.status == 201, answer.body
    assert cloud.call("GET", f"/products/{product['id']}").body["bestOffer"]["sellerId"] == cheap.sub

    cloud.call("POST", f"/admin/sellers/{cheap.sub}/suspend", user=admin)

    page = cloud.call("GET", f"/products/{product['id']}").body
    assert page["bestOffer"]["sellerId"] == rival.sub
    assert page["otherOffersCount"] == 0
    listed = cloud.call("GET", f"/products/{product['id']}/offers").body["items"]
    assert [offer["sellerId"] for offer in listed] == [rival.sub]


def test_a_suspended_sellers_offer_cannot_be_added_to_a_cart(cloud, suspended, customer):
    _, product = suspended
    answer = cloud.call(
        "POST", "/cart/items", user=customer, json_body={"offerId": product["bestOffer"]["id"], "quantity": 1}
    )
    assert (answer.status, answer.error_code) == (409, "SELLER_SUSPENDED")
    assert cloud.call("GET", "/cart", user=customer).body["items"] == []


def test_reinstating_lets_the_seller_sell_again_and_brings_its_offers_back_to_search(cloud, admin, bus):
    seller = make_seller(cloud, "Comeback Store")
    product = create(cloud, seller, "Quokkaberry Falcon")
    bus.deliver()
    cloud.call("POST", f"/admin/sellers/{seller.sub}/suspend", user=admin)
    bus.deliver()
    assert product["id"] not in found_ids(search(cloud, q="Quokkaberry"))

    answer = cloud.call("POST", f"/admin/sellers/{seller.sub}/reinstate", user=admin)
    bus.deliver()

    assert (answer.status, answer.body["status"]) == (200, "ACTIVE")
    assert product["id"] in found_ids(search(cloud, q="Quokkaberry"))
    edited = cloud.call("PATCH", f"/products/{product['id']}", user=seller, json_body={"title": "Quokkaberry Hawk"})
    assert edited.status == 200, edited.body


def test_reinstating_emits_seller_reinstated_once(cloud, admin, suspended):
    seller, _ = suspended
    cloud.call("POST", f"/admin/sellers/{seller.sub}/reinstate", user=admin)
    again = cloud.call("POST", f"/admin/sellers/{seller.sub}/reinstate", user=admin)
    events = [item for item in cloud.table_items() if item.get("detailType", {}).get("S") == "SellerReinstated"]
    assert again.status == 200
    assert len(events) == 1


def test_only_admins_reinstate_and_unknown_sellers_are_404(cloud, admin, suspended):
    seller, _ = suspended
    assert cloud.call("POST", f"/admin/sellers/{seller.sub}/reinstate", user=seller).status == 403
    assert cloud.call("POST", "/admin/sellers/nobody/reinstate", user=admin).status == 404
