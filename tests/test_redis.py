"""REDIS_URL: dialogue state and per-person ordering in Redis (aiogram's RedisStorage)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.fsm.storage.redis import RedisStorage

from bot.app import create_bot
from bot.redis_isolation import LOCK_TIMEOUT, RedisLockIsolation
from core import timeouts
from core.clock import ManualClock
from core.services import build_services
from core.settings import Settings
from standin import BotApiStandin
from standin.rig import InProcessBot
from tests.conftest import TOKEN, make_settings, start_bot, stop_bot
from tests.probe import probe_catalogue, probe_feature

pytestmark = pytest.mark.redis


@pytest.fixture
async def redis_settings(
    tmp_path: Path, database_url: str, redis_url: str, redis_prefix: str
) -> AsyncIterator[Settings]:
    yield make_settings(tmp_path, database_url, redis_url=redis_url, redis_prefix=redis_prefix)
    client = aioredis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(f"{redis_prefix}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


async def test_dialogue_survives_a_restart_in_redis(redis_settings: Settings) -> None:
    standin = BotApiStandin(bot_id=int(TOKEN.split(":")[0]))
    first = await start_bot(redis_settings, standin)
    assert isinstance(first.dispatcher.fsm.storage, RedisStorage)
    await first.person(8001).send("/probe")
    await first.person(8001).send("Анна")
    await stop_bot(first)

    second = await start_bot(redis_settings, standin)
    try:
        replies = await second.person(8001).send("Пермь")
        assert [r.text for r in replies] == ["Готово: Анна из города Пермь."]
    finally:
        await stop_bot(second)


async def test_one_persons_updates_are_ordered_through_redis(redis_settings: Settings) -> None:
    rig = await start_bot(redis_settings, BotApiStandin(bot_id=int(TOKEN.split(":")[0])))
    try:
        person = rig.person(8002)
        await asyncio.gather(*(person.send("/count") for _ in range(5)))
        context = rig.dispatcher.fsm.get_context(rig.bot, person.id, person.id)
        assert (await context.get_data())["count"] == 5
    finally:
        await stop_bot(rig)


async def test_the_lock_outlives_the_slowest_outside_call(settings: Settings) -> None:
    bot = create_bot(settings)  # with the session the bot really uses
    try:
        assert max(bot.session.timeout, timeouts.LONGEST) < LOCK_TIMEOUT
    finally:
        await bot.session.close()


async def test_an_update_longer_than_the_lock_keeps_it_and_is_not_apologised_for(
    redis_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """The lock lives 1 s here; `/slow` takes 1.5 s. The person's second `/slow` waits for the
    first, and neither is answered with an apology (aiogram's lock of a fixed life did both)."""
    services = build_services(redis_settings, clock=ManualClock(), catalogue=probe_catalogue())
    rig = InProcessBot(redis_settings, services, extra_features=[probe_feature], lock_timeout=1.0)
    await rig.start()
    try:
        person = rig.person(8003)
        with caplog.at_level(logging.WARNING):
            await asyncio.gather(person.send("/slow"), person.send("/slow"))
        calls = [
            call.method
            for call in rig.standin.calls
            if call.method in {"sendChatAction", "sendMessage"}
        ]
        assert calls == ["sendChatAction", "sendMessage"] * 2  # one after the other
        assert [m.text for m in person.chat.messages if m.from_bot] == ["slow done"] * 2
        assert "per-person lock" not in caplog.text
    finally:
        await stop_bot(rig)


async def test_a_lock_lost_during_an_update_is_a_warning_not_an_error(
    redis_url: str, redis_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = aioredis.from_url(redis_url)
    isolation = RedisLockIsolation(
        client, DefaultKeyBuilder(prefix=redis_prefix, with_destiny=True), timeout=1.0
    )
    key = StorageKey(bot_id=1, chat_id=1, user_id=1)
    try:
        with caplog.at_level(logging.WARNING):
            async with isolation.lock(key):
                await client.delete(*[k async for k in client.scan_iter(f"{redis_prefix}:*")])
        assert "had expired before the update ended" in caplog.text
        async with asyncio.timeout(1), isolation.lock(key):  # and the key is free again
            pass
    finally:
        await client.aclose()
