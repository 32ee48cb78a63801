"""Dialogue state in the database, the unit of work, and accounts."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import suppress
from datetime import date, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import delete as sa_delete
from sqlalchemy import event, func, select, text
from sqlalchemy import update as sa_update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

import storage.db
from core.accounts import AccountService
from core.clock import ManualClock
from storage import checkpoints
from storage.db import Database, commit_current, current_session
from storage.fsm import SqlStorage
from storage.models import DialogueState, Profile, User
from storage.repositories.profiles import ProfileRepository
from storage.repositories.users import UserRepository
from tests.conftest import PG_ADMIN_DSN

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


async def test_writing_what_is_there_already_sends_nothing(database_url: str) -> None:
    """A step that sets the state and data it has (a repeated prompt) costs no statement."""
    db = Database(database_url)
    written: list[str] = []
    try:
        storage = SqlStorage(db)
        await storage.set_state(KEY, "Probe:name")
        await storage.set_data(KEY, {"x": 1})
        event.listen(db.engine.sync_engine, "before_cursor_execute",
                     lambda *args: written.append(args[2].split()[0].upper()))  # fmt: skip
        async with db.unit_of_work():
            await storage.set_state(KEY, "Probe:name")
            await storage.set_data(KEY, {"x": 1})
            assert not {"UPDATE", "INSERT", "DELETE"} & set(written), written
            await storage.update_data(KEY, {"x": 2})
        assert {"INSERT", "UPDATE"} & set(written)  # an upsert: the row may be gone meanwhile
        assert await storage.get_data(KEY) == {"x": 2}
    finally:
        await db.dispose()


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


async def test_a_step_written_before_a_failed_savepoint_stays(database_url: str) -> None:
    """A savepoint rolled back (a race lost at an insert) takes back only what was written inside
    it: the step's state set before it commits with the rest, as an ORM flush before the
    SAVEPOINT kept it."""
    db = Database(database_url)
    try:
        storage = SqlStorage(db)
        await storage.set_state(KEY, "Probe:name")
        async with db.unit_of_work() as session:
            await storage.set_state(KEY, "Probe:city")
            with suppress(RuntimeError):
                async with session.begin_nested():
                    await storage.update_data(KEY, {"inside": True})
                    raise RuntimeError("lost the race")
            assert await storage.get_state(KEY) == "Probe:city"
            assert await storage.get_data(KEY) == {}
            async with session.begin_nested():  # a savepoint that commits keeps its writes
                await storage.update_data(KEY, {"kept": True})
        assert await storage.get_state(KEY) == "Probe:city"
        assert await storage.get_data(KEY) == {"kept": True}
    finally:
        await db.dispose()


async def test_another_statement_on_the_dialogues_sends_what_is_pending_first(
    database_url: str,
) -> None:
    """An erasure deleting one person's rows by statement in the same unit of work: another
    chat's step written before it is not lost, and the deleted one is read again."""
    db = Database(database_url)
    other = StorageKey(bot_id=1, chat_id=11, user_id=11)
    try:
        storage = SqlStorage(db)
        await storage.set_state(KEY, "Probe:name")
        async with db.unit_of_work() as session:
            await storage.set_state(other, "Probe:city")
            mine = DialogueState.key.contains(":10:")
            await session.execute(sa_delete(DialogueState).where(mine))
            assert await storage.get_state(KEY) is None
        assert await storage.get_state(other) == "Probe:city"
    finally:
        await db.dispose()


async def test_a_row_deleted_by_another_session_is_written_again(database_url: str) -> None:
    """The row read at the start of an update, deleted meanwhile by another session (an operator
    ending the person's dialogue): the step's write is not lost on an UPDATE of nothing. (SQLite
    has one writer at a time: the update's transaction holds it from its first read.)"""
    if make_url(database_url).get_backend_name() == "sqlite":
        pytest.skip("SQLite: no other session writes while an update's transaction is open")
    db, other = Database(database_url), Database(database_url)
    try:
        storage = SqlStorage(db)
        await storage.set_state(KEY, "Probe:name")
        async with db.unit_of_work():
            assert await storage.get_state(KEY) == "Probe:name"
            async with other.sessions() as elsewhere:  # not this context's unit of work
                await elsewhere.execute(sa_delete(DialogueState))
                await elsewhere.commit()
            await storage.set_state(KEY, "Probe:city")
        assert await storage.get_state(KEY) == "Probe:city"
    finally:
        await db.dispose()
        await other.dispose()


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


