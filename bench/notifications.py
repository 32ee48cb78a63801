"""10,000 messages to 10,000 chats with SEND_RATE=30, in real time (about six minutes).

The real `dmsbot run` process sends a broadcast to 10,000 people through the Bot API stand-in
over HTTP, which enforces Telegram's limits exactly as in the tests: a sliding one-second window
of 30 accepted messages, 429 with retry_after 1 beyond it. Measured at the stand-in: the
achieved rate (target: at least 95 % of 30/s), messages lost, messages duplicated.
"""

from __future__ import annotations

import asyncio
import os
import platform
import signal
import socket
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from bench import Report
from core.broadcasts import Broadcasts
from core.clock import SystemClock
from core.settings import Settings
from standin.server import StandinServer
from standin.telegram import TELEGRAM_LIMITS, BotApiStandin, StoredMessage
from storage import migrate
from storage.db import Database
from storage.models import ScheduledMessage, User

TITLE = "Notifications: a broadcast to 10,000 chats at SEND_RATE=30"
TOKEN = "1000001:BENCH-TOKEN"  # noqa: S105 - the stand-in's, not Telegram's
FIRST_CHAT = 500_000_000
RATE = 30.0
TARGET_SHARE = 0.95


@dataclass(frozen=True)
class Measured:
    count: int
    accepted: int  # messages the stand-in took (duplicates included)
    lost: int  # chats that got nothing
    duplicated: int  # chats that got more than one
    throttled: int  # 429s the stand-in answered
    seconds: float  # first accepted message to the last
    statuses: dict[str, int]
    started_after: float  # from the bot process's start to its first message

    @property
    def rate(self) -> float:
        """Messages per second, conservatively: the last one-second window is counted in full
        (first-to-last alone would flatter a sender that goes in bursts of 30)."""
        return self.accepted / (self.seconds + 1.0)

    @property
    def passed(self) -> bool:
        return (
            self.rate >= TARGET_SHARE * RATE
            and self.lost == 0
            and self.duplicated == 0
            and self.statuses == {"sent": self.count}
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _seed(database_url: str, count: int) -> None:
    db = Database(database_url)
    try:
        await migrate.upgrade(db)
        now = datetime.now(UTC)
        people = [
            {
                "telegram_id": FIRST_CHAT + n,
                "language": "ru",
                "language_chosen": False,
                "created_at": now,
                "seen_at": now,
            }
            for n in range(count)
        ]
        async with db.unit_of_work() as session:
            await session.execute(insert(User), people)
        async with db.unit_of_work():
            await Broadcasts(db, SystemClock()).start(1, "Проверка рассылки: бенчмарк.")
    finally:
        await db.dispose()


async def _statuses(database_url: str) -> dict[str, int]:
    db = Database(database_url)
    try:
        async with db.unit_of_work() as session:
            rows = await session.execute(
                select(ScheduledMessage.status, func.count()).group_by(ScheduledMessage.status)
            )
            return {str(status): int(number) for status, number in rows}
    finally:
        await db.dispose()


def _bot_environment(url: str, database_url: str, data_dir: Path, rate: float) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    return {
        **clean,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": url,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data_dir),
        "SEND_RATE": str(rate),
        "QUIET_HOURS": "off",  # the benchmark must not depend on the hour it runs at
        "WEB_PORT": str(_free_port()),
        "LOG_LEVEL": "WARNING",
    }


async def measure(
    count: int = 10_000, rate: float = RATE, workdir: Path | None = None, settle: float = 5.0
) -> Measured:
    with tempfile.TemporaryDirectory(prefix="dms-bench-") as scratch:
        where = workdir or Path(scratch)
        database_url = f"sqlite+aiosqlite:///{where / 'bench.db'}"
        await _seed(database_url, count)
        standin = BotApiStandin(bot_id=int(TOKEN.split(":")[0]), limits=TELEGRAM_LIMITS)
        for n in range(count):
            standin.chat(FIRST_CHAT + n, "private")
        accepted: list[tuple[float, int]] = []
        everyone = asyncio.Event()

        def record(change: str, message: StoredMessage) -> None:
            if change == "sent":
                accepted.append((time.monotonic(), message.chat_id))
                if len(accepted) >= count:
                    everyone.set()

        standin.listeners.append(record)
        async with StandinServer(standin) as server:
            env = _bot_environment(server.url, database_url, where, rate)
            log = where / "bot.log"
            started = time.monotonic()
            with log.open("wb") as output:
                process = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    "run",
                    env=env,
                    stdout=output,
                    stderr=output,
                    stdin=asyncio.subprocess.DEVNULL,
                )
            try:
                exited = asyncio.create_task(process.wait())
                done = asyncio.create_task(everyone.wait())
                await asyncio.wait(
                    {exited, done},
                    timeout=count / rate * 2 + 120,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                done.cancel()
                if exited.done():
                    raise RuntimeError(f"the bot stopped:\n{log.read_text(errors='replace')}")
                await asyncio.sleep(settle)  # a duplicate would show up now
            finally:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
                    try:
                        async with asyncio.timeout(30):
                            await process.wait()
                    except TimeoutError:
                        process.kill()
                        await process.wait()
        per_chat = Counter(chat for _at, chat in accepted)
        times = [at for at, _chat in accepted]
        return Measured(
            count=count,
            accepted=len(accepted),
            lost=sum(1 for n in range(count) if per_chat[FIRST_CHAT + n] == 0),
            duplicated=sum(1 for number in per_chat.values() if number > 1),
            throttled=standin.throttled,
            seconds=(max(times) - min(times)) if times else 0.0,
            statuses=await _statuses(database_url),
            started_after=(min(times) - started) if times else 0.0,
        )


def report(measured: Measured) -> Report:
    verdict = "**passed**" if measured.passed else "**FAILED**"
    lines = [
        f"## {TITLE}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; "
        "`python -m bench notifications`.",
        "The real `dmsbot run` process (SQLite, polling) sends one broadcast through the Bot API "
        "stand-in over HTTP, which enforces Telegram's limits as in the tests: a sliding "
        "one-second window of 30 accepted messages, 429 with retry_after 1 beyond it.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| messages | {measured.count:,} to {measured.count:,} chats | |",
        f"| achieved rate | {measured.rate:.2f}/s ({measured.rate / RATE:.1%} of {RATE:.0f}/s) "
        f"| ≥ {TARGET_SHARE:.0%} |",
        f"| first to last message | {measured.seconds:.1f} s | |",
        f"| lost (chats that got nothing) | {measured.lost} | 0 |",
        f"| duplicated (chats that got more than one) | {measured.duplicated} | 0 |",
        f"| 429 answered by the stand-in | {measured.throttled} | |",
        f"| rows by status | {measured.statuses} | all sent |",
        f"| process start to first message | {measured.started_after:.1f} s | |",
        "",
        f"Verdict: {verdict}.",
    ]
    return Report("notifications", measured.passed, "\n".join(lines))


async def run(count: int = 10_000) -> Report:
    return report(await measure(count))
