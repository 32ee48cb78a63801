"""Time as a dependency: services take a clock, tests move it instead of sleeping."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for rates and timeouts)."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that moves only when told to (tests, benchmarks, the console's time travel)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
        self._monotonic = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def advance(self, delta: timedelta | float) -> None:
        seconds = delta.total_seconds() if isinstance(delta, timedelta) else float(delta)
        if seconds < 0:
            raise ValueError("a clock does not go back")
        self._now += timedelta(seconds=seconds)
        self._monotonic += seconds


def local_today(clock: Clock, zone: tzinfo) -> date:
    """Today's date where `zone` is (the insurer's TIMEZONE, a clinic's zone)."""
    return clock.now().astimezone(zone).date()


def own_zone(name: str | None, fallback: tzinfo) -> tzinfo:
    """A person's own time zone (the IANA name their profile keeps), else `fallback` (TIMEZONE):
    a name the system does not know (a zone database updated since) falls back too."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return fallback