async def test_a_job_holding_its_lock_still_gets_a_connection_for_its_work(
    database_url: str,
) -> None:
    """A job's lock has a connection of its own: with a pool of one (DATABASE_POOL_SIZE=1) the
    job's work still gets the pooled one, instead of waiting for it forever."""
    if database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's advisory locks (SQLite has no pool to run out of)")
    db = Database(database_url, pool_size=1)
    try:
        async with db.exclusive("job:test") as mine:
            assert mine
            async with asyncio.timeout(10), db.unit_of_work() as session:
                assert await session.scalar(text("SELECT 1")) == 1
    finally:
        await db.dispose()


def _profile(user_id: int, n: int, now: datetime) -> Profile:
    return Profile(
        user_id=user_id, email=f"p{n}@example.ru", phone=f"+7999000000{n}", last_name="Петрова",
        first_name="Анна", birth_date=date(1990, 3, 7), sex="f", document_type="rf-passport",
        document_encrypted="sealed", created_at=now, updated_at=now,
    )  # fmt: skip


async def test_the_person_is_read_once_per_update(database_url: str) -> None:
    """The account middleware reads the account and the profile in one statement; the handler's
    later questions about the profile are answered from what it read."""
    db = Database(database_url)
    clock = ManualClock()
    accounts = AccountService(db, clock)
    statements: list[str] = []
    try:
        async with db.unit_of_work() as session:
            await accounts.visit(7, "ru")
            user = await UserRepository(session).by_telegram_id(7)
            assert user is not None
            session.add(_profile(user.id, 1, clock.now()))

        event.listen(db.engine.sync_engine, "before_cursor_execute",
                     lambda *args: statements.append(args[2]))  # fmt: skip
        async with db.unit_of_work() as session:
            visit = await accounts.visit(7, "ru")
            assert visit.member
            profiles = ProfileRepository(session)
            first = await profiles.of_user(visit.user.id)
            assert first is not None
            assert await profiles.of_user(visit.user.id) is first
            assert await profiles.active_for(visit.user.id)
        # (SQLite's BEGIN IMMEDIATE is a statement too; PostgreSQL's BEGIN is the driver's.)
        assert [s.split()[0] for s in statements if s != "BEGIN IMMEDIATE"] == ["SELECT"]
    finally:
        await db.dispose()


async def test_a_profile_frozen_while_the_update_waited_is_read_again(database_url: str) -> None:
    """An update commits before a reply or an outside call; an operator may freeze the profile
    meanwhile. What the update read before the commit does not answer after it, and the profile
    object its handler holds is refreshed."""
    db = Database(database_url)
    clock = ManualClock()
    accounts = AccountService(db, clock)
    try:
        async with db.unit_of_work() as session:
            user = (await accounts.visit(7, "ru")).user
            session.add(_profile(user.id, 1, clock.now()))
        async with db.unit_of_work() as session:
            visit = await accounts.visit(7, "ru")
            profiles = ProfileRepository(session)
            held = await profiles.of_user(visit.user.id)
            assert held is not None
            assert await profiles.active_for(visit.user.id)
            await session.commit()
            async with db.sessions() as desk, desk.begin():  # another update, meanwhile
                await desk.execute(sa_update(Profile).values(frozen_at=clock.now()))
            assert not await profiles.active_for(visit.user.id)
            assert held.frozen_at is not None
    finally:
        await db.dispose()


