"""Property: after any sequence of posts, edits, deletions and admin removals (some refused), a product's
and a seller's aggregates equal a recomputation from the reviews that exist - no drift, ever."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estore.domain.reviews import tally
from estore_local.emulator.harness import in_process_cloud, make_seller
from tests.integration.reviews_support import admin, bought, listed, review_body

CUSTOMERS = 3

customer = st.integers(min_value=0, max_value=CUSTOMERS - 1)
stars = st.integers(min_value=1, max_value=5)
kind = st.sampled_from(["product", "seller"])
operation = st.one_of(
    st.tuples(st.just("post"), kind, customer, stars),
    st.tuples(st.just("edit"), kind, customer, stars),
    st.tuples(st.just("delete"), kind, customer),
    st.tuples(st.just("remove"), kind, customer),
)


def every_review(cloud, path):
    reviews, cursor = [], None
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = cloud.call("GET", path, query=query).body
        reviews += page["items"]
        cursor = page["nextCursor"]
        if not cursor:
            return reviews


def test_aggregates_equal_a_recomputation_after_any_sequence():
    with in_process_cloud() as cloud:
        shop = make_seller(cloud, "Tally Bricks")
        product = listed(cloud, shop, "Tally Falcon")
        operator = admin(cloud)
        customers = [cloud.confirm_sign_up(f"tally-{n}@example.com") for n in range(CUSTOMERS)]
        orders = [bought(cloud, buyer, product)["id"] for buyer in customers]
        review_ids: dict[tuple[str, int], str] = {}  # what the model thinks exists: (kind, customer) -> id

        def post(which, who, rating):
            if which == "product":
                answer = cloud.call(
                    "POST", f"/products/{product['id']}/reviews", user=customers[who], json_body=review_body(rating)
                )
            else:
                body = {"orderId": orders[who], "rating": rating, "text": "ok"}
                answer = cloud.call("POST", f"/sellers/{shop.sub}/reviews", user=customers[who], json_body=body)
            if (which, who) in review_ids:
                assert answer.status == 409, answer.body
            else:
                assert answer.status == 201, answer.body
                review_ids[(which, who)] = answer.body["id"]

        def act(step):
            name, which, who, *rest = step
            review_id = review_ids.get((which, who), "no-such-review")
            if name == "post":
                post(which, who, rest[0])
                return
            if name == "edit":
                answer = cloud.call(
                    "PATCH", f"/reviews/{review_id}", user=customers[who], json_body={"rating": rest[0]}
                )
            elif name == "delete":
                answer = cloud.call("DELETE", f"/reviews/{review_id}", user=customers[who])
            else:
                answer = cloud.call("DELETE", f"/admin/reviews/{review_id}", user=operator)
            assert answer.status == (404 if review_id == "no-such-review" else 200 if name == "edit" else 204)
            if name != "edit" and answer.status == 204:
                del review_ids[(which, who)]

        @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(st.lists(operation, min_size=1, max_size=8))
        def run(steps):
            for step in steps:
                act(step)
            product_reviews = every_review(cloud, f"/products/{product['id']}/reviews")
            seller_reviews = every_review(cloud, f"/sellers/{shop.sub}/reviews")
            page = cloud.call("GET", f"/products/{product['id']}").body
            store = cloud.call("GET", f"/sellers/{shop.sub}").body
            expected = tally(review["rating"] for review in product_reviews).summary()
            assert (page["rating"], page["reviewCount"], page["ratingHistogram"]) == (
                expected.rating,
                expected.review_count,
                expected.histogram,
            )
            expected_seller = tally(review["rating"] for review in seller_reviews).summary()
            assert (store["rating"], store["reviewCount"]) == (expected_seller.rating, expected_seller.review_count)
            assert {review["id"] for review in product_reviews + seller_reviews} == set(review_ids.values())

        run()
