"""The event loop's longest stall while the bot starts a broadcast to 10,000 people, and while
`dmsbot import` writes 100,000 policies into the bot's SQLite file from another process.

The bot's side runs here as `dmsbot run` sets it up: its database (SQLite, in the event loop's
thread) with the WAL checkpointer (storage/checkpoints.py), a stream of small updates (a person's
visit that changes a row, every 5 ms) and the stall monitor of bot/loop_health.py, waking every
millisecond here. The statements are compiled first (a broadcast to one person), as in a bot that
has run a while. Target: the longest stall under 50 ms.
"""

from __future__ import annotations

import asyncio
import os
import platform
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

import core.broadcasts
from bench import Report
from bench.databases import sqlite_url
from bench.importing import run_import, write_roster
from bot.loop_health import StallMonitor
from core.accounts import AccountService
from core.broadcasts import Broadcasts
from core.clock import ManualClock
from storage import checkpoints, migrate
from storage.db import Database
from storage.models import User

TITLE = "Event loop stalls: a 10,000-person broadcast start, a 100,000-policy import"
TARGET_SECONDS = 0.05
TICK = 0.001  # the monitor's wake-ups here: a stall is measured to within a millisecond
UPDATE_EVERY = 0.005  # seconds between the small updates served meanwhile
VISITORS = 100  # the people those updates come from
FIRST_CHAT = 500_000_000
# The world's clock, fixed: a Wednesday at 10:00 Moscow time, whatever day the benchmark runs.
START = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


SCHEDSTAT = Path("/proc/thread-self/schedstat")  # Linux: ns on a CPU, ns waiting for one, turns


def _cpu_times() -> tuple[float, float]:
    """Seconds the calling thread has run, and waited for a CPU (0 where the OS does not say)."""
    try:
        ran, waited, _turns = SCHEDSTAT.read_text().split()
    except OSError:
        return time.thread_time(), 0.0
    return int(ran) / 1e9, int(waited) / 1e9


class _Monitor(StallMonitor):
    """The stall monitor, also keeping the longest stall since it started, and how much of it the
    loop's thread ran, and waited for a CPU (the rest it waited in a blocking call)."""

    worst = 0.0
    worst_running = 0.0
    worst_waiting = 0.0
    over_target = 0
    _ran = _waited = 0.0

    def start(self) -> None:
        self._ran, self._waited = _cpu_times()
        super().start()

    def observe(self, now: float, stall: float) -> None:
        ran, waited = _cpu_times()
        running, waiting = ran - self._ran, waited - self._waited
        self._ran, self._waited = ran, waited
        if stall > self.worst:
            self.worst = stall
            self.worst_running, self.worst_waiting = min(running, stall), min(waiting, stall)
        self.over_target += stall >= TARGET_SECONDS
        super().observe(now, stall)


@dataclass(frozen=True)
class Run:
    scenario: str
    longest: float  # seconds
    running: float  # of which the loop's thread ran
    waiting: float  # of which it waited for a CPU
    over_target: int  # stalls of TARGET_SECONDS or more
    seconds: float  # how long the scenario took
    updates: int  # small updates served meanwhile
    outcome: str

    @property
    def passed(self) -> bool:
        return self.longest < TARGET_SECONDS


async def _seed(db: Database, people: range) -> None:
    now = START
    rows = [
        {
            "telegram_id": FIRST_CHAT + n,
            "language": "ru",
            "language_chosen": False,
            "created_at": now,
            "seen_at": now,
        }
        for n in people
    ]
    async with db.unit_of_work() as session:
        await session.execute(insert(User), rows)


async def _updates(db: Database, stop: asyncio.Event) -> int:
    """Visits that change the person's language each round: one small write transaction each."""
    accounts = AccountService(db, ManualClock(START))
    served = 0
    while not stop.is_set():
        language = "en" if served // VISITORS % 2 == 0 else "ru"
        async with db.unit_of_work():
            await accounts.visit(FIRST_CHAT + served % VISITORS, language)
        served += 1
        await asyncio.sleep(UPDATE_EVERY)
    return served


@dataclass
class _Bot:
    db: Database
    monitor: _Monitor
    served: int = 0


