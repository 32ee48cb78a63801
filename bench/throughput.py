"""Whole-bot throughput against the framework's ceiling.

The production dispatcher (`create_dispatcher`: every middleware, the unit of work and dialogue
state in the database, the card rule, anti-flood) on the SQLite file, and again on PostgreSQL,
with the recording session where Telegram would be (bench/session.py). 1,000 people, each
waiting for the answer before their next update (Telegram keeps one chat's updates in order),
up to CONCURRENCY of them at once, in a pinned mix of what people do:

- 30 % menu and lists: /menu, «Мои полисы», «Мои записи», «Обращения», /help;
- 20 % sign-up steps (people without a profile): /signup, both consents, a mistyped e-mail, /cancel;
- 20 % clinics by location: «Клиники», three shared locations across Moscow;
- 20 % booking: /book, clinic, specialty, doctor, day, time (the summary), /cancel;
- 10 % a policy: the list, its card, its programme, its services.

Beside it, in the same run and on the same updates and session, a bare aiogram echo (a
Dispatcher with one handler that answers each message and button): the framework's ceiling.
Reported: updates per second and handler latency (p50, p99: the time `feed_raw_update` takes,
parsing included), the ratio to the echo, SQL statements and commits per update. Targets are
ratios to the echo measured in the same run (`SQLITE_SHARE`, `POSTGRES_SHARE`), the database's
work per update (`MAX_STATEMENTS`, `MAX_COMMITS`), the latency of one update at a time on SQLite
(`ALONE_P99_MS`) and PostgreSQL's tail (`TAIL`). The one-at-a-time part is run once more under
cProfile: where the time goes, in docs/performance.md.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import platform
import pstats
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, Dispatcher
from sqlalchemy import event, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

import bench
from bench import Report
from bench.databases import DATA_KEY, NoServer, postgres_database, sqlite_url
from bench.floor import TOKEN, echo_dispatcher
from bench.session import RecordingSession
from bot.app import create_bot, create_dispatcher
from bot.features.booking.callbacks import BookAction
from bot.features.policies.callbacks import PolicyAction
from bot.features.signup import callbacks as signup
from core.clock import ManualClock, local_today
from core.importing import Importer
from core.services import Services, build_services
from core.settings import Settings
from storage import migrate
from storage.models import Clinic, Policy, Profile, Slot, User

TITLE = "Throughput: the whole bot, 1,000 people, beside a bare aiogram echo"
PEOPLE = 1_000
UPDATES = 7_000  # seven per person: every script goes round at least once
WARM_UP = PEOPLE  # each person's first update
CONCURRENCY = 50
# Then one update at a time, the handling's own latency without queueing: a tenth of the members
# (the first 80 hold the mix exactly) and of the people without a profile, seven updates each.
ALONE_SHARE, ALONE_STEPS = 10, 7
# Targets, as shares of the bare echo's rate measured in the same run (the framework's ceiling).
SQLITE_SHARE, POSTGRES_SHARE = 0.15, 0.10
ALONE_P99_MS = 10.0  # SQLite, one update at a time
MAX_STATEMENTS, MAX_COMMITS = 3, 1  # per update, on average over the mix
TAIL = 4  # PostgreSQL, 50 at once: p99 at most this many times p50
MIX = (("menu", 30), ("signup", 20), ("clinics", 20), ("booking", 20), ("policy", 10))
BOT_ID = 1_000_002
MOSCOW = ZoneInfo("Europe/Moscow")
# The run's clock starts on a Wednesday at 10:00 in Moscow, far from holidays, whatever day the
# benchmark runs on: the world (policies in force, free time to book) and the bot's answers are
# the same every day.
START = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
CENTRE = (55.7539, 37.6208)

JsonDict = dict[str, Any]


# -- the world ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    clinic: int  # the clinic with online booking
    day: date  # a day with free time
    slot: int  # a free slot of the first doctor that day
    policies: dict[int, int]  # Telegram id -> their policy's id


async def fill(
    services: Services, directory: Path, members: list[int], rng: random.Random
) -> World:
    """Programmes, 300 clinics around Moscow (one takes online bookings, with free time), and a
    profile with a policy in force for each member, as the importer and sign-up leave them."""
    importer = Importer(services.db, services.clock, services.notifications)
    clinics = [
        "external_id,name,address,phone,lat,lon,online_booking,specialties,programs,timezone,email"
    ]
    for n in range(300):
        lat = CENTRE[0] + rng.uniform(-0.15, 0.15)
        lon = CENTRE[1] + rng.uniform(-0.25, 0.25)
        online = "true" if n == 0 else "false"
        clinics.append(
            f"C{n},Клиника {n},ул. Тестовая {n},,{lat:.5f},{lon:.5f},{online},терапевт,P,,"
        )
    today = local_today(services.clock, MOSCOW)
    day = today + timedelta(days=2)
    slots = ["clinic_external_id,specialty,doctor,starts_at,duration_min"]
    for doctor in ("Андреева", "Борисова"):
        for offset in range(2, 7):
            for hour in range(9, 17):
                starts = datetime.combine(today + timedelta(days=offset), datetime.min.time())
                slots.append(f"C0,терапевт,{doctor},{starts.replace(hour=hour).isoformat()},30")
    policies = ["policy_number,kind,program,last_name,first_name,middle_name,birth_date,start_date,"
                "end_date,email,phone,employer,franchise_percent"]  # fmt: skip
    for n, _member in enumerate(members):
        policies.append(
            f"Б-{n:05d},DMS,P,Петрова,Анна,,1990-03-07,{today.year - 1}-01-01,"
            f"{today.year + 1}-12-31,p{n}@example.ru,+7999{n:07d},ООО Ромашка,0"
        )
    files = {
        "programs": "code,name,kind,description,covers\nP,Стандарт,DMS,Амбулаторно,приём врача\n",
        "clinics": "\n".join(clinics) + "\n",
        "policies": "\n".join(policies) + "\n",
    }
    for kind, text in files.items():
        path = directory / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        report = await importer.run(kind, path)
        assert report.rejected == [], report.rejected
    path = directory / "slots.csv"
    path.write_text("\n".join(slots) + "\n", encoding="utf-8")
    assert (await services.slots.run(path)).rejected == []

    now = services.clock.now()
    sealed = services.keys.encrypt('{"type": "rf-passport", "series": "4510", "number": "1"}')
    async with services.db.unit_of_work() as session:
        await session.execute(
            insert(User),
            [{"telegram_id": tid, "language": "ru", "created_at": now, "seen_at": now}
             for tid in members],
        )  # fmt: skip
        users = dict((await session.execute(select(User.telegram_id, User.id))).all())
        await session.execute(
            insert(Profile),
            [{"user_id": users[tid], "email": f"p{n}@example.ru", "phone": f"+7999{n:07d}",
              "last_name": "Петрова", "first_name": "Анна", "birth_date": date(1990, 3, 7),
              "sex": "f", "document_type": "rf-passport", "document_encrypted": sealed,
              "created_at": now, "updated_at": now} for n, tid in enumerate(members)],
        )  # fmt: skip
        profiles = dict((await session.execute(select(Profile.user_id, Profile.id))).all())
        numbers = dict((await session.execute(select(Policy.number, Policy.id))).all())
        held = {tid: numbers[f"Б{n:05d}"] for n, tid in enumerate(members)}
        await session.execute(
            update(Policy),
            [{"id": held[tid], "holder_profile_id": profiles[users[tid]]} for tid in members],
        )
        clinic = await session.scalar(select(Clinic.id).where(Clinic.external_id == "C0"))
        first = await session.scalar(
            select(Slot.id)
            .where(Slot.clinic_id == clinic, Slot.doctor == "Андреева")
            .order_by(Slot.starts_at)
            .limit(1)
        )
    assert clinic is not None
    assert first is not None
    return World(clinic, day, first, held)


# -- people and their updates ---------------------------------------------------------------


Step = Callable[[int], JsonDict]  # a step of a script: the update it sends for this person


@dataclass(slots=True)
class Person:
    telegram_id: int
    kind: str
    script: Sequence[Step] = ()  # shared by everyone who does the same: the crowd stays small
    step: int = 0

    def next_update(self) -> JsonDict:
        made = self.script[self.step % len(self.script)](self.telegram_id)
        self.step += 1
        return made


class Updates:
    """Update dicts as Telegram sends them, numbered in order, dated by the run's clock."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.update_id = 0
        self.message_id = 0

    def _ids(self) -> tuple[int, int]:
        self.update_id += 1
        self.message_id += 1
        return self.update_id, self.message_id

    def _chat(self, telegram_id: int) -> tuple[JsonDict, JsonDict]:
        user = {"id": telegram_id, "is_bot": False, "first_name": "Анна", "language_code": "ru"}
        return user, {"id": telegram_id, "type": "private", "first_name": "Анна"}

    def message(self, telegram_id: int, **content: Any) -> JsonDict:
        update_id, message_id = self._ids()
        user, chat = self._chat(telegram_id)
        text = content.get("text")
        if text and text.startswith("/"):
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        sent = int(self.clock.now().timestamp())
        message = {"message_id": message_id, "date": sent, "chat": chat, "from": user}
        return {"update_id": update_id, "message": {**message, **content}}

    def typing(self, text: str) -> Step:
        """A step of a script: this text, numbered when it is sent."""
        return lambda telegram_id: self.message(telegram_id, text=text)

    def pressing(self, data: str) -> Step:
        return lambda telegram_id: self.press(telegram_id, data)

    def press(self, telegram_id: int, data: str) -> JsonDict:
        update_id, message_id = self._ids()
        user, chat = self._chat(telegram_id)
        shown = {
            "message_id": message_id,
            "date": int(self.clock.now().timestamp()),
            "chat": chat,
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "bench"},
            "text": "…",
        }
        query = {"id": str(update_id), "from": user, "chat_instance": "ci", "message": shown}
        return {"update_id": update_id, "callback_query": {**query, "data": data}}


