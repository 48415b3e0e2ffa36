"""Property: whatever customers do, in any order, with retries and refusals, the books stay right.

Random sequences of deposits, withdrawals, transfers and checkouts (some replayed with their
Idempotency-Key, some that must be refused) run through the real handlers against moto; afterwards
the journal balances, no wallet is negative, every balance is the sum of its lines, the money that
entered minus what left is what the wallets and the fee account hold - and a simple model of what
should have happened agrees with every wallet.
"""

import uuid

from boto3.dynamodb.conditions import Key
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estore.domain.ledger import platform_fee
from estore_local.emulator.harness import in_process_cloud, make_seller

USERS = 3
PRICE = 700
FEE_BPS = 500

amounts = st.integers(min_value=1, max_value=3000)
user = st.integers(min_value=0, max_value=USERS - 1)
operation = st.one_of(
    st.tuples(st.just("deposit"), user, amounts),
    st.tuples(st.just("withdraw"), user, amounts),
    st.tuples(st.just("transfer"), user, user, amounts),
    st.tuples(st.just("checkout"), user, st.integers(min_value=1, max_value=3)),
    st.tuples(st.just("retry")),
)


def money(amount):
    return {"amount": amount, "currency": "USD"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=3, max_size=14))
def test_the_books_balance_after_any_sequence_of_movements(operations):
    with in_process_cloud() as cloud:
        shop = make_seller(cloud, "Ledger Bricks")
        listed = cloud.call(
            "POST",
            "/products",
            user=shop,
            json_body={
                "title": "Brick",
                "brand": "B",
                "category": "c",
                "offer": {"price": money(PRICE), "stock": 1000},
            },
        )
        offer_id = listed.body["bestOffer"]["id"]
        users = [cloud.confirm_sign_up(f"u{i}-{uuid.uuid4().hex[:6]}@example.com") for i in range(USERS)]
        model = {u.sub: 0 for u in users} | {shop.sub: 0}
        fees = entered = left = 0
        last = None

        for op in operations:
            if op[0] == "retry":
                if last is None:
                    continue
                request, _ = last
            elif op[0] == "deposit":
                request = ("POST", "/wallet/deposits", users[op[1]], {"amount": money(op[2])}, str(uuid.uuid4()))
            elif op[0] == "withdraw":
                request = ("POST", "/wallet/withdrawals", users[op[1]], {"amount": money(op[2])}, str(uuid.uuid4()))
            elif op[0] == "transfer":
                body = {"toUserId": users[op[2]].sub, "amount": money(op[3])}
                request = ("POST", "/wallet/transfers", users[op[1]], body, str(uuid.uuid4()))
            else:
                buyer = users[op[1]]
                cloud.call("POST", "/cart/items", user=buyer, json_body={"offerId": offer_id, "quantity": op[2]})
                request = ("POST", "/checkout", buyer, {}, str(uuid.uuid4()))
            method, path, who, body, key = request
            answer = cloud.call(method, path, user=who, json_body=body, headers={"idempotency-key": key})
            replay = op[0] == "retry"
            assert answer.status < 500, answer.body
            if replay:
                assert answer.status == last[1], "a replay answers what the first request answered"
                continue
            last = (request, answer.status)
            if answer.status not in (200, 201):
                assert answer.status in (402, 409, 422), answer.body
                continue
            if path == "/wallet/deposits":
                model[who.sub] += body["amount"]["amount"]
                entered += body["amount"]["amount"]
            elif path == "/wallet/withdrawals":
                model[who.sub] -= body["amount"]["amount"]
                left += body["amount"]["amount"]
            elif path == "/wallet/transfers":
                model[who.sub] -= body["amount"]["amount"]
                model[body["toUserId"]] += body["amount"]["amount"]
            else:
                total = answer.body["total"]["amount"]
                fee = platform_fee(total, FEE_BPS)
                model[who.sub] -= total
                model[shop.sub] += total - fee
                fees += fee

        admin = cloud.confirm_sign_up(f"admin-{uuid.uuid4().hex[:6]}@example.com")
        cloud.cognito.admin_add_user_to_group(UserPoolId=cloud.pool_id, Username=admin.username, GroupName="admins")
        checked = cloud.call("GET", "/admin/ledger/trial-balance", user=admin).body
        assert checked["balanced"] is True, checked
        assert checked["totals"]["debits"] == checked["totals"]["credits"]
        assert entered - left == checked["totals"]["wallets"] + checked["totals"]["fees"]
        assert checked["totals"]["fees"] == fees

        table = cloud.dynamodb_table()
        for account_id, expected in model.items():
            shown = cloud.call("GET", "/wallet", user=next(u for u in [*users, shop] if u.sub == account_id))
            assert shown.body["balance"]["amount"] == expected >= 0
            lines = table.query(
                KeyConditionExpression=Key("pk").eq(f"ACCOUNT#{account_id}") & Key("sk").begins_with("ENTRY#")
            )
            assert sum(int(line["delta"]) for line in lines["Items"]) == expected
