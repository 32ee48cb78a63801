"""Dialogue state in the database, the unit of work, and accounts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select

from core.accounts import AccountService
from core.clock import ManualClock
from storage.db import Database, current_session
from storage.fsm import SqlStorage
from storage.models import DialogueState, User

pytestmark = pytest.mark.db

KEY = StorageKey(bot_id=1, chat_id=10, user_id=10)


async def test_state_and_data_survive_a_new_database_object(database_url: str) -> None:
    first = Database(database_url)
    storage = SqlStorage(first)
    await storage.set_state(KEY, "Signup:email")
    await storage.update_data(KEY, {"email": "a@example.ru", "step": 2})
    await first.dispose()

    second = Database(database_url)
    try:
        restarted = SqlStorage(second)
        assert await restarted.get_state(KEY) == "Signup:email"
        assert await restarted.get_data(KEY) == {"email": "a@example.ru", "step": 2}
        other = StorageKey(bot_id=1, chat_id=11, user_id=11)
        assert await restarted.get_state(other) is None
        assert await restarted.get_data(other) == {}
    finally:
        await second.dispose()


async def test_clearing_removes_the_row(database_url: str) -> None:
    db = Database(database_url)
    try:
        storage = SqlStorage(db)
        await storage.set_state(KEY, "Probe:name")
        await storage.set_data(KEY, {"x": 1})
        await storage.set_state(KEY, None)
        await storage.set_data(KEY, {})
        async with db.unit_of_work() as session:
            assert await session.scalar(select(func.count()).select_from(DialogueState)) == 0
    finally:
        await db.dispose()


async def test_a_failed_unit_of_work_leaves_the_state_as_it_was(database_url: str) -> None:
    db = Database(database_url)
    try:
        storage = SqlStorage(db)
        await storage.set_state(KEY, "Probe:name")

        async def failing_step() -> None:
            async with db.unit_of_work():
                await storage.set_state(KEY, "Probe:city")
                assert await storage.get_state(KEY) == "Probe:city"
                raise RuntimeError("handler failed")

        with pytest.raises(RuntimeError):
            await failing_step()
        assert current_session() is None
        assert await storage.get_state(KEY) == "Probe:name"
    finally:
        await db.dispose()


async def test_visit_creates_once_and_follows_telegram_language(database_url: str) -> None:
    db = Database(database_url)
    clock = ManualClock()
    accounts = AccountService(db, clock)
    try:
        async with db.unit_of_work():
            first = await accounts.visit(77, "en-US")
        assert first.is_new
        assert first.user.language == "en"
        assert first.user.created_at == clock.now()
        async with db.unit_of_work():
            again = await accounts.visit(77, "ru")
        assert not again.is_new
        assert again.user.language == "ru"
        async with db.unit_of_work():
            await accounts.choose_language(again.user, "en")
        async with db.unit_of_work():
            chosen = await accounts.visit(77, "ru")
        assert chosen.user.language == "en"
        clock.advance(timedelta(hours=2))
        async with db.unit_of_work():
            later = await accounts.visit(77, "ru")
        assert later.user.seen_at == clock.now()
    finally:
        await db.dispose()


async def test_two_first_updates_at_once_make_one_account(database_url: str) -> None:
    db = Database(database_url)
    accounts = AccountService(db, ManualClock())

    async def first_contact() -> bool:
        async with db.unit_of_work():
            return (await accounts.visit(99, "ru")).is_new

    try:
        created = await asyncio.gather(*(first_contact() for _ in range(8)))
        assert created.count(True) == 1
        async with db.unit_of_work() as session:
            assert await session.scalar(select(func.count()).select_from(User)) == 1
    finally:
        await db.dispose()


async def test_concurrent_read_then_write_transactions_do_not_fail(database_url: str) -> None:
    """On SQLite this is where "database is locked" appears unless writes begin IMMEDIATE."""
    db = Database(database_url)
    storage = SqlStorage(db)

    async def bump(person: int) -> None:
        key = StorageKey(bot_id=1, chat_id=person, user_id=person)
        for _ in range(5):
            async with db.unit_of_work():
                data = await storage.get_data(key)
                await asyncio.sleep(0)
                await storage.set_data(key, {"n": data.get("n", 0) + 1})

    try:
        await asyncio.gather(*(bump(person) for person in range(30)))
        for person in range(30):
            key = StorageKey(bot_id=1, chat_id=person, user_id=person)
            assert await storage.get_data(key) == {"n": 5}
    finally:
        await db.dispose()


async def test_exclusive_is_held_by_one_process_at_a_time(database_url: str) -> None:
    """Periodic jobs run on one instance at a time: on PostgreSQL a second holder (another
    engine, as another process would be) is refused while the first holds the name."""
    first, second = Database(database_url), Database(database_url)
    postgres = first.engine.dialect.name == "postgresql"
    try:
        async with first.exclusive("job:test") as mine:
            assert mine
            async with second.exclusive("job:test") as theirs:
                assert theirs is not postgres
            async with second.exclusive("job:other") as other:
                assert other
        async with second.exclusive("job:test") as theirs:
            assert theirs
    finally:
        await first.dispose()
        await second.dispose()
