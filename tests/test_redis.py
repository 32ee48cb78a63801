"""REDIS_URL: dialogue state and per-person ordering in Redis (aiogram's RedisStorage)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from aiogram.fsm.storage.redis import RedisStorage

from bot.standin import BotApiStandin
from core.settings import Settings
from tests.conftest import TOKEN, make_settings, start_bot, stop_bot

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
