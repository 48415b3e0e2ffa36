"""A shop nobody has bought from yet: recommendations are its new arrivals, newest first."""

from tests.integration.conftest import make_seller
from tests.integration.reco_support import FullBus
from tests.integration.reviews_support import listed


def test_a_shop_nobody_bought_from_recommends_new_arrivals_newest_first(cloud):
    shop = make_seller(cloud, "Fresh Bricks")
    first = listed(cloud, shop, "First Set")
    second = listed(cloud, shop, "Second Set")
    FullBus(cloud).deliver()

    answer = cloud.call("GET", "/recommendations").body

    assert answer["reason"] == "new"
    assert [item["id"] for item in answer["items"]] == [second["id"], first["id"]]
