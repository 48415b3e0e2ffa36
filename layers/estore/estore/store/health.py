"""Can this function reach its table? A read of a key that never exists answers that cheaply."""

from __future__ import annotations

from estore.store import dynamo, keys


def check_table() -> None:
    """Raises when the table cannot be read (missing, no permission, unreachable)."""
    dynamo.table().get_item(Key=keys.health_probe())
