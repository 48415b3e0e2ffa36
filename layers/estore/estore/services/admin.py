"""What operators do: look at sellers and orders, suspend or reinstate a seller, remove any product."""

from __future__ import annotations

from estore.auth import Principal
from estore.config import get_settings
from estore.domain.events import Source, new_event
from estore.domain.identity import SellerProfile, SellerStatus
from estore.domain.orders import Order
from estore.domain.pagination import Page
from estore.errors import NotFound
from estore.observability import logger
from estore.services.orders import order_view
from estore.services.paging import each, paged
from estore.store import identity as identity_store
from estore.store import keys
from estore.store.items import query_page
from estore.store.uow import UnitOfWork

SELLERS_PARTITION = "SELLERS"
ORDERS_PARTITION = "ORDERS"


def sellers(limit: int, cursor: str | None) -> Page[SellerProfile]:
    """Every store, newest first."""
    return paged(
        "admin-sellers",
        cursor,
        lambda start: query_page(SELLERS_PARTITION, index="gsi1", limit=limit, start=start),
        each(identity_store.seller_from_item),
    )


def suspend_seller(admin: Principal, seller_id: str, *, correlation_id: str) -> SellerProfile:
    """The store's offers leave search and carts can no longer check them out. Suspending twice is a no-op."""
    profile = identity_store.get_seller(seller_id)
    if profile is None:
        raise NotFound(f"No seller {seller_id}.")
    if profile.status is SellerStatus.SUSPENDED:
        return profile
    uow = UnitOfWork(get_settings().table_name)
    uow.update(
        keys.seller_profile(seller_id),
        "SET #status = :suspended",
        condition="attribute_exists(pk)",
        names={"#status": "status"},
        values={":suspended": SellerStatus.SUSPENDED.value},
        on_condition_failed=NotFound(f"No seller {seller_id}."),
    )
    detail = {"sellerId": seller_id, "by": admin.user_id}
    uow.emit(new_event(Source.IDENTITY, "SellerSuspended", detail, correlation_id=correlation_id))
    uow.commit()
    logger.info("seller suspended", extra={"seller_id": seller_id, "admin": admin.user_id})
    return profile.model_copy(update={"status": SellerStatus.SUSPENDED})


def reinstate_seller(admin: Principal, seller_id: str, *, correlation_id: str) -> SellerProfile:
    """The store may sell again: its offers return to search and carts. Reinstating an active store is a no-op."""
    profile = identity_store.get_seller(seller_id)
    if profile is None:
        raise NotFound(f"No seller {seller_id}.")
    if profile.status is SellerStatus.ACTIVE:
        return profile
    uow = UnitOfWork(get_settings().table_name)
    uow.update(
        keys.seller_profile(seller_id),
        "SET #status = :active",
        condition="attribute_exists(pk)",
        names={"#status": "status"},
        values={":active": SellerStatus.ACTIVE.value},
        on_condition_failed=NotFound(f"No seller {seller_id}."),
    )
    detail = {"sellerId": seller_id, "by": admin.user_id}
    uow.emit(new_event(Source.IDENTITY, "SellerReinstated", detail, correlation_id=correlation_id))
    uow.commit()
    logger.info("seller reinstated", extra={"seller_id": seller_id, "admin": admin.user_id})
    return profile.model_copy(update={"status": SellerStatus.ACTIVE})


def orders(limit: int, cursor: str | None) -> Page[Order]:
    """Every order, newest first."""
    return paged(
        "admin-orders",
        cursor,
        lambda start: query_page(ORDERS_PARTITION, index="gsi2", limit=limit, start=start),
        each(order_view),
    )
