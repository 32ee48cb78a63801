"""Anti-flood: how many messages a second one person may send before the bot stops answering.

A token bucket per person (`FLOOD_RATE` tokens a second, as many in a burst). The message that
finds the bucket empty gets one polite notice; the person's messages are then ignored for
`penalty` seconds. The messages of one album count once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from core.clock import Clock

_PRUNE_EVERY = 1024
_FORGET_AFTER = 60.0


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # the first message over the limit: tell the person, drop the message
    DROP = "drop"


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    penalty_until: float = 0.0
    album: str | None = None


class FloodGuard:
    def __init__(self, rate: float, clock: Clock, penalty: float = 3.0) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.clock = clock
        self.penalty = penalty
        self._buckets: dict[int, _Bucket] = {}
        self._checks = 0

    def check(self, person: int, album: str | None = None) -> Verdict:
        now = self.clock.monotonic()
        self._maybe_prune(now)
        bucket = self._buckets.get(person)
        if bucket is None:
            bucket = self._buckets[person] = _Bucket(tokens=self.capacity, updated=now)
        if now < bucket.penalty_until:
            return Verdict.DROP
        if album is not None and album == bucket.album:
            return Verdict.ALLOW
        bucket.album = album
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.ALLOW
        bucket.penalty_until = now + self.penalty
        bucket.tokens = 0
        return Verdict.WARN

    def _maybe_prune(self, now: float) -> None:
        self._checks += 1
        if self._checks % _PRUNE_EVERY:
            return
        idle = [
            person
            for person, bucket in self._buckets.items()
            if now - bucket.updated > _FORGET_AFTER and now >= bucket.penalty_until
        ]
        for person in idle:
            del self._buckets[person]
