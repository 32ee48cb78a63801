"""Resident memory of one bot process: idle, and with 10,000 people holding dialogue state.

Each figure in a process of its own (`python -m bench.memory prepare|probe`), so that
nothing of the benchmark's own counts: a process prepares the SQLite file (programmes, clinics,
5,000 members with policies); the probe starts the production dispatcher on it with the
recording session (bench/session.py) and reads its resident set (idle); then 5,000 people without
a profile go to the sign-up's e-mail step and 5,000 members to the booking's doctor step (each
their own dialogue state, kept by the bot), and it is read again, after a garbage collection. A
bare aiogram process (bench/floor.py), started the same way, is the floor. Targets, against the
floor measured in the same run: idle at most `IDLE_RATIO` times it, and the 10,000 people in
dialogues adding at most `HELD_MB`.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench import PROJECT, Report
from bench.databases import DATA_KEY, sqlite_url
from bench.floor import TOKEN, resident_mb
from bench.session import RecordingSession
from bench.throughput import START, Person, Updates, drive, fill
from bot.app import create_bot, create_dispatcher
from bot.features.booking.callbacks import BookAction
from bot.features.signup import callbacks as signup
from core.clock import ManualClock
from core.services import build_services
from core.settings import Settings
from storage import migrate
from storage.models import DialogueState

TITLE = "Memory: one process, idle and with 10,000 people in dialogues"
PEOPLE = 10_000
IDLE_RATIO = 1.2  # the bot started, nothing handled, against the bare aiogram process
HELD_MB = 30.0  # what the people in dialogues add to the idle bot


def bot_settings(directory: Path) -> Settings:
    return Settings(
        bot_token=TOKEN,
        database_url=sqlite_url(directory),
        data_dir=directory,
        data_key=DATA_KEY,
        web_port=0,
    )


def split(people: int) -> tuple[list[int], list[int]]:
    """(members, people without a profile)."""
    return [200_000 + n for n in range(people // 2)], [
        400_000 + n for n in range(people - people // 2)
    ]


async def prepare(directory: Path, people: int) -> dict[str, float]:
    """The database the probe starts on (in a process of its own: none of this stays resident
    in the measured one)."""
    services = build_services(bot_settings(directory), clock=ManualClock(START))
    try:
        await migrate.upgrade(services.db)
        world = await fill(services, directory, split(people)[0], random.Random(1))  # noqa: S311
        return {"clinic": float(world.clinic)}
    finally:
        await services.close()


async def probe(directory: Path, people: int, clinic: int) -> dict[str, float]:
    settings = bot_settings(directory)
    clock = ManualClock(START)
    services = build_services(settings, clock=clock)
    try:
        await migrate.upgrade(services.db)  # nothing to do: as `dmsbot run` starts
        bot = create_bot(settings, session=RecordingSession())
        dispatcher = create_dispatcher(settings, services)
        workflow = {"dispatcher": dispatcher, "bots": [bot], **dispatcher.workflow_data}
        await dispatcher.emit_startup(bot=bot, **workflow)
        gc.collect()
        idle = resident_mb()
        made = Updates(clock)
        signing_up = (
            made.typing("/signup"),
            made.pressing(signup.SignupAction(action=signup.Action.ACCEPT_TERMS).pack()),
            made.pressing(signup.SignupAction(action=signup.Action.ACCEPT_PD).pack()),
        )
        booking = (
            made.typing("/book"),
            made.pressing(BookAction(action="clinic", clinic=clinic).pack()),
            made.pressing(BookAction(action="specialty", n=0).pack()),
        )
        members, strangers = split(people)
        crowd = [Person(tid, "signup", signing_up) for tid in strangers]
        crowd += [Person(tid, "booking", booking) for tid in members]
        gc.collect()
        crowded = resident_mb()  # the benchmark's own people: not the bot's
        total = sum(len(person.script) for person in crowd)  # the same length: each ends once
        try:
            errors = (await drive(dispatcher, bot, crowd, clock, total, 0))[2]
        finally:
            await dispatcher.emit_shutdown(bot=bot, **workflow)
        async with services.db.unit_of_work() as session:
            held = await session.scalar(
                select(func.count())
                .select_from(DialogueState)
                .where(DialogueState.state.is_not(None))
            )
        gc.collect()
        busy = resident_mb()
        return {
            **{f"idle_{key}": value for key, value in idle.items()},
            **{f"crowd_{key}": value for key, value in crowded.items()},
            **{f"busy_{key}": value for key, value in busy.items()},
            "held": float(held or 0),
            "errors": float(errors),
        }
    finally:
        await services.close()


@dataclass(frozen=True)
class Measured:
    floor: dict[str, float]  # a bare aiogram process
    idle: dict[str, float]
    crowd: dict[str, float]  # idle, with the benchmark's people made (the base for `busy`)
    busy: dict[str, float]
    held: int
    errors: int
    people: int

    @property
    def idle_ratio(self) -> float:
        return self.idle["rss"] / self.floor["rss"]

    @property
    def added_mb(self) -> float:
        """What the people in dialogues added, scaled to 10,000 people."""
        return (self.busy["rss"] - self.crowd["rss"]) * 10_000 / self.people

    @property
    def passed(self) -> bool:
        return (
            self.idle_ratio <= IDLE_RATIO
            and self.added_mb <= HELD_MB
            and self.held == self.people
            and self.errors == 0
        )


def in_a_process(*args: str) -> dict[str, float]:
    """`python -m bench.memory prepare|probe …`, or `python -m bench.floor`: its JSON."""
    module = ["bench.floor"] if args[0] == "floor" else ["bench.memory", *args]
    done = subprocess.run(  # noqa: S603 - this very interpreter and module
        [sys.executable, "-m", *module],
        cwd=PROJECT,  # bench is not installed: importable from the checkout only
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.memory {args[0]} failed:\n{done.stderr}")
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def measure(people: int = PEOPLE) -> Measured:
    with tempfile.TemporaryDirectory(prefix="dms-bench-memory-") as scratch:
        world = in_a_process("prepare", scratch, str(people))
        found = in_a_process("probe", scratch, str(people), str(int(world["clinic"])))
        floor = in_a_process("floor")
    keys = ("rss", "anon", "file", "peak")
    return Measured(
        floor,
        {key: found[f"idle_{key}"] for key in keys},
        {key: found[f"crowd_{key}"] for key in keys},
        {key: found[f"busy_{key}"] for key in keys},
        int(found["held"]),
        int(found["errors"]),
        people,
    )


def report(measured: Measured) -> Report:
    per_person = (measured.busy["rss"] - measured.crowd["rss"]) * 1024 / measured.people
    crowd_mb = measured.crowd["rss"] - measured.idle["rss"]
    rows = (
        ("a bare aiogram process (Dispatcher and Bot, started): the floor", measured.floor),
        ("the bot, started, nothing handled", measured.idle),
        (f"the bot, {measured.held:,} people holding dialogue state", measured.busy),
    )
    lines = [
        f"## {TITLE}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; `python -m bench memory`.",
        "Each figure in a process of its own (bench/memory.py): the production dispatcher on "
        "the SQLite file (prepared by another process) with the recording session, started; "
        f"then {measured.people // 2:,} people without a profile go to the sign-up's e-mail "
        f"step and {measured.people - measured.people // 2:,} members to the booking's doctor "
        "step (three updates each). Resident set from /proc after a garbage collection: "
        "anonymous (the heap) and file-backed (code, and SQLite's pages mapped from the file, "
        "which the system may drop). The benchmark's own people (their scripts, shared by "
        f"kind) take {crowd_mb:.1f} MB, read before the first update and not counted as the "
        "bot's. Targets: idle ≤ "
        f"{IDLE_RATIO}× the floor measured in the same run; 10,000 people in dialogues add "
        f"≤ {HELD_MB:.0f} MB.",
        "",
        "| process | resident MB | anonymous MB | file-backed MB | peak MB |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {found['rss']:.1f} | {found['anon']:.1f} | {found['file']:.1f} | "
            f"{found['peak']:.1f} |"
            for name, found in rows
        ),
        "",
        f"Per person held: {per_person:.2f} KB. Dialogue states held: {measured.held:,} of "
        f"{measured.people:,}; updates that failed: {measured.errors}. The state lives in the "
        "database (or Redis), not in the process.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| idle ≤ {IDLE_RATIO}× the floor | {measured.idle_ratio:.2f}× | "
        f"{'yes' if measured.idle_ratio <= IDLE_RATIO else '**no**'} |",
        f"| 10,000 people in dialogues add ≤ {HELD_MB:.0f} MB | {measured.added_mb:.1f} MB | "
        f"{'yes' if measured.added_mb <= HELD_MB else '**no**'} |",
        "",
        f"Verdict: {'**passed**' if measured.passed else '**not met**'}.",
    ]
    return Report("memory", measured.passed, "\n".join(lines))


async def run() -> Report:
    return report(await asyncio.to_thread(measure))


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "prepare":
        found = asyncio.run(prepare(Path(rest[0]), int(rest[1])))
    else:
        found = asyncio.run(probe(Path(rest[0]), int(rest[1]), int(rest[2])))
    print(json.dumps(found))
