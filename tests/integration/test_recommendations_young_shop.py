"""A young shop's order page: with no co-purchases and few best sellers, new arrivals fill the shelf.

A module of its own: it needs a shop with no sales, and the main recommendations module's world has many.
"""

from __future__ import annotations

import uuid

from estore_local.emulator.harness import in_process_cloud, make_seller
from tests.integration.reco_support import FullBus
from tests.integration.reviews_support import bought, listed


def test_a_shops_first_order_is_followed_by_its_new_arrivals() -> None:
    with in_process_cloud() as cloud:
        # Given a new shop with three products and no sale yet
        bus = FullBus(cloud)
        shop = make_seller(cloud, "First Bricks")
        falcon, xwing, tie = (listed(cloud, shop, title, ["star-wars"]) for title in ("Falcon", "X-Wing", "TIE"))
        customer = cloud.confirm_sign_up(f"first-{uuid.uuid4().hex[:8]}@example.com")
        bus.deliver()
        # When its first customer orders the Falcon
        order = bought(cloud, customer, falcon)
        bus.deliver()
        answer = cloud.call("GET", f"/orders/{order['id']}/recommendations", user=customer)
    # Then the order page recommends the shop's other products, which nobody bought yet: new arrivals
    assert answer.status == 200, answer.body
    assert {item["id"] for item in answer.body["items"]} == {xwing["id"], tie["id"]}
    assert answer.body["reason"] == "new"
