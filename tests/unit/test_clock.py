from datetime import UTC, datetime, timedelta, timezone

from estore import clock


def test_the_clock_can_be_frozen_and_restored():
    frozen = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    clock.set_clock(lambda: frozen)
    try:
        assert clock.now() == frozen
    finally:
        clock.set_clock(None)
    assert clock.now() != frozen


def test_timestamps_are_iso_utc_with_z():
    moment = datetime(2026, 11, 25, 12, 30, tzinfo=timezone(timedelta(hours=2)))
    assert clock.iso(moment) == "2026-11-25T10:30:00Z"
