"""Telegram's limits shared by several instances through Redis: two limiters on one prefix (two
processes, as far as Redis can tell) together keep the per-chat spacing, the overall rate, the
group window and a 429's pause."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.ratelimit import SAFETY_MARGIN, RateLimiter, Window
from core.services import build_services
from core.settings import Settings
from storage.redis_limits import SharedRateLimiter


@pytest.fixture
async def two_instances(
    redis_url: str, redis_prefix: str
) -> AsyncIterator[tuple[SharedRateLimiter, SharedRateLimiter]]:
    def limiter() -> SharedRateLimiter:
        return SharedRateLimiter(
            redis_url,
            redis_prefix,
            10,
            per_chat=Window(1, 0.3),
            per_group=Window(3, 1.0),
            margin=0.0,
        )

    first, second = limiter(), limiter()
    try:
        yield first, second
    finally:
        keys = await first.redis.keys(f"{redis_prefix}:*")
        if keys:
            await first.redis.delete(*keys)
        await first.close()
        await second.close()


async def sent_at(limiters: tuple[SharedRateLimiter, ...], chats: list[int]) -> list[float]:
    """Each chat's message through the limiters in turn, all at once: when each was let go."""
    loop = asyncio.get_running_loop()
    started = loop.time()

    async def send(limiter: SharedRateLimiter, chat: int) -> float:
        await limiter.acquire(chat)
        return loop.time() - started

    return sorted(
        await asyncio.gather(
            *(send(limiter, chat) for limiter, chat in zip(itertools.cycle(limiters), chats))
        )
    )


async def test_one_chat_is_spaced_across_instances(
    two_instances: tuple[SharedRateLimiter, SharedRateLimiter],
) -> None:
    times = await sent_at(two_instances, [7, 7, 7, 7])
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(times))


async def test_the_overall_rate_is_the_whole_bots(
    two_instances: tuple[SharedRateLimiter, SharedRateLimiter],
) -> None:
    times = await sent_at(two_instances, list(range(1, 26)))  # 25 chats, 10 a second in all
    for first, later in zip(times, times[10:], strict=False):
        assert later - first >= 0.99  # never 11 in one second, whichever instance sent
    assert times[-1] >= 1.98


async def test_a_group_window_and_a_pause_hold_every_instance(
    two_instances: tuple[SharedRateLimiter, SharedRateLimiter],
) -> None:
    first, second = two_instances
    times = await sent_at(two_instances, [-100] * 4)  # 3 a second to the group
    assert times[3] - times[0] >= 0.99

    loop = asyncio.get_running_loop()
    await first.pause(0.5)
    await first.pause(0.05)  # a shorter pause does not cut a longer one short
    started = loop.time()
    await second.acquire(8)
    assert loop.time() - started >= 0.45


async def test_ordinary_sends_of_every_instance_stand_back_while_a_priority_one_waits(
    two_instances: tuple[SharedRateLimiter, SharedRateLimiter],
) -> None:
    """An urgent post waiting on one instance goes before the ordinary ones another instance
    asked for at the same moment (without the shared count it is a coin toss, every round)."""
    first, second = two_instances
    loop = asyncio.get_running_loop()
    for round_ in range(5):
        chat = 900 + round_
        await second.acquire(chat)  # the chat's window is full for 0.3 s

        async def send(limiter: SharedRateLimiter, priority: bool, chat: int = chat) -> float:
            await limiter.acquire(chat, priority=priority)
            return loop.time()

        ordinary = [asyncio.create_task(send(second, False)) for _ in range(2)]
        urgent = asyncio.create_task(send(first, True))
        assert await urgent < min(await asyncio.gather(*ordinary))
    assert await first.redis.keys("*:priority:*") == []  # nothing left holding anyone back


async def test_the_bot_shares_its_limits_when_redis_is_set(
    redis_url: str, redis_prefix: str, tmp_path: Path
) -> None:
    alone = build_services(Settings(data_dir=tmp_path))
    shared = build_services(
        Settings(data_dir=tmp_path, redis_url=redis_url, redis_prefix=redis_prefix, send_rate=7)
    )
    try:
        assert isinstance(alone.limiter, RateLimiter)
        assert isinstance(shared.limiter, SharedRateLimiter)
        assert shared.limiter._overall == Window(7, 1.0 + SAFETY_MARGIN)
    finally:
        await alone.close()
        await shared.close()
