"""What the review and recommendation tests share: listing products and buying them through the real API."""

from __future__ import annotations

import uuid
from typing import Any

from estore_local.emulator.harness import Cloud, User

PRICE = {"amount": 1000, "currency": "USD"}


def listed(cloud: Cloud, seller: User, title: str, tags: list[str] | None = None, stock: int = 50) -> dict[str, Any]:
    body = {
        "title": title,
        "brand": "LEGO",
        "category": "toys",
        "tags": tags or [],
        "offer": {"price": PRICE, "stock": stock},
    }
    answer = cloud.call("POST", "/products", user=seller, json_body=body)
    assert answer.status == 201, answer.body
    product: dict[str, Any] = answer.body
    return product


def bought(cloud: Cloud, customer: User, *products: dict[str, Any]) -> dict[str, Any]:
    """The customer's order of one of each product (its wallet funded first)."""
    deposit = {"amount": {"amount": 1000 * len(products), "currency": "USD"}}
    assert cloud.call("POST", "/wallet/deposits", user=customer, json_body=deposit).status == 201
    for product in products:
        line = {"offerId": product["bestOffer"]["id"], "quantity": 1}
        answer = cloud.call("POST", "/cart/items", user=customer, json_body=line)
        assert answer.status == 200, answer.body
    order = cloud.call("POST", "/checkout", user=customer, json_body={}, headers={"idempotency-key": str(uuid.uuid4())})
    assert order.status == 201, order.body
    placed: dict[str, Any] = order.body
    return placed


def admin(cloud: Cloud) -> User:
    user = cloud.confirm_sign_up(f"admin-{uuid.uuid4().hex[:6]}@example.com")
    cloud.cognito.admin_add_user_to_group(UserPoolId=cloud.pool_id, Username=user.username, GroupName="admins")
    return user


def review_body(rating: int = 5, **fields: Any) -> dict[str, Any]:
    return {"rating": rating, "title": "Great set", "text": "Built it in an afternoon.", **fields}
