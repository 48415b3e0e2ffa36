"""Becoming a customer, opening a store, and reading profiles."""

from __future__ import annotations

from estore import clock, directory
from estore.auth import Principal, Role
from estore.config import get_settings
from estore.domain.identity import Me, OpenStore, PublicSeller, SellerProfile, UserProfile, store_name_key
from estore.errors import Conflict, NotFound
from estore.observability import logger
from estore.services.postings import account_opened
from estore.store import accounts
from estore.store import identity as store
from estore.store.uow import UnitOfWork


def register_customer(user_pool_id: str, username: str, user_id: str, email: str | None) -> None:
    """A confirmed sign-up becomes a customer with a profile. Safe to run twice."""
    store.save_user_profile(UserProfile(user_id=user_id, email=email, created_at=clock.iso(clock.now())))
    directory.add_to_group(user_pool_id, username, Role.CUSTOMERS)
    logger.info("customer registered", extra={"user_id": user_id})


def open_store(principal: Principal, request: OpenStore, *, correlation_id: str = "") -> SellerProfile:
    """The caller's seller profile, created with its unique store name; the caller joins `sellers`."""
    settings = get_settings()
    profile = SellerProfile(id=principal.user_id, store_name=request.store_name, created_at=clock.iso(clock.now()))
    uow = UnitOfWork(settings.table_name)
    store.add_seller(uow, profile, store_name_key(profile.store_name))
    if not accounts.balances([profile.id]):  # a seller is paid into its wallet: open it with the store
        opened = account_opened(profile.id, profile.id, correlation_id)
        accounts.add_account(uow, profile.id, profile.id, profile.created_at, opened)
    pool = settings.require("user_pool_id")
    try:
        uow.commit()
    except Conflict as conflict:
        if conflict.code == "ALREADY_A_SELLER":
            # Heals a earlier attempt that wrote the profile but failed before the group change.
            directory.add_to_group(pool, principal.username, Role.SELLERS)
        raise
    directory.add_to_group(pool, principal.username, Role.SELLERS)
    logger.info("store opened", extra={"seller_id": profile.id})
    return profile


def whoami(principal: Principal) -> Me:
    user = store.get_user_profile(principal.user_id)
    seller = store.get_seller(principal.user_id)
    email = principal.email or (user.email if user else None)
    return Me(user_id=principal.user_id, email=email, roles=sorted(principal.roles), seller=seller)


def public_seller(seller_id: str) -> PublicSeller:
    profile = store.get_seller(seller_id)
    if profile is None:
        raise NotFound(f"No seller {seller_id}.")
    return PublicSeller.model_validate(profile.model_dump(include={"id", "store_name", "rating", "review_count"}))
