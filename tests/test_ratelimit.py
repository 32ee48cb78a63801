"""The one rate limiter: sliding windows overall, per chat and per group, and 429 pauses."""

from __future__ import annotations

import asyncio

import pytest

from core.ratelimit import RateLimiter, SlidingWindows, Window


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_window_lets_limit_sends_through_then_says_how_long_to_wait() -> None:
    windows = SlidingWindows(Window(3, 1.0))
    for moment in (0.0, 0.1, 0.2):
        assert windows.wait_for("all", moment) == 0
        windows.record("all", moment)
    assert windows.wait_for("all", 0.5) == pytest.approx(0.5)  # the first leaves at 1.0
    assert windows.wait_for("all", 1.0) == 0
    assert windows.wait_for("other", 0.5) == 0  # keys are independent


async def test_delays_overall_per_chat_per_group_and_after_a_429() -> None:
    clock = FakeTime()
    limiter = RateLimiter(2, margin=0.0, now=clock)
    assert limiter.delay(1) == 0
    limiter._overall.record("all", clock.now)
    limiter._chats.record(1, clock.now)
    assert limiter.delay(1) == pytest.approx(1.0)  # one a second to one chat
    assert limiter.delay(2) == 0
    limiter._overall.record("all", clock.now)
    assert limiter.delay(2) == pytest.approx(1.0)  # two a second overall

    clock.now += 1.0
    for n in range(20):  # 20 a minute to a group, one a second
        limiter._groups.record(-5, clock.now + n)
    clock.now += 20
    assert limiter.delay(-5, priority=True) == pytest.approx(40.0)
    # Ordinary posts leave the last GROUP_HEADROOM (4) of the 20 to priority ones.
    assert limiter.delay(-5) == pytest.approx(44.0)
    assert limiter.delay(3) == 0  # private chats are not held by a group's limit

    await limiter.pause(7)
    assert limiter.delay(3) == pytest.approx(7.0)


async def test_acquire_spaces_sends_to_one_chat_and_keeps_the_overall_rate() -> None:
    loop = asyncio.get_running_loop()
    limiter = RateLimiter(20, per_chat=Window(1, 0.2), margin=0.0, now=loop.time)
    started = loop.time()
    times: list[float] = []

    async def send(chat: int) -> None:
        await limiter.acquire(chat)
        times.append(loop.time() - started)

    await asyncio.gather(*(send(1) for _ in range(3)))
    assert times[1] - times[0] >= 0.19
    assert times[2] - times[1] >= 0.19


def test_fractional_rates_are_whole_counts_over_longer_windows() -> None:
    limiter = RateLimiter(2.5, margin=0.0)
    assert limiter._overall.window == Window(2, 0.8)


async def test_priority_sends_use_the_groups_headroom_and_go_before_ordinary_ones() -> None:
    clock = FakeTime()
    limiter = RateLimiter(30, margin=0.0, now=clock)
    for _ in range(16):  # ordinary posts used their 16 of the group's 20
        clock.now += 1.0
        await limiter.acquire(-5)
    clock.now += 1.0
    assert limiter.delay(-5) > 0  # the next ordinary one waits for the window…
    assert limiter.delay(-5, priority=True) == 0  # …an urgent one does not
    await asyncio.wait_for(limiter.acquire(-5, priority=True), 1)
    # While a priority send waits for its turn in a chat, ordinary ones to that chat yield.
    limiter._priority_waiting[-5] += 1
    clock.now += 1.0
    assert limiter.delay(-5) > 0
    assert limiter.delay(7) == 0
