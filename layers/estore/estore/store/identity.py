"""Users and sellers in the table."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from estore.domain.identity import SellerProfile, SellerStatus, UserProfile
from estore.domain.reviews import STARS, Tally
from estore.errors import Conflict
from estore.store import dynamo, keys
from estore.store.items import batch_get
from estore.store.uow import UnitOfWork


def _strip_keys(item: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in item.items() if name not in {"pk", "sk", "gsi1pk", "gsi1sk", "type"}}


def save_user_profile(profile: UserProfile) -> None:
    """Creates the profile once; a repeated trigger (Cognito retries) changes nothing."""
    item = {**keys.user_profile(profile.user_id), "type": "USER", **profile.model_dump(by_alias=False)}
    try:
        dynamo.table().put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
    except ClientError as error:
        if dynamo.error_code(error) != "ConditionalCheckFailedException":
            raise


def get_user_profile(user_id: str) -> UserProfile | None:
    item = dynamo.table().get_item(Key=keys.user_profile(user_id)).get("Item")
    return UserProfile.model_validate(_strip_keys(item)) if item else None


def get_seller(seller_id: str) -> SellerProfile | None:
    item = dynamo.table().get_item(Key=keys.seller_profile(seller_id), ConsistentRead=True).get("Item")
    return seller_from_item(item) if item else None


def seller_from_item(item: dict[str, Any]) -> SellerProfile:
    fields = {name: value for name, value in item.items() if name not in _SELLER_INTERNAL}
    # The feedback aggregate (docs/reviews.md): a sum and a count moved in each review's transaction.
    summary = Tally(total=int(item.get("rating_sum", 0)), count=int(item.get("review_count", 0))).summary()
    fields.update(rating=summary.rating, review_count=summary.review_count)
    return SellerProfile.model_validate(fields)


_SELLER_INTERNAL = {
    "pk",
    "sk",
    "gsi1pk",
    "gsi1sk",
    "type",
    "store_name_key",
    "rating_sum",
    *(f"stars_{s}" for s in STARS),
}


def add_seller(uow: UnitOfWork, profile: SellerProfile, name_key: str) -> None:
    """The seller profile and its store-name claim; both conditions hold or nothing is written."""
    uow.put(
        {
            **keys.seller_profile(profile.id),
            **keys.sellers_index(profile.created_at, profile.id),
            "type": "SELLER",
            "store_name_key": name_key,
            **profile.model_dump(by_alias=False, mode="json", exclude={"rating"}),
        },
        condition="attribute_not_exists(pk)",
        on_condition_failed=Conflict("You already have a store.", code="ALREADY_A_SELLER"),
    )
    uow.put(
        {**keys.store_name_claim(name_key), "type": "STORENAME", "seller_id": profile.id},
        condition="attribute_not_exists(pk)",
        on_condition_failed=Conflict(f"The store name '{profile.store_name}' is taken.", code="STORE_NAME_TAKEN"),
    )


def is_active_seller(profile: SellerProfile | None) -> bool:
    return profile is not None and profile.status is SellerStatus.ACTIVE


def active_seller_ids(seller_ids: list[str]) -> set[str]:
    """Which of these sellers are in good standing (one BatchGetItem per 100)."""
    found = batch_get([keys.seller_profile(seller_id) for seller_id in seller_ids])
    return {
        str(item["id"])
        for item in found.values()
        if item.get("status", SellerStatus.ACTIVE.value) == SellerStatus.ACTIVE.value
    }