def crowd_of(
    world: World,
    members: list[int],
    strangers: list[int],
    rng: random.Random,
    clock: ManualClock,
) -> list[Person]:
    made = Updates(clock)
    found: list[Person] = []
    kinds = [kind for kind, share in MIX for _ in range(share)]
    member_kinds = [kind for kind in kinds if kind != "signup"]
    queue = iter(members)
    for n in range(len(members)):
        del n
        tid = next(queue)
        found.append(Person(tid, member_kinds[len(found) % len(member_kinds)]))
    found += [Person(tid, "signup") for tid in strangers]

    text, press = made.typing, made.pressing

    def where(tid: int) -> JsonDict:
        lat = CENTRE[0] + rng.uniform(-0.15, 0.15)
        lon = CENTRE[1] + rng.uniform(-0.25, 0.25)
        return made.message(tid, location={"latitude": lat, "longitude": lon})

    scripts: dict[str, Sequence[Step]] = {
        "menu": [text(t) for t in ("/menu", "/policies", "/visits", "/tickets", "/help")],
        "signup": [
            text("/signup"),
            press(signup.SignupAction(action=signup.Action.ACCEPT_TERMS).pack()),
            press(signup.SignupAction(action=signup.Action.ACCEPT_PD).pack()),
            text("anna at example"),
            text("/cancel"),
        ],
        "clinics": [text("/clinics"), where, where, where],
        "booking": [
            text("/book"),
            press(BookAction(action="clinic", clinic=world.clinic).pack()),
            press(BookAction(action="specialty", n=0).pack()),
            press(BookAction(action="doctor", n=0).pack()),
            press(BookAction(action="day", on=world.day.isoformat()).pack()),
            press(BookAction(action="time", slot=world.slot).pack()),
            text("/cancel"),
        ],
    }
    for person in found:
        if person.kind in scripts:
            person.script = scripts[person.kind]
        else:
            policy = world.policies[person.telegram_id]
            person.script = [text("/policies")] + [
                press(PolicyAction(action=action, policy=policy).pack())
                for action in ("card", "program", "services")
            ]
    return found


