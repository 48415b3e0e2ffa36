"""Over real HTTP on the shared local cloud: reviews need a purchase, the home page of a Star Wars buyer
recommends another Star Wars set before unrelated items (once the order's event has gone outbox ->
stream -> publisher -> bus -> recorder), a product deleted after a co-purchase no longer appears, and
reinstating a seller brings its offers back to search."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import User, assert_error, customer, seller, unique_tag

WAIT_S = 30
PRICE = {"amount": 1500, "currency": "USD"}


def wait_until(cloud: LocalCloud, what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"{what} within {WAIT_S}s; see {cloud.log_path}")


def listed(shop: User, title: str, tags: list[str]) -> dict[str, Any]:
    body = {"title": title, "brand": "LEGO", "category": "toys", "tags": tags, "offer": {"price": PRICE, "stock": 20}}
    answer = shop.call("POST", "/products", json=body)
    assert answer.status_code == 201, answer.text
    product: dict[str, Any] = answer.json()
    return product


def bought(buyer: User, *products: dict[str, Any], quantity: int = 1) -> dict[str, Any]:
    deposit = {"amount": {"amount": PRICE["amount"] * quantity * len(products), "currency": "USD"}}
    key = {"idempotency-key": str(uuid.uuid4())}
    assert buyer.call("POST", "/wallet/deposits", json=deposit, headers=key).status_code == 201
    for product in products:
        line = {"offerId": product["bestOffer"]["id"], "quantity": quantity}
        assert buyer.call("POST", "/cart/items", json=line).status_code == 200
    order = buyer.call("POST", "/checkout", json={}, headers={"idempotency-key": str(uuid.uuid4())})
    assert order.status_code == 201, order.text
    placed: dict[str, Any] = order.json()
    return placed


def recommended(user: User | None, cloud: LocalCloud) -> list[str]:
    if user is None:
        with cloud.http() as http:
            answer = http.get("/recommendations", params={"limit": 20})
    else:
        answer = user.call("GET", "/recommendations", params={"limit": 20})
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


@pytest.fixture(scope="module")
def galaxy(cloud: LocalCloud) -> dict[str, Any]:
    """Star Wars sets bought together by one buyer, an unrelated best seller, and a fan who bought one set."""
    _, star_wars = unique_tag("starwars")
    _, other = unique_tag("garden")
    shop = seller(cloud)
    falcon, xwing = (listed(shop, title, [star_wars]) for title in ("Falcon", "X-Wing"))
    hose = listed(shop, "Garden Hose", [other])
    bought(customer(cloud), falcon, xwing)
    bought(customer(cloud), hose, quantity=3)
    fan = customer(cloud)
    order = bought(fan, falcon)
    return {"shop": shop, "falcon": falcon, "xwing": xwing, "hose": hose, "fan": fan, "order": order}


def test_a_customer_who_never_bought_gets_403_on_a_product_review(cloud, galaxy):
    review = {"rating": 5, "title": "Superb", "text": "Kessel run in under 12 parsecs."}
    stranger = customer(cloud)
    assert_error(stranger.call("POST", f"/products/{galaxy['falcon']['id']}/reviews", json=review), 403, "NOT_A_BUYER")
    posted = galaxy["fan"].call("POST", f"/products/{galaxy['falcon']['id']}/reviews", json=review)
    assert posted.status_code == 201, posted.text
    with cloud.http() as http:
        page = http.get(f"/products/{galaxy['falcon']['id']}").json()
        reviews = http.get(f"/products/{galaxy['falcon']['id']}/reviews").json()["items"]
    assert (page["rating"], page["reviewCount"], page["ratingHistogram"]["5"]) == (5.0, 1, 1)
    assert [r["id"] for r in reviews] == [posted.json()["id"]]


def test_a_star_wars_buyer_is_recommended_another_star_wars_set_before_unrelated_items(cloud, galaxy):
    fan, xwing, hose = galaxy["fan"], galaxy["xwing"]["id"], galaxy["hose"]["id"]
    wait_until(cloud, "the fan's home page recommends the X-Wing", lambda: xwing in recommended(fan, cloud))
    answer = fan.call("GET", "/recommendations", params={"limit": 20}).json()
    ids = [item["id"] for item in answer["items"]]
    assert answer["reason"] == "personal"
    assert galaxy["falcon"]["id"] not in ids
    assert hose not in ids or ids.index(xwing) < ids.index(hose)
    after_order = fan.call("GET", f"/orders/{galaxy['order']['id']}/recommendations").json()
    assert after_order["items"][0]["id"] == xwing


def test_a_product_deleted_after_a_co_purchase_no_longer_appears(cloud, galaxy):
    fan, shop = galaxy["fan"], galaxy["shop"]
    _, tag = unique_tag("doomed")
    doomed = listed(shop, "Doomed Shuttle", [tag])
    bought(customer(cloud), galaxy["falcon"], doomed)
    wait_until(cloud, "the shuttle is recommended", lambda: doomed["id"] in recommended(fan, cloud))
    assert shop.call("DELETE", f"/products/{doomed['id']}").status_code == 204
    assert doomed["id"] not in recommended(fan, cloud)
    assert doomed["id"] not in recommended(None, cloud)


def test_reinstating_a_seller_brings_its_offers_back_to_search(cloud):
    word = "".join(random.Random(uuid.uuid4().int).choice("bcdfghjklmnpqrstvwz") + "a" for _ in range(5))
    shop = seller(cloud)
    cruiser = listed(shop, f"{word.title()} Cruiser", [])
    email, _ = cloud.sign_up()
    cloud.client("cognito-idp").admin_add_user_to_group(
        UserPoolId=cloud.outputs["UserPoolId"], Username=email, GroupName="admins"
    )
    admin = User(cloud, email, cloud.sign_in(email)["AccessToken"])
    me = shop.call("GET", "/me").json()["userId"]

    def searchable() -> bool:
        with cloud.http() as http:
            return bool(http.get("/search", params={"q": word}).json()["items"])

    wait_until(cloud, "the cruiser is searchable", searchable)
    assert admin.call("POST", f"/admin/sellers/{me}/suspend").status_code == 200
    wait_until(cloud, "the suspended store's cruiser leaves search", lambda: not searchable())
    edit = shop.call("PATCH", f"/products/{cruiser['id']}", json={"title": "Renamed"})
    assert_error(edit, 403, "SELLER_SUSPENDED")
    reinstated = admin.call("POST", f"/admin/sellers/{me}/reinstate")
    assert (reinstated.status_code, reinstated.json()["status"]) == (200, "ACTIVE")
    wait_until(cloud, "the reinstated store's cruiser is back in search", searchable)
