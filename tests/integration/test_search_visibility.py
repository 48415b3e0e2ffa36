"""Search never shows a used or refurbished offer, a deleted product, an out-of-stock one, or a suspended
seller's offer; and the index ends the same whatever order events arrive in, however often."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from estore_local.emulator.harness import Cloud, User
from tests.integration.search_support import INDEXER, OFFER, Bus, as_bus_event, create, found_ids, search

USED = {**OFFER, "condition": "used", "conditionNote": "Box opened, all pieces there"}
REFURBISHED = {**OFFER, "condition": "refurbished", "conditionNote": "Resealed by the seller"}


def shown(cloud: Cloud, text: str) -> list[dict[str, Any]]:
    answer = search(cloud, q=text)
    found_ids(answer)
    items: list[dict[str, Any]] = answer.body["items"]
    return items


@pytest.fixture
def admin(cloud: Cloud) -> User:
    user = cloud.confirm_sign_up(f"admin-{uuid.uuid4().hex[:6]}@example.com")
    cloud.cognito.admin_add_user_to_group(UserPoolId=cloud.pool_id, Username=user.username, GroupName="admins")
    return user


@pytest.fixture
def customer(cloud: Cloud) -> User:
    user = cloud.confirm_sign_up(f"customer-{uuid.uuid4().hex[:6]}@example.com")
    deposit = {"amount": {"amount": 1_000_000, "currency": "USD"}}
    headers = {"idempotency-key": str(uuid.uuid4())}
    assert cloud.call("POST", "/wallet/deposits", user=user, json_body=deposit, headers=headers).status == 201
    return user


@pytest.mark.parametrize("offer", [USED, REFURBISHED], ids=["used", "refurbished"])
def test_a_product_sold_only_second_hand_is_not_shown(cloud: Cloud, bus: Bus, seller: User, offer: dict) -> None:
    # Given a product whose only offer is second hand
    create(cloud, seller, "Millennium Falcon", offer=offer)
    bus.deliver()
    # Then search does not show it
    assert shown(cloud, "millennium falcon") == []


def test_a_new_offer_makes_it_shown_with_that_offer_not_a_cheaper_used_one(
    cloud: Cloud, bus: Bus, seller: User, rival: User
) -> None:
    # Given a product sold used (cheap), then new by a rival (dearer)
    product = create(cloud, seller, "Millennium Falcon", offer={**USED, "price": {"amount": 1000, "currency": "USD"}})
    new = {**OFFER, "price": {"amount": 9000, "currency": "USD"}}
    assert cloud.call("POST", f"/products/{product['id']}/offers", user=rival, json_body=new).status == 201
    bus.deliver()
    # Then it is shown, with the new offer as its best offer
    [item] = shown(cloud, "millennium falcon")
    assert item["bestOffer"]["condition"] == "new"
    assert item["bestOffer"]["price"]["amount"] == 9000


def test_a_deleted_product_is_not_shown(cloud: Cloud, bus: Bus, seller: User) -> None:
    product = create(cloud, seller, "Millennium Falcon")
    bus.deliver()
    assert [item["id"] for item in shown(cloud, "falcon")] == [product["id"]]
    # When the seller deletes it
    assert cloud.call("DELETE", f"/products/{product['id']}", user=seller).status == 204
    bus.deliver()
    # Then search forgets it, and leaves no posting behind
    assert shown(cloud, "falcon") == []
    postings = [item for item in cloud.table_items() if item["pk"]["S"].startswith("SEARCHTERM#")]
    assert postings == []


def test_an_out_of_stock_product_is_not_shown_until_restocked(cloud: Cloud, bus: Bus, seller: User) -> None:
    product = create(cloud, seller, "Millennium Falcon")
    offer_id = product["bestOffer"]["id"]
    # When its only new offer sells out
    assert cloud.call("PATCH", f"/offers/{offer_id}", user=seller, json_body={"stock": 0}).status == 200
    bus.deliver()
    # Then it is not shown
    assert shown(cloud, "falcon") == []
    # And when restocked, it is shown again
    assert cloud.call("PATCH", f"/offers/{offer_id}", user=seller, json_body={"stock": 2}).status == 200
    bus.deliver()
    assert [item["bestOffer"]["stock"] for item in shown(cloud, "falcon")] == [2]


def test_a_withdrawn_offer_takes_the_product_out_of_search(cloud: Cloud, bus: Bus, seller: User) -> None:
    product = create(cloud, seller, "Millennium Falcon")
    assert cloud.call("DELETE", f"/offers/{product['bestOffer']['id']}", user=seller).status in (200, 204)
    bus.deliver()
    assert shown(cloud, "falcon") == []


def test_a_suspended_sellers_offers_leave_search(
    cloud: Cloud, bus: Bus, seller: User, rival: User, admin: User
) -> None:
    # Given two products of a seller, one also sold new (dearer) by a rival
    only_mine = create(cloud, seller, "Millennium Falcon")
    shared = create(cloud, seller, "Medieval Castle", offer={**OFFER, "price": {"amount": 100, "currency": "USD"}})
    assert cloud.call("POST", f"/products/{shared['id']}/offers", user=rival, json_body=OFFER).status == 201
    bus.deliver()
    assert shown(cloud, "medieval castle")[0]["bestOffer"]["sellerId"] == seller.sub
    # When an admin suspends the seller (SellerSuspended reaches the indexer)
    assert cloud.call("POST", f"/admin/sellers/{seller.sub}/suspend", user=admin).status == 200
    assert bus.deliver() == 1
    # Then the product only they sell is gone, and the shared one shows the rival's offer
    assert shown(cloud, "millennium falcon") == []
    [item] = shown(cloud, "medieval castle")
    assert item["id"] == shared["id"]
    assert item["bestOffer"]["sellerId"] == rival.sub
    assert only_mine["id"] not in found_ids(search(cloud, q="lego"))


def test_a_product_sold_out_at_checkout_leaves_search(cloud: Cloud, bus: Bus, seller: User, customer: User) -> None:
    # Given a product with two left
    product = create(cloud, seller, "Millennium Falcon", offer={**OFFER, "stock": 2})
    bus.deliver()
    # When a customer buys both (OrderPlaced reaches the indexer)
    line = {"offerId": product["bestOffer"]["id"], "quantity": 2}
    assert cloud.call("POST", "/cart/items", user=customer, json_body=line).status == 200
    headers = {"idempotency-key": str(uuid.uuid4())}
    assert cloud.call("POST", "/checkout", user=customer, json_body={}, headers=headers).status == 201
    assert bus.deliver() == 1
    # Then search does not show it any more
    assert shown(cloud, "millennium falcon") == []


def test_events_replayed_and_out_of_order_leave_the_same_index(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given a product created, sold out, then renamed
    product = create(cloud, seller, "Millennium Falcon")
    cloud.call("PATCH", f"/offers/{product['bestOffer']['id']}", user=seller, json_body={"stock": 0})
    cloud.call("PATCH", f"/products/{product['id']}", user=seller, json_body={"title": "Imperial Star Destroyer"})
    events = bus.pending()
    # When the events arrive newest first, then all of them again
    for item in [*reversed(events), *events]:
        bus.delivered.add(item["pk"])
        cloud.run(INDEXER, as_bus_event(item))
    # Then the index shows the product as it is now: not searchable (sold out)
    assert shown(cloud, "falcon") == []
    assert shown(cloud, "star destroyer") == []
    # And once restocked it is found by its new name only
    cloud.call("PATCH", f"/offers/{product['bestOffer']['id']}", user=seller, json_body={"stock": 1})
    bus.deliver()
    assert [item["title"] for item in shown(cloud, "star destroyer")] == ["Imperial Star Destroyer"]
    assert shown(cloud, "millennium falcon") == []
