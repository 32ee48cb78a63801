"""How long the event loop stood still: everything of the bot runs in one thread, SQLite included
(storage/sqlite_in_loop.py), so one long step stops every update, reply and send meanwhile.

A task asks to wake every TICK and measures how late it woke: a step that ran that long held the
loop (measured to within a TICK). The longest stall of the last minute is exported on /metrics
(bot/metrics.py); one over STALL_WARNING is logged as a warning, at most once per WARN_EVERY, the
ones left out meanwhile counted in the next warning.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque

logger = logging.getLogger(__name__)

TICK = 0.02  # seconds between wake-ups: the precision of the measurement, for ~50 µs a tick
WINDOW = 60.0  # seconds: the metric is the longest stall within the last minute
STALL_WARNING = 0.1  # seconds: a longer stall is logged
WARN_EVERY = 60.0  # seconds: at most one warning so long


class StallMonitor:
    def __init__(self, tick: float = TICK) -> None:
        self.tick = tick
        self.stalls = 0  # stalls over STALL_WARNING since the start
        # (when, how long), the longest first: each entry is longer than every later one, so the
        # first that is still within the window is the window's longest stall.
        self._longest: deque[tuple[float, float]] = deque()
        self._warned_at: float | None = None
        self._unwarned = 0
        self._task: asyncio.Task[None] | None = None

    def observe(self, now: float, stall: float) -> None:
        """One wake-up at `now` (the loop's clock), `stall` seconds late."""
        while self._longest and self._longest[-1][1] <= stall:
            self._longest.pop()
        self._longest.append((now, stall))
        self._forget_before(now - WINDOW)
        if stall <= STALL_WARNING:
            return
        self.stalls += 1
        if self._warned_at is not None and now - self._warned_at < WARN_EVERY:
            self._unwarned += 1
            return
        left_out = f" ({self._unwarned} more since the last warning)" if self._unwarned else ""
        logger.warning(
            "the event loop stood still for %.0f ms: every update waited meanwhile%s "
            "(docs/operations.md, «Event loop stalls»)",
            stall * 1000,
            left_out,
        )
        self._warned_at, self._unwarned = now, 0

    def longest(self, now: float) -> float:
        """The longest stall within the WINDOW before `now`, in seconds."""
        self._forget_before(now - WINDOW)
        return self._longest[0][1] if self._longest else 0.0

    def _forget_before(self, moment: float) -> None:
        while self._longest and self._longest[0][0] < moment:
            self._longest.popleft()

    def longest_now(self) -> float:
        return self.longest(asyncio.get_running_loop().time())

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.tick
            await asyncio.sleep(self.tick)
            now = loop.time()
            self.observe(now, max(0.0, now - due))

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch(), name="stall-monitor")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
