"""Wallet races over the local cloud: concurrent withdrawals never spend the same money twice."""

import uuid
from concurrent.futures import ThreadPoolExecutor

from tests.e2e.support import customer


def test_ten_concurrent_withdrawals_of_30_from_100_leave_exactly_three_standing(cloud):
    holder = customer(cloud)
    key = {"idempotency-key": str(uuid.uuid4())}
    deposit = holder.call("POST", "/wallet/deposits", json={"amount": {"amount": 100, "currency": "USD"}}, headers=key)
    assert deposit.status_code == 201, deposit.text

    def withdraw(_: int):
        headers = {"idempotency-key": str(uuid.uuid4())}
        return holder.call(
            "POST", "/wallet/withdrawals", json={"amount": {"amount": 30, "currency": "USD"}}, headers=headers
        )

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(withdraw, range(10)))

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] * 3 + [402] * 7, [answer.text for answer in answers]
    assert holder.call("GET", "/wallet").json()["balance"] == {"amount": 10, "currency": "USD"}
    after = sorted(answer.json()["balanceAfter"]["amount"] for answer in answers if answer.status_code == 201)
    assert after == [10, 40, 70]
    statement = holder.call("GET", "/wallet/entries").json()["items"]
    assert [entry["type"] for entry in statement] == ["WITHDRAWAL"] * 3 + ["DEPOSIT"]
