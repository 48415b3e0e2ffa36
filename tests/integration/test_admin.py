"""Admins: suspend a seller (its offers cannot be checked out), remove any product, see all orders."""

import uuid

import pytest

from tests.integration.conftest import make_seller


@pytest.fixture
def admin(cloud):
    user = cloud.confirm_sign_up(f"admin-{uuid.uuid4().hex[:6]}@example.com")
    cloud.cognito.admin_add_user_to_group(UserPoolId=cloud.pool_id, Username=user.username, GroupName="admins")
    return user


def listed(cloud, seller, title="Falcon", stock=5):
    body = {
        "title": title,
        "brand": "LEGO",
        "category": "toys",
        "offer": {"price": {"amount": 1000, "currency": "USD"}, "stock": stock},
    }
    answer = cloud.call("POST", "/products", user=seller, json_body=body)
    assert answer.status == 201, answer.body
    return answer.body


def funded(cloud, user):
    body = {"amount": {"amount": 100_000, "currency": "USD"}}
    assert cloud.call("POST", "/wallet/deposits", user=user, json_body=body).status == 201
    return user


def test_a_suspended_sellers_offers_cannot_be_checked_out(cloud, admin, customer):
    seller = make_seller(cloud, "Soon Suspended")
    offer_id = listed(cloud, seller)["bestOffer"]["id"]
    funded(cloud, customer)
    cloud.call("POST", "/cart/items", user=customer, json_body={"offerId": offer_id, "quantity": 1})
    answer = cloud.call("POST", f"/admin/sellers/{seller.sub}/suspend", user=admin)
    assert answer.status == 200, answer.body
    assert answer.body["status"] == "SUSPENDED"
    [line] = cloud.call("GET", "/cart", user=customer).body["items"]
    assert line["available"] is False
    refused = cloud.call("POST", "/checkout", user=customer, json_body={})
    assert refused.status == 409
    assert refused.body["error"]["details"][0]["reason"] == "SELLER_SUSPENDED"
    assert (
        cloud.call(
            "POST",
            "/products",
            user=seller,
            json_body={
                "title": "t",
                "brand": "b",
                "category": "c",
                "offer": {"price": {"amount": 1, "currency": "USD"}, "stock": 1},
            },
        ).error_code
        == "SELLER_SUSPENDED"
    )
    again = cloud.call("POST", f"/admin/sellers/{seller.sub}/suspend", user=admin)
    assert again.status == 200


def test_admins_list_sellers_and_orders(cloud, admin, customer):
    seller = make_seller(cloud, "Listed Store")
    offer_id = listed(cloud, seller)["bestOffer"]["id"]
    funded(cloud, customer)
    cloud.call("POST", "/cart/items", user=customer, json_body={"offerId": offer_id, "quantity": 1})
    order = cloud.call("POST", "/checkout", user=customer, json_body={}).body
    stores = cloud.call("GET", "/admin/sellers", user=admin).body["items"]
    assert [store["storeName"] for store in stores] == ["Listed Store"]
    orders = cloud.call("GET", "/admin/orders", user=admin).body["items"]
    assert [o["number"] for o in orders] == [order["number"]]


def test_an_admin_removes_any_product(cloud, admin):
    seller = make_seller(cloud, "Removed Store")
    product = listed(cloud, seller)
    assert cloud.call("DELETE", f"/admin/products/{product['id']}", user=admin).status == 204
    assert cloud.call("GET", f"/products/{product['id']}").status == 404


def test_only_admins_may_do_any_of_it(cloud, customer):
    seller = make_seller(cloud, "Safe Store")
    product = listed(cloud, seller)
    attempts = [
        cloud.call("GET", "/admin/sellers", user=customer),
        cloud.call("POST", f"/admin/sellers/{seller.sub}/suspend", user=seller),
        cloud.call("DELETE", f"/admin/products/{product['id']}", user=seller),
        cloud.call("GET", "/admin/orders", user=customer),
    ]
    assert [answer.status for answer in attempts] == [403, 403, 403, 403]
    assert cloud.call("GET", f"/products/{product['id']}").status == 200


def test_suspending_an_unknown_seller_is_404(cloud, admin):
    assert cloud.call("POST", "/admin/sellers/nobody/suspend", user=admin).status == 404
