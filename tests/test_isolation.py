from __future__ import annotations

import asyncio

from aiogram.fsm.storage.base import StorageKey

from bot.isolation import KeyedLockIsolation


async def test_one_key_runs_in_order_and_is_then_forgotten() -> None:
    isolation = KeyedLockIsolation()
    key = StorageKey(bot_id=1, chat_id=1, user_id=1)
    trace: list[str] = []

    async def work(name: str) -> None:
        async with isolation.lock(key):
            trace.append(f"{name}+")
            await asyncio.sleep(0)
            trace.append(f"{name}-")

    await asyncio.gather(work("a"), work("b"), work("c"))
    assert trace == ["a+", "a-", "b+", "b-", "c+", "c-"]
    assert isolation.active_keys == 0


async def test_different_keys_do_not_wait_for_each_other() -> None:
    isolation = KeyedLockIsolation()
    first, second = (StorageKey(bot_id=1, chat_id=i, user_id=i) for i in (1, 2))
    release = asyncio.Event()

    async def hold() -> None:
        async with isolation.lock(first):
            await release.wait()

    holder = asyncio.create_task(hold())
    await asyncio.sleep(0)
    async with asyncio.timeout(1), isolation.lock(second):
        pass
    release.set()
    await holder
    assert isolation.active_keys == 0
