"""The one rate limiter for everything the bot sends in bulk.

Telegram allows about 30 messages a second overall, one a second per chat and 20 a minute per
group, and checks them over sliding windows. A leaky bucket (aiolimiter) lets a burst through that
a sliding window refuses, and `limits` counts in whole seconds, so neither can keep the small
safety margin below: this limiter keeps, per key, the times of the sends inside its window and
lets a send through only when every window that applies has room. A 429 pauses every send.

Priority sends (`Kind.priority`: an urgent case abroad) go first: ordinary sends to a group leave
`GROUP_HEADROOM` of its window free, which only priority sends may use, so a desk queue that fills
the group's minute never holds an urgent post back; and while a priority send waits for its turn
no ordinary send in this process takes one. Telegram's limits stay what they are, 429 included.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

# Requests reach Telegram a few milliseconds after they leave; a window this much longer than
# Telegram's keeps that jitter from turning into 429s (costs 2 % of the rate at most).
SAFETY_MARGIN = 0.02


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: float


class SlidingWindows:
    """Send times per key, for one window size (`limit` sends in any `seconds`)."""

    def __init__(self, window: Window) -> None:
        self.window = window
        self._times: dict[int | str, deque[float]] = {}

    def wait_for(self, key: int | str, now: float, limit: int | None = None) -> float:
        """Seconds until `key` may send again (0: now); `limit`: fewer than the window's."""
        times = self._times.get(key)
        if times is None:
            return 0.0
        horizon = now - self.window.seconds
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._times[key]
            return 0.0
        limit = self.window.limit if limit is None else min(limit, self.window.limit)
        if len(times) < limit:
            return 0.0
        return times[len(times) - limit] - horizon

    def record(self, key: int | str, now: float) -> None:
        self._times.setdefault(key, deque()).append(now)

    def __len__(self) -> int:
        return len(self._times)


PER_CHAT = Window(1, 1.0)  # Telegram: one message a second to one chat
PER_GROUP = Window(20, 60.0)  # and twenty a minute to one group
# Of a group's window, the sends only priority ones may use (see the module's note).
GROUP_HEADROOM = 4
# How long an ordinary send waits, at a time, while a priority one is waiting for its turn.
YIELD_SECONDS = 0.05


def ordinary_limit(window: Window, headroom: int) -> int:
    """How many sends of a group's window ordinary ones may use (at least one)."""
    return max(1, window.limit - headroom)


def telegram_windows(
    per_second: float,
    *,
    per_chat: Window = PER_CHAT,
    per_group: Window = PER_GROUP,
    margin: float = SAFETY_MARGIN,
) -> tuple[Window, Window, Window]:
    """The windows a send must fit in: overall, per chat, per group, each `margin` longer."""
    # A fractional rate (SEND_RATE=2.5) is the same count over a longer window.
    limit = max(1, int(per_second))
    return (
        Window(limit, limit / per_second + margin),
        Window(per_chat.limit, per_chat.seconds + margin),
        Window(per_group.limit, per_group.seconds + margin),
    )


class Limiter(Protocol):
    """What the sender needs: this process's `RateLimiter`, or every instance's
    (`storage.redis_limits.SharedRateLimiter`, with `REDIS_URL`)."""

    async def acquire(self, chat_id: int, *, priority: bool = False) -> None: ...

    async def pause(self, seconds: float) -> None: ...

    async def close(self) -> None: ...


class RateLimiter:
    def __init__(
        self,
        per_second: float,
        *,
        per_chat: Window = PER_CHAT,
        per_group: Window = PER_GROUP,
        margin: float = SAFETY_MARGIN,
        group_headroom: int = GROUP_HEADROOM,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        overall, chat, group = telegram_windows(
            per_second, per_chat=per_chat, per_group=per_group, margin=margin
        )
        self._overall = SlidingWindows(overall)
        self._chats = SlidingWindows(chat)
        self._groups = SlidingWindows(group)
        self._ordinary_in_group = ordinary_limit(group, group_headroom)
        self._priority_waiting: Counter[int] = Counter()  # by chat
        self._now = now
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    async def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing goes out for `seconds`."""
        self._paused_until = max(self._paused_until, self._now() + seconds)

    def delay(self, chat_id: int, *, priority: bool = False) -> float:
        """Seconds until a message to `chat_id` may go (0: now)."""
        now = self._now()
        waits = [
            self._paused_until - now,
            self._overall.wait_for("all", now),
            self._chats.wait_for(chat_id, now),
        ]
        if chat_id < 0:  # groups and channels have negative ids
            limit = None if priority else self._ordinary_in_group
            waits.append(self._groups.wait_for(chat_id, now, limit))
        if not priority and self._priority_waiting[chat_id]:
            waits.append(YIELD_SECONDS)
        return max(0.0, *waits)

    async def acquire(self, chat_id: int, *, priority: bool = False) -> None:
        """Wait until a message to `chat_id` may go, and count it. A priority one may use the
        group's headroom, and ordinary ones to its chat wait while it waits."""
        if not priority:
            return await self._acquire(chat_id, priority=False)
        self._priority_waiting[chat_id] += 1
        try:
            return await self._acquire(chat_id, priority=True)
        finally:
            self._priority_waiting[chat_id] -= 1
            if not self._priority_waiting[chat_id]:
                del self._priority_waiting[chat_id]

    async def _acquire(self, chat_id: int, *, priority: bool) -> None:
        while True:
            async with self._lock:
                wait = self.delay(chat_id, priority=priority)
                if wait <= 0:
                    now = self._now()
                    self._overall.record("all", now)
                    self._chats.record(chat_id, now)
                    if chat_id < 0:
                        self._groups.record(chat_id, now)
                    return
            await asyncio.sleep(wait)

    async def close(self) -> None:
        """Nothing to release: the windows live in this process."""
