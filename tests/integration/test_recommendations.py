"""Recommendations at the handler level: built from the bus's events by the recorder, read in at most
three DynamoDB calls, personal for customers with purchases, best sellers then new arrivals for anyone
else, and only products that can be bought now.

One world per module (building it takes a dozen checkouts); tests that change it change only products
and customers of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from estore_local.emulator.callcount import counting_calls
from estore_local.emulator.harness import Cloud, in_process_cloud, make_seller
from tests.integration.reco_support import FullBus
from tests.integration.reviews_support import admin, bought, listed

STAR_WARS = ["star-wars", "lego"]


class World:
    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.bus = FullBus(cloud)
        self.shop = make_seller(cloud, "Galaxy Bricks")
        self.falcon = listed(cloud, self.shop, "Millennium Falcon", STAR_WARS)
        self.xwing = listed(cloud, self.shop, "X-Wing Starfighter", STAR_WARS)
        self.tie = listed(cloud, self.shop, "TIE Fighter", STAR_WARS)
        self.fire_station = listed(cloud, self.shop, "Fire Station", ["city"])
        self.batteries = listed(cloud, self.shop, "AA Batteries", ["power"])
        # Star Wars buyers buy Star Wars together; everyone buys batteries (the popular, unrelated item).
        for pair in ((self.falcon, self.xwing), (self.falcon, self.tie), (self.falcon, self.xwing)):
            bought(cloud, self.customer(), *pair)
        for _ in range(4):
            bought(cloud, self.customer(), self.batteries)
        bought(cloud, self.customer(), self.fire_station, self.batteries)
        self.fan = self.customer()
        self.fan_order = bought(cloud, self.fan, self.falcon)
        self.bus.deliver()

    def customer(self):  # type: ignore[no-untyped-def]
        return self.cloud.confirm_sign_up(f"buyer-{uuid.uuid4().hex[:8]}@example.com")

    def home(self, user=None, **kwargs):  # type: ignore[no-untyped-def]
        answer = self.cloud.call("GET", "/recommendations", user=user, **kwargs)
        assert answer.status == 200, answer.body
        return answer.body

    def ids(self, answer) -> list[str]:  # type: ignore[no-untyped-def]
        return [item["id"] for item in answer["items"]]


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with in_process_cloud() as cloud:
        yield World(cloud)


def test_a_star_wars_buyer_is_recommended_other_star_wars_sets_before_unrelated_items(world):
    answer = world.home(world.fan)
    ids = world.ids(answer)
    assert answer["reason"] == "personal"
    assert ids[:2] == [world.xwing["id"], world.tie["id"]]  # bought with the Falcon twice, then once
    assert ids.index(world.tie["id"]) < ids.index(world.batteries["id"])


def test_a_customer_is_never_recommended_what_they_bought(world):
    assert world.falcon["id"] not in world.ids(world.home(world.fan))


def test_anyone_else_gets_the_best_sellers_then_new_arrivals(world):
    answer = world.home()
    ids = world.ids(answer)
    assert answer["reason"] == "popular"
    assert ids[0] == world.batteries["id"]  # 5 sold
    assert ids[1] == world.falcon["id"]  # 4 sold
    assert set(ids) == {p["id"] for p in (world.falcon, world.xwing, world.tie, world.fire_station, world.batteries)}


def test_a_customer_without_orders_gets_the_popular_answer(world):
    assert world.home(world.customer())["reason"] == "popular"


def test_a_home_page_is_at_most_three_dynamodb_calls(world):
    with counting_calls() as personal:
        world.home(world.fan)
    with counting_calls() as anonymous:
        world.home()
    assert personal.of("dynamodb") <= 3
    assert anonymous.of("dynamodb") <= 3


def test_an_order_page_recommends_what_buyers_of_its_products_also_bought(world):
    with counting_calls() as calls:
        answer = world.cloud.call("GET", f"/orders/{world.fan_order['id']}/recommendations", user=world.fan)
    assert answer.status == 200, answer.body
    ids = world.ids(answer.body)
    assert (answer.body["reason"], ids[:2]) == ("personal", [world.xwing["id"], world.tie["id"]])
    assert world.falcon["id"] not in ids
    assert calls.of("dynamodb") <= 3


def test_another_customers_order_recommendations_are_404(world):
    answer = world.cloud.call("GET", f"/orders/{world.fan_order['id']}/recommendations", user=world.customer())
    assert answer.status == 404
    assert world.cloud.call("GET", f"/orders/{world.fan_order['id']}/recommendations").status == 401


def test_a_replayed_order_event_counts_once(world):
    before = world.home(world.fan)
    outcomes = world.bus.replay("OrderPlaced")
    assert outcomes
    assert all(outcome == {"replayed": 1} for outcome in outcomes)
    assert world.home(world.fan) == before


def test_a_product_deleted_after_a_co_purchase_no_longer_appears(world):
    buyer, shopper = world.customer(), world.customer()
    doomed = listed(world.cloud, world.shop, "Doomed Shuttle", STAR_WARS)
    bought(world.cloud, buyer, world.tie, doomed)
    bought(world.cloud, shopper, world.tie)
    world.bus.deliver()
    assert doomed["id"] in world.ids(world.home(shopper))

    assert world.cloud.call("DELETE", f"/products/{doomed['id']}", user=world.shop).status == 204
    assert doomed["id"] not in world.ids(world.home(shopper))  # at once: filtered on read
    world.bus.deliver()  # then cleaned up: no neighbour, best-seller, tag or new-arrival list names it
    lists = ("RECO#PRODUCT#", "RECO#POPULAR#", "RECO#TAG#", "RECO#NEW")
    assert not [
        item for item in world.cloud.table_items() if item["pk"]["S"].startswith(lists) and doomed["id"] in str(item)
    ]
    assert doomed["id"] not in world.ids(world.home())


def test_a_suspended_sellers_only_offers_leave_the_answers(world):
    rogue = make_seller(world.cloud, f"Rogue {uuid.uuid4().hex[:4]}")
    sith = listed(world.cloud, rogue, "Sith Infiltrator", STAR_WARS)
    buyer = world.customer()
    bought(world.cloud, buyer, world.xwing, sith)
    world.bus.deliver()
    assert sith["id"] in world.ids(world.home())

    world.cloud.call("POST", f"/admin/sellers/{rogue.sub}/suspend", user=admin(world.cloud))
    world.bus.deliver()

    assert sith["id"] not in world.ids(world.home())
    assert sith["id"] not in world.ids(world.home(world.fan))


def test_a_bearer_token_on_the_public_route_makes_the_answer_personal(world):
    password = "Passw0rd-reco"
    pool, client = world.cloud.pool_id, world.cloud.stack.ref("UserPoolClient")
    world.cloud.cognito.admin_set_user_password(
        UserPoolId=pool, Username=world.fan.username, Password=password, Permanent=True
    )
    tokens = world.cloud.cognito.initiate_auth(
        ClientId=client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": world.fan.username, "PASSWORD": password},
    )["AuthenticationResult"]
    signed_in = world.home(headers={"authorization": f"Bearer {tokens['AccessToken']}"})
    assert (signed_in["reason"], world.ids(signed_in)) == ("personal", world.ids(world.home(world.fan)))
    forged = world.cloud.call("GET", "/recommendations", headers={"authorization": "Bearer not-a-token"})
    assert (forged.status, forged.error_code) == (401, "UNAUTHORIZED")
