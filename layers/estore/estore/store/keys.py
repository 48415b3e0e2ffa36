"""Every key shape of the single table, in one place. Nothing else builds a pk or sk string."""

from __future__ import annotations

Key = dict[str, str]


def user_profile(user_id: str) -> Key:
    return {"pk": f"USER#{user_id}", "sk": "PROFILE"}


def seller_profile(seller_id: str) -> Key:
    return {"pk": f"SELLER#{seller_id}", "sk": "PROFILE"}


def store_name_claim(name_key: str) -> Key:
    """Reserves a store name so two sellers cannot share one (case and spacing folded)."""
    return {"pk": f"STORENAME#{name_key}", "sk": "CLAIM"}


def sellers_index(created_at: str, seller_id: str) -> dict[str, str]:
    """gsi1 entry that lists sellers for admins, oldest first."""
    return {"gsi1pk": "SELLERS", "gsi1sk": f"{created_at}#{seller_id}"}


def health_probe() -> Key:
    """A key that is never written: reading it proves the table answers."""
    return {"pk": "HEALTH", "sk": "PROBE"}