async def test_a_profile_written_in_the_update_is_read_again(database_url: str) -> None:
    """What the update remembered of profiles is dropped as soon as one is written: added at
    sign-up, moved to another account on recovery, deleted with its account on erasure."""
    db = Database(database_url)
    clock = ManualClock()
    accounts = AccountService(db, clock)
    try:
        async with db.unit_of_work() as session:
            anna = (await accounts.visit(1, "ru")).user
            other = (await accounts.visit(2, "ru")).user
            profiles = ProfileRepository(session)
            assert await profiles.of_user(anna.id) is None
            assert not await profiles.exists_for(anna.id)

            session.add(_profile(anna.id, 1, clock.now()))
            await session.flush()
            profile = await profiles.of_user(anna.id)
            assert profile is not None

            profile.user_id = other.id  # a recovery: the profile follows its owner
            await session.flush()
            assert await profiles.of_user(anna.id) is None
            assert await profiles.of_user(other.id) is profile

            await session.execute(sa_update(Profile).values(frozen_at=clock.now()))
            assert not await profiles.active_for(other.id)

            await session.execute(sa_delete(User).where(User.id == other.id))  # cascades
            assert await profiles.of_user(other.id) is None
    finally:
        await db.dispose()


def _lock_from_another_process(database_url: str) -> sqlite3.Connection:
    """SQLite's write lock taken by a connection of its own, as `dmsbot import` would hold it
    in its transaction; the caller commits or rolls back, then closes it."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's own driver")
    other = sqlite3.connect(make_url(database_url).database or "", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


async def test_sqlite_waits_for_another_process_without_stopping_the_loop(
    database_url: str,
) -> None:
    """SQLite runs in the event loop's thread: while another process holds the write lock, a
    write waits in asyncio sleeps, and every other task goes on meanwhile."""
    other = _lock_from_another_process(database_url)
    db = Database(database_url)
    ticks = 0

    async def ticking() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    async def write() -> None:
        async with db.unit_of_work():
            await AccountService(db, ManualClock()).visit(5, "ru")

    ticker = asyncio.create_task(ticking())
    try:
        writing = asyncio.create_task(write())
        await asyncio.sleep(0.3)
        assert not writing.done()
        assert ticks >= 10, "the loop went on while the write waited"
        other.execute("COMMIT")
        await asyncio.wait_for(writing, timeout=10)
        async with db.unit_of_work() as session:
            assert await UserRepository(session).by_telegram_id(5) is not None
    finally:
        ticker.cancel()
        other.close()
        await db.dispose()


async def test_sqlite_gives_up_when_the_lock_is_held_too_long(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = _lock_from_another_process(database_url)
    monkeypatch.setattr(storage.db, "SQLITE_BUSY_TIMEOUT", 0.2)
    db = Database(database_url)
    try:
        with pytest.raises(OperationalError, match="database is locked"):
            async with db.unit_of_work():
                await AccountService(db, ManualClock()).visit(5, "ru")
        other.execute("ROLLBACK")
        async with db.unit_of_work():  # the connection is fine afterwards
            assert (await AccountService(db, ManualClock()).visit(5, "ru")).is_new
    finally:
        other.close()
        await db.dispose()


async def test_a_change_made_after_the_last_reply_is_still_saved(database_url: str) -> None:
    """A reply commits what was done so far, and the update's end commits only when there is
    something left: a change made after the reply (an attribute set, no statement run) is."""
    db = Database(database_url)
    accounts = AccountService(db, ManualClock())
    try:
        async with db.unit_of_work() as session:
            user = (await accounts.visit(8, "ru")).user
            await commit_current()  # as before a reply
            assert not session.in_transaction()
            user.language = "en"
        async with db.unit_of_work() as session:
            again = await UserRepository(session).by_telegram_id(8)
            assert again is not None
            assert again.language == "en"
    finally:
        await db.dispose()


async def test_a_server_connection_lost_while_idle_is_replaced(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL restarted (here: the pooled connection terminated) while the bot was quiet:
    the next update gets a new connection, not an error."""
    if database_url.startswith("sqlite"):
        pytest.skip("a database server's connections")
    monkeypatch.setattr(storage.db, "IDLE_BEFORE_PING", 0.2)
    db = Database(database_url)
    try:
        async with db.unit_of_work():
            await AccountService(db, ManualClock()).visit(1, "ru")
        admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
        try:
            ended = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                make_url(database_url).database,
            )
        finally:
            await admin.close()
        assert ended == 1  # the pool's one connection
        await asyncio.sleep(0.3)
        async with db.unit_of_work():
            assert not (await AccountService(db, ManualClock()).visit(1, "ru")).is_new
    finally:
        await db.dispose()