@asynccontextmanager
async def _serving(workdir: Path, people: int) -> AsyncIterator[_Bot]:
    """The bot's side, serving small updates, with the stall monitor watching its loop."""
    db = Database(sqlite_url(workdir))
    await migrate.upgrade(db)
    await _seed(db, range(1))
    async with db.unit_of_work():  # the statements compiled
        await Broadcasts(db, ManualClock(START)).start(1, "Проверка")
    await _seed(db, range(1, people))
    checkpointer = await checkpoints.take_over(db)
    bot = _Bot(db, _Monitor(TICK))
    bot.monitor.start()
    stop = asyncio.Event()
    updates = asyncio.create_task(_updates(db, stop))
    try:
        await asyncio.sleep(0.2)
        yield bot
        await asyncio.sleep(0.2)
    finally:
        stop.set()
        bot.served = await updates
        await bot.monitor.stop()
        if checkpointer is not None:
            await checkpointer.stop()
        await db.dispose()


async def nothing_else(workdir: Path, seconds: int) -> Run:
    """The small updates alone: the stalls the machine makes by itself."""
    async with _serving(workdir, VISITORS) as bot:
        await asyncio.sleep(seconds)
    return _run(f"the small updates alone, {seconds} s", bot, seconds, "—")


def _run(scenario: str, bot: _Bot, seconds: float, outcome: str) -> Run:
    monitor = bot.monitor
    return Run(
        scenario,
        monitor.worst,
        monitor.worst_running,
        monitor.worst_waiting,
        monitor.over_target,
        seconds,
        bot.served,
        outcome,
    )


async def broadcast_start(workdir: Path, people: int) -> Run:
    async with _serving(workdir, people) as bot:
        started = time.monotonic()
        broadcasts = Broadcasts(bot.db, ManualClock(START))
        async with bot.db.unit_of_work():
            broadcast = await broadcasts.start(1, "Плановые работы в субботу с 10:00 до 12:00")
        seconds = time.monotonic() - started
    return _run(
        f"broadcast start to {people:,} people",
        bot,
        seconds,
        f"{broadcast.recipients:,} messages scheduled",
    )


async def import_alongside(workdir: Path, policies: int) -> Run:
    roster = workdir / "roster.csv"
    write_roster(roster, policies)
    async with _serving(workdir, VISITORS) as bot:
        started = time.monotonic()
        imported = await run_import("SQLite", sqlite_url(workdir), roster, workdir)
        seconds = time.monotonic() - started
    return _run(f"`dmsbot import` of {policies:,} policies", bot, seconds, imported.output)


async def measure(people: int = 10_000, policies: int = 100_000, alone: int = 10) -> list[Run]:
    runs = []
    scenarios = ((nothing_else, alone), (broadcast_start, people), (import_alongside, policies))
    for scenario, size in scenarios:
        with tempfile.TemporaryDirectory(prefix="dms-bench-stalls-") as scratch:
            runs.append(await scenario(Path(scratch), size))
    return runs


def report(runs: list[Run]) -> Report:
    passed = all(run.passed for run in runs[1:])
    lines = [
        f"## {TITLE}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; `python -m bench stalls`.",
        "The bot's side on SQLite serves a small write update every "
        f"{UPDATE_EVERY * 1000:.0f} ms while the stall monitor (bot/loop_health.py) wakes every "
        f"{TICK * 1000:.0f} ms; the import is the `dmsbot import policies` command, another "
        "process on the same file. WAL checkpoints in a worker thread, the broadcast "
        f"{core.broadcasts.CHUNK} people a transaction.",
        "",
        "Of the longest stall, the loop's thread *ran* so long (the bot's own work) and *waited "
        "for a CPU* so long (other processes' turn: the kernel's `schedstat`); the rest it waited "
        "in a blocking call (disk). The first line is the machine's own noise.",
        "",
        "| scenario | longest stall, ms | ran, ms | waited for a CPU, ms | stalls ≥ 50 ms "
        "| target | seconds | updates served meanwhile | outcome |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run.scenario} | {run.longest * 1000:.0f} | {run.running * 1000:.0f} "
            f"| {run.waiting * 1000:.0f} | {run.over_target} | < {TARGET_SECONDS * 1000:.0f} "
            f"| {run.seconds:.1f} | {run.updates:,} | {run.outcome} |"
        )
    lines += ["", f"Verdict: {'**passed**' if passed else '**FAILED**'}."]
    return Report("stalls", passed, "\n".join(lines))


async def run(people: int = 10_000, policies: int = 100_000) -> Report:
    return report(await measure(people, policies))
