"""The one rate limiter for everything the bot sends in bulk.

Telegram allows about 30 messages a second overall, one a second per chat and 20 a minute per
group, and checks them over sliding windows. A leaky bucket (aiolimiter) lets a burst through that
a sliding window refuses, and `limits` counts in whole seconds, so neither can keep the small
safety margin below: this limiter keeps, per key, the times of the sends inside its window and
lets a send through only when every window that applies has room. A 429 pauses every send.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
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

    def wait_for(self, key: int | str, now: float) -> float:
        """Seconds until `key` may send again (0: now)."""
        times = self._times.get(key)
        if times is None:
            return 0.0
        horizon = now - self.window.seconds
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._times[key]
            return 0.0
        if len(times) < self.window.limit:
            return 0.0
        return times[0] - horizon

    def record(self, key: int | str, now: float) -> None:
        self._times.setdefault(key, deque()).append(now)

    def __len__(self) -> int:
        return len(self._times)


PER_CHAT = Window(1, 1.0)  # Telegram: one message a second to one chat
PER_GROUP = Window(20, 60.0)  # and twenty a minute to one group


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

    async def acquire(self, chat_id: int) -> None: ...

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
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        overall, chat, group = telegram_windows(
            per_second, per_chat=per_chat, per_group=per_group, margin=margin
        )
        self._overall = SlidingWindows(overall)
        self._chats = SlidingWindows(chat)
        self._groups = SlidingWindows(group)
        self._now = now
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    async def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing goes out for `seconds`."""
        self._paused_until = max(self._paused_until, self._now() + seconds)

    def delay(self, chat_id: int) -> float:
        """Seconds until a message to `chat_id` may go (0: now)."""
        now = self._now()
        waits = [
            self._paused_until - now,
            self._overall.wait_for("all", now),
            self._chats.wait_for(chat_id, now),
        ]
        if chat_id < 0:  # groups and channels have negative ids
            waits.append(self._groups.wait_for(chat_id, now))
        return max(0.0, *waits)

    async def acquire(self, chat_id: int) -> None:
        """Wait until a message to `chat_id` may go, and count it."""
        while True:
            async with self._lock:
                wait = self.delay(chat_id)
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