# -- driving ------------------------------------------------------------------------------------


class Statements:
    """SQL statements and commits on an engine, counted while `counting`. On SQLite, what SQLite
    itself runs (its trace callback): the nearest-clinic search sends its R-tree query past
    SQLAlchemy, on the unit of work's connection. Elsewhere, SQLAlchemy's cursor executions."""

    SKIPPED = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")

    def __init__(self, engine: AsyncEngine) -> None:
        self.counting = False
        self.statements = 0
        self.commits = 0

        def _statement(sql: str) -> None:
            if self.counting and not sql.lstrip().upper().startswith(self.SKIPPED):
                self.statements += 1

        if engine.dialect.name == "sqlite":

            @event.listens_for(engine.sync_engine, "connect")
            def _traced(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.driver_connection.set_trace_callback(_statement)

        else:

            @event.listens_for(engine.sync_engine, "before_cursor_execute")
            def _executed(*args: Any) -> None:
                _statement(str(args[2]))

        @event.listens_for(engine.sync_engine, "commit")
        def _commit(_connection: Any) -> None:
            if self.counting:
                self.commits += 1

    def start(self) -> None:
        self.counting, self.statements, self.commits = True, 0, 0

    def stop(self) -> tuple[int, int]:
        self.counting = False
        return self.statements, self.commits


@dataclass(frozen=True)
class Measured:
    name: str
    updates: int
    seconds: float
    latencies: list[float]  # seconds, one per update
    errors: int
    requests: int = 0  # Bot API calls made, warm-up included
    alerts: int = 0  # buttons answered with an alert (stale or refused): should be none
    note: str = ""
    concurrency: int = CONCURRENCY
    statements: int = 0  # SQL statements in the counted updates (BEGIN and COMMIT aside)
    commits: int = 0  # transactions committed in the counted updates

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    def joined(self, other: Measured) -> Measured:
        """Two runs of the same thing as one: their updates over their time together."""
        return replace(
            self,
            updates=self.updates + other.updates,
            seconds=self.seconds + other.seconds,
            latencies=self.latencies + other.latencies,
            errors=self.errors + other.errors,
            requests=self.requests + other.requests,
            alerts=self.alerts + other.alerts,
            statements=self.statements + other.statements,
            commits=self.commits + other.commits,
        )

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def drive(
    dispatcher: Dispatcher,
    bot: Bot,
    crowd: list[Person],
    clock: ManualClock,
    total: int,
    warm_up: int,
    concurrency: int = CONCURRENCY,
    statements: Statements | None = None,
) -> tuple[float, list[float], int]:
    """`total` updates from the crowd, each person's in order, `concurrency` people at once;
    the first `warm_up` are not counted. People take turns, and the run's clock moves a second
    for each round of turns: everyone sends about one update a second, as a person does, so
    the anti-flood (on that clock) stays out of the way however fast the machine is."""
    pace = 1 / len(crowd)
    idle: asyncio.Queue[Person] = asyncio.Queue()
    for person in crowd:
        idle.put_nowait(person)
    latencies: list[float] = []
    errors = 0
    issued = 0
    started = 0.0

    async def worker() -> None:
        nonlocal issued, errors, started
        while issued < total + warm_up:
            issued += 1
            if issued == warm_up + 1:
                started = time.perf_counter()
                if statements is not None:
                    statements.start()
            counted = issued > warm_up
            person = await idle.get()
            clock.advance(pace)
            update = person.next_update()
            began = time.perf_counter()
            try:
                await dispatcher.feed_raw_update(bot, update)
            except Exception:  # noqa: BLE001 - counted and reported, the run goes on
                errors += 1
            if counted:
                latencies.append(time.perf_counter() - began)
            idle.put_nowait(person)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    if statements is not None:
        statements.stop()
    return time.perf_counter() - started, latencies, errors


def alone_sample(crowd: list[Person], members: int) -> list[Person]:
    """A tenth of the members and a tenth of the people without a profile, in the crowd's mix."""
    strangers = crowd[members:]
    return crowd[: members * ALONE_SHARE // 100] + strangers[: len(strangers) * ALONE_SHARE // 100]


async def on(
    backend: str,
    database_url: str,
    workdir: Path,
    total: int,
    warm_up: int,
    people: int = PEOPLE,
    profile: list[pstats.Stats] | None = None,
) -> list[Measured]:
    """Half the echo, then the bot, on this database, then the bot one update at a time, then
    the echo's other half: [echo (both halves as one), bot, bot alone]. The machine's speed
    drifts within minutes; the echo on each side of the bot keeps that drift out of the ratio.
    With `profile`, the one-at-a-time part profiled once more, into it."""
    rng = random.Random(20261124)  # noqa: S311 - a repeatable crowd, not a secret
    settings = Settings(
        bot_token=TOKEN,
        database_url=database_url,
        data_dir=workdir,
        data_key=DATA_KEY,
        web_port=0,
        # A person here sends about one update a second; the default anti-flood still runs.
        # As README advises: a connection for each update served at once (PostgreSQL).
        database_pool_size=CONCURRENCY,
    )
    clock = ManualClock(START)
    services = build_services(settings, clock=clock)
    counter = Statements(services.db.engine)
    try:
        await migrate.upgrade(services.db)
        members = [20_000 + n for n in range(people - people * 20 // 100)]
        strangers = [40_000 + n for n in range(people * 20 // 100)]
        world = await fill(services, workdir, members, rng)
        found: list[Measured] = []
        # The echo: half its updates (and warm-up) before the bot, half after.
        halves = {"echo": (total // 2, warm_up // 2), "bot": (total, warm_up)}
        for name in ("echo", "bot", "echo"):
            counted, warming = halves[name]
            if found and name == "echo":
                counted, warming = total - counted, warm_up - warming
            crowd = crowd_of(world, members, strangers, rng, clock)
            session = RecordingSession()
            bot = (
                create_bot(settings, session=session)
                if name == "bot"
                else Bot(TOKEN, session=session)
            )
            dispatcher = (
                create_dispatcher(settings, services) if name == "bot" else echo_dispatcher()
            )
            workflow = {"dispatcher": dispatcher, "bots": [bot], **dispatcher.workflow_data}
            await dispatcher.emit_startup(bot=bot, **workflow)
            try:
                seconds, latencies, errors = await drive(
                    dispatcher, bot, crowd, clock, counted, warming, statements=counter
                )
                label = "bare aiogram echo" if name == "echo" else f"the bot on {backend}"
                requests, alerts = sum(session.calls.values()), session.alerts
                measured = Measured(
                    label,
                    len(latencies),
                    seconds,
                    latencies,
                    errors,
                    requests,
                    alerts,
                    statements=counter.statements,
                    commits=counter.commits,
                )
                if name == "echo" and found:  # after the bot: one echo of both halves
                    measured = found[0].joined(measured)
                    found[0] = measured
                else:
                    found.append(measured)
                if name == "bot":
                    sample = alone_sample(crowd, len(members))
                    seconds, latencies, errors = await drive(
                        dispatcher,
                        bot,
                        sample,
                        clock,
                        len(sample) * ALONE_STEPS,
                        0,
                        concurrency=1,
                        statements=counter,
                    )
                    found.append(
                        Measured(
                            f"the bot on {backend}, one update at a time",
                            len(latencies),
                            seconds,
                            latencies,
                            errors,
                            sum(session.calls.values()) - requests,
                            session.alerts - alerts,
                            concurrency=1,
                            statements=counter.statements,
                            commits=counter.commits,
                        )
                    )
                    if profile is not None:  # once more, under the profiler (not measured)
                        profiler = cProfile.Profile()
                        profiler.enable()
                        await drive(dispatcher, bot, sample, clock, len(sample) * ALONE_STEPS, 0, 1)
                        profiler.disable()
                        profile.append(pstats.Stats(profiler))
            finally:
                await dispatcher.emit_shutdown(bot=bot, **workflow)
        return found
    finally:
        await services.close()


async def measure(
    total: int = UPDATES, warm_up: int = WARM_UP, profile: list[pstats.Stats] | None = None
) -> list[Measured]:
    runs: list[Measured] = []
    with tempfile.TemporaryDirectory(prefix="dms-bench-throughput-") as scratch:
        where = Path(scratch)
        runs += await on("SQLite", sqlite_url(where), where, total, warm_up, profile=profile)
        try:
            async with postgres_database("dms_bench") as url:
                pg = Path(scratch) / "pg"
                pg.mkdir()
                runs += (await on("PostgreSQL", url, pg, total, warm_up))[1:]
        except NoServer as error:
            runs.append(Measured("the bot on PostgreSQL", 0, 0.0, [], 0, note=str(error)))
    return runs


# -- where the time goes ----------------------------------------------------------------------

# A profiled function's file, by the first of these its path holds: whose code the time is.
OWNERS = (
    ("/aiogram/", "aiogram"),
    ("/pydantic/", "pydantic"),
    ("/pydantic_core/", "pydantic"),
    ("/sqlalchemy/", "SQLAlchemy"),
    ("/fluent", "Fluent (texts)"),
    ("/babel/", "Babel (dates)"),
    ("/magic_filter/", "magic-filter"),
    ("/bot/", "bot/ (ours)"),
    ("/core/", "core/ (ours)"),
    ("/storage/", "storage/ (ours)"),
    ("/asyncio/", "asyncio"),
    ("/json/", "json"),
)
PROFILE_TOP = 25


def owner(filename: str, name: str) -> str:
    if filename == "~":  # a built-in: "<method 'execute' of 'sqlite3.Cursor' objects>"
        return "sqlite3 (SQLite itself)" if "sqlite3." in name else "built-ins (C)"
    for part, who in OWNERS:
        if part in filename:
            return who
    return "standard library and the rest"


def profile_summary(stats: pstats.Stats, updates: int) -> str:
    """Own time by whose code it is, then the functions with the most own time, per update."""
    table = stats.stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in table.values())
    by_owner: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, own, _cum, _callers) in table.items():
        who = owner(filename, name)
        by_owner[who] = by_owner.get(who, 0.0) + own
    lines = [
        f"## Where the time goes: the bot on SQLite, one update at a time, {updates:,} updates",
        "",
        f"Written by `python -m bench throughput` ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC): the "
        "one-at-a-time part run once more under `cProfile` (which slows it; the shares are what "
        "count). Own time (not the functions it calls) by whose code it is:",
        "",
        "| code | µs per update | share |",
        "|---|---|---|",
    ]
    for who, own in sorted(by_owner.items(), key=lambda item: -item[1]):
        lines.append(f"| {who} | {own / updates * 1e6:,.0f} | {own / total:.1%} |")
    lines += [
        "",
        f"The {PROFILE_TOP} functions with the most own time:",
        "",
        "| function | calls per update | own µs per update | with callees µs per update |",
        "|---|---|---|---|",
    ]
    ranked = sorted(table.items(), key=lambda item: -item[1][2])[:PROFILE_TOP]
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in ranked:
        where = name if filename == "~" else f"{short_path(filename)}:{line} {name}"
        lines.append(
            f"| `{where}` | {calls / updates:.1f} | {own / updates * 1e6:,.0f} | "
            f"{cumulative / updates * 1e6:,.0f} |"
        )
    return "\n".join(lines)


def short_path(filename: str) -> str:
    """A path from its package on: `sqlalchemy/orm/session.py`, `bot/app.py`."""
    parts = Path(filename).parts
    for anchor in ("site-packages", "python3.11"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + 1 :])
    for package in ("bot", "core", "storage", "bench"):
        if package in parts:
            return "/".join(parts[len(parts) - 1 - parts[::-1].index(package) :])
    return Path(filename).name


def verdicts(runs: list[Measured]) -> list[tuple[str, bool]]:
    """Each target, and whether this run met it (ratios to the echo measured in the same run)."""
    echo, found = runs[0], {run.name: run for run in runs[1:] if run.latencies}
    checks: list[tuple[str, bool]] = []
    sqlite = found.get("the bot on SQLite")
    if sqlite is not None:
        checks += [
            (
                f"SQLite, {CONCURRENCY} at once: ≥ {SQLITE_SHARE:.0%} of the echo's rate",
                sqlite.rate >= SQLITE_SHARE * echo.rate,
            ),
            (
                f"SQLite: ≤ {MAX_STATEMENTS} statements per update",
                sqlite.statements <= MAX_STATEMENTS * sqlite.updates,
            ),
            (f"SQLite: ≤ {MAX_COMMITS} commit per update", sqlite.commits <= sqlite.updates),
        ]
    alone = found.get("the bot on SQLite, one update at a time")
    if alone is not None:
        checks.append(
            (
                f"SQLite, one update at a time: p99 < {ALONE_P99_MS:.0f} ms",
                alone.percentile(0.99) < ALONE_P99_MS,
            )
        )
    postgres = found.get("the bot on PostgreSQL")
    if postgres is not None:
        checks += [
            (
                f"PostgreSQL, {CONCURRENCY} at once: ≥ {POSTGRES_SHARE:.0%} of the echo's rate",
                postgres.rate >= POSTGRES_SHARE * echo.rate,
            ),
            (
                f"PostgreSQL, {CONCURRENCY} at once: p99 ≤ {TAIL}× p50",
                postgres.percentile(0.99) <= TAIL * postgres.percentile(0.5),
            ),
        ]
    checks.append(("no errors", all(run.errors == 0 for run in runs)))
    return checks


def report(runs: list[Measured], warm_up: int = WARM_UP) -> Report:
    echo = runs[0]
    checks = verdicts(runs)
    passed = all(met for _target, met in checks)
    lines = [
        f"## {TITLE}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; `python -m bench throughput`.",
        f"{PEOPLE:,} people ({PEOPLE * 20 // 100} of them without a profile), {CONCURRENCY} at "
        f"once, each waiting for the answer; {runs[1].updates:,} updates counted after "
        f"{warm_up:,} to warm up (each person's first); the mix: "
        + ", ".join(f"{share} % {kind}" for kind, share in MIX)
        + " (bench/throughput.py). The echo gets the same updates, one handler answering each:"
        " the framework's ceiling on this machine, measured in the same run, half before the"
        " bot and half after it (the machine's speed drifts within minutes)."
        f" Then {ALONE_SHARE} % of the people, {ALONE_STEPS} updates each, one update at a time:"
        " the latency of the handling itself, where"
        f" with {CONCURRENCY} at once it is mostly the wait for the CPU"
        f" (p50 ≈ {CONCURRENCY} / rate). Statements: SQL sent to the database (BEGIN and COMMIT"
        " aside); where the time goes: docs/performance.md.",
        "",
        "| run | updates/s | p50 ms | p99 ms | share of the echo's rate | statements per update "
        "| commits per update | Bot API calls per update | alerts | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        if not run.latencies:
            lines.append(f"| {run.name} | — | — | — | — | — | — | — | — | {run.note} |")
            continue
        share = f"{run.rate / echo.rate:.1%}" if run is not echo else "—"
        per_update = run.requests / (run.updates + (warm_up if run.concurrency > 1 else 0))
        database = (
            f"{run.statements / run.updates:.2f} | {run.commits / run.updates:.2f}"
            if run is not echo
            else "— | —"
        )
        lines.append(
            f"| {run.name} | {run.rate:,.0f} | {run.percentile(0.5):.1f} | "
            f"{run.percentile(0.99):.1f} | {share} | {database} | {per_update:.2f} | "
            f"{run.alerts} | {run.errors} |"
        )
    lines += ["", "| target | met |", "|---|---|"]
    lines += [f"| {target} | {'yes' if met else '**no**'} |" for target, met in checks]
    lines += ["", f"Verdict: {'**passed**' if passed else '**not met**'}."]
    return Report("throughput", passed, "\n".join(lines))


def performance_file() -> Path:
    return bench.results_file().with_name("performance.md")


async def run() -> Report:
    profile: list[pstats.Stats] = []
    runs = await measure(profile=profile)
    alone = next(run for run in runs if run.name == "the bot on SQLite, one update at a time")
    summary = Report("profile", True, profile_summary(profile[0], alone.updates))
    bench.write_section(performance_file(), summary)
    return report(runs)