async def _fill_wal(db: Database, megabytes: int, pause: float = 0.0) -> int:
    """Commits of 100 KiB each, `pause` apart; the largest the WAL was after one."""
    path = db.sqlite_file
    assert path is not None
    largest = 0
    async with db.engine.connect() as connection:
        await connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS filler (data BLOB)")
        await connection.commit()
        for _ in range(megabytes * 10):
            await connection.exec_driver_sql("INSERT INTO filler VALUES (randomblob(102400))")
            await connection.commit()
            largest = max(largest, path.with_name(path.name + "-wal").stat().st_size)
            if pause:
                await asyncio.sleep(pause)
    return largest


async def test_wal_checkpoints_are_left_to_a_worker_thread(database_url: str) -> None:
    """The loop's connection never checkpoints (it ran inside a commit, in the event loop's
    thread); the checkpointer's own connection does, in a worker thread, and empties the WAL."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's WAL")
    db = Database(database_url)
    path = db.sqlite_file
    assert path is not None
    wal = path.with_name(path.name + "-wal")
    checkpointer = await checkpoints.take_over(db)
    assert checkpointer is not None
    try:
        await checkpointer.stop()  # checkpoints at this test's pace only
        async with db.engine.connect() as connection:
            assert await connection.scalar(text("PRAGMA wal_autocheckpoint")) == 0
        await _fill_wal(db, 8)
        assert wal.stat().st_size > 8 * 1024 * 1024  # no commit checkpointed it

        await asyncio.to_thread(checkpointer.checkpoint_if_big)
        assert wal.stat().st_size == 0
        await _fill_wal(db, 1)
        await asyncio.to_thread(checkpointer.checkpoint_if_big)  # under 4 MiB: left alone
        assert wal.stat().st_size > 1024 * 1024
        async with db.engine.connect() as connection:
            assert await connection.scalar(text("SELECT count(*) FROM filler")) == 90
    finally:
        await checkpointer.stop()
        await db.dispose()


async def test_the_checkpointer_keeps_the_wal_small_by_itself(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's WAL")
    db = Database(database_url)
    path = db.sqlite_file
    assert path is not None
    await db.stop_automatic_checkpoints()
    checkpointer = checkpoints.Checkpointer(path, wal_bytes=1024 * 1024, every=0.01)
    checkpointer.start()
    try:
        assert await _fill_wal(db, 6, pause=0.005) < 3 * 1024 * 1024
        assert checkpointer.checkpoints >= 2
    finally:
        await checkpointer.stop()
        await db.dispose()


def test_only_a_sqlite_file_has_a_wal_to_checkpoint() -> None:
    assert Database("sqlite+aiosqlite:///:memory:").sqlite_file is None
    assert Database("postgresql+asyncpg://u@localhost/dms").sqlite_file is None
    assert Database("sqlite+aiosqlite:///data/dms.db").sqlite_file == Path("data/dms.db")


async def test_database_pool_size_is_a_servers_fixed_pool(tmp_path: Path) -> None:
    """DATABASE_POOL_SIZE connections to a server, no overflow; SQLite keeps its one."""
    server = Database("postgresql+asyncpg://bot@127.0.0.1/dms", pool_size=7)
    file = Database(f"sqlite+aiosqlite:///{tmp_path / 'dms.db'}", pool_size=7)
    memory = Database("sqlite+aiosqlite:///:memory:", pool_size=7)
    try:
        pools = [server.engine.pool, file.engine.pool]
        assert [pool.size() for pool in pools] == [7, 1]  # type: ignore[attr-defined]
        assert [pool._max_overflow for pool in pools] == [0, 0]  # type: ignore[attr-defined]
    finally:
        for db in (server, file, memory):
            await db.dispose()
