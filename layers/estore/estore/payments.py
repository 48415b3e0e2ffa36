"""The payment-provider port: money entering (deposits) and leaving (withdrawals) the platform.

`fake` approves everything (local cloud, tests, a dev stack); `none` means no provider is configured,
and then customers cannot deposit: no free money in production. A real provider (Stripe, Adyen...)
is another implementation of PaymentProvider, chosen by the PAYMENT_PROVIDER setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from estore.config import get_settings
from estore.domain.money import Money


@dataclass(frozen=True)
class Payment:
    approved: bool
    reference: str
    reason: str | None = None


class PaymentProvider(Protocol):
    def charge(self, user_id: str, amount: Money, idempotency_key: str) -> Payment:
        """Takes money from the user's card/bank into the platform."""
        ...

    def payout(self, user_id: str, amount: Money, idempotency_key: str) -> Payment:
        """Sends money from the platform to the user's bank."""
        ...


class FakeProvider:
    """Approves every charge and payout; the reference says it was not real money."""

    def charge(self, user_id: str, amount: Money, idempotency_key: str) -> Payment:
        return Payment(approved=True, reference=f"fake-charge:{idempotency_key}")

    def payout(self, user_id: str, amount: Money, idempotency_key: str) -> Payment:
        return Payment(approved=True, reference=f"fake-payout:{idempotency_key}")


def provider() -> PaymentProvider | None:
    """The configured provider, or None when this deployment has none."""
    name = get_settings().payment_provider
    return FakeProvider() if name == "fake" else None
