"""End to end, when things around the bot fail: the real `dmsbot run` process."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import asyncpg
import pytest

from standin.server import StandinServer
from standin.telegram import StoredMessage
from tests.conftest import DATA_KEY, PG_ADMIN_DSN
from tests.e2e import BotProcess, bot_env, remote_person, running, until

pytestmark = [pytest.mark.e2e, pytest.mark.db]


async def test_a_database_not_there_at_start_is_waited_for_then_served(
    telegram: StandinServer, tmp_path: Path, backend: str
) -> None:
    """The database is created only after the bot started: the bot says so in one line per try,
    waits longer each time, and serves as soon as it answers — no traceback, no exit."""
    if backend != "postgresql":
        pytest.skip("needs a database server to create later: runs in the PostgreSQL pass")
    name = f"dms_test_{secrets.token_hex(6)}"
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    env = bot_env(telegram.url, tmp_path, DATABASE_URL=f"{base}/{name}", DATA_KEY=DATA_KEY)
    process = BotProcess(telegram.standin, env, tmp_path / "bot.log")
    starting = asyncio.create_task(process.start())
    admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        async with asyncio.timeout(60):
            while process.output().count("does not answer") < 2:
                assert not starting.done(), process.output()
                await asyncio.sleep(0.2)
        waits = [line for line in process.output().splitlines() if "does not answer" in line]
        assert f'database "{name}" does not exist' in waits[0]
        assert waits[0].endswith("trying again in 1 s")
        assert waits[1].endswith("trying again in 2 s")

        await admin.execute(f'CREATE DATABASE "{name}"')
        await starting
        anna = remote_person(telegram.standin, 9301, "Анна", "ru")
        assert (await anna.send("/start"))[0].text.startswith("Здравствуйте, Анна!")  # type: ignore[union-attr]
        assert await process.terminate() == 0
        assert "Traceback" not in process.output()
    finally:
        starting.cancel()
        await process.ensure_stopped()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_kill_9_during_a_broadcast_then_everyone_gets_it_and_none_thrice(
    telegram: StandinServer, tmp_path: Path
) -> None:
    """The broadcast's messages are rows in the database: after kill -9 and a restart the rest
    go. A message Telegram took just before the kill, not yet marked sent, goes once more (at
    least once, DESIGN.md): the sender has several chats' messages on their way at a time, so a
    few people may get it twice, nobody three times."""
    admin_id, text = 9400, "Плановые работы в субботу с 10:00 до 12:00"
    # SEND_RATE=4: slow enough to be killed halfway.
    env = bot_env(telegram.url, tmp_path, ADMIN_IDS=str(admin_id), QUIET_HOURS="off", SEND_RATE="4")
    standin = telegram.standin
    async with running(standin, env, tmp_path / "bot.log") as process:
        admin = remote_person(standin, admin_id, "Админ", "ru")
        people = [admin] + [remote_person(standin, 9401 + n, "Пётр", "ru") for n in range(15)]
        for person in people:
            await person.send("/start")
        await admin.send(f"/broadcast {text}")
        await admin.send("отправить")

        def received() -> list[int]:
            return [len([m for m in p.bot_messages if m.text == text]) for p in people]

        def some_sent() -> StoredMessage | None:
            return admin.last if sum(received()) >= 5 else None

        await until(standin, some_sent)
        await process.kill()
        assert sum(received()) < len(people)

        await process.start()
        await until(standin, lambda: admin.last if min(received()) >= 1 else None, seconds=30)
        await asyncio.sleep(1.5)  # anything repeated would be on its way by now
        assert min(received()) == 1
        assert max(received()) <= 2
        assert "Traceback" not in process.output()
