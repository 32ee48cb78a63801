"""A rush on visits: 1,000 people confirm at once, 10 to each of 100 slots, through
`Booking.book` itself (each attempt its own unit of work, as a button press is), on the SQLite
file and on PostgreSQL. Exactly 100 must be booked and 900 refused with «это время только что
заняли»; the time is the whole rush. PostgreSQL is the server on 127.0.0.1:5432 (user postgres,
trust auth), in a database of the benchmark's own; where none answers, its line says so.
"""

from __future__ import annotations

import asyncio
import os
import platform
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from bench import Report
from bench.databases import DATA_KEY, NoServer, postgres_database, sqlite_url
from core.booking import Outcome
from core.clock import ManualClock
from core.services import Services, build_services
from core.settings import Settings
from storage import migrate
from storage.models import (
    Appointment,
    Clinic,
    ClinicProgram,
    Policy,
    Profile,
    Program,
    Slot,
    User,
)

TITLE = "Booking: 1,000 people rush 100 slots"
PEOPLE, SLOTS = 1_000, 100


@dataclass(frozen=True)
class Run:
    backend: str
    seconds: float | None  # None: not run
    outcomes: Counter[str]
    confirmed_rows: int
    note: str = ""

    @property
    def passed(self) -> bool:
        return (
            self.seconds is not None
            and self.outcomes == Counter({Outcome.BOOKED: SLOTS, Outcome.TAKEN: PEOPLE - SLOTS})
            and self.confirmed_rows == SLOTS
        )


async def fill(services: Services) -> tuple[list[Profile], list[int]]:
    now = services.clock.now()
    async with services.db.unit_of_work() as session:
        await session.execute(
            insert(Program).values(code="P", name="P", kind="DMS", description="", covers="",
                                   placeholder=False, updated_at=now)
        )  # fmt: skip
        clinic = Clinic(
            external_id="C", name="Клиника", address="", search_text="клиника", lat=55.75,
            lon=37.62, online_booking=True, specialties="терапевт", updated_at=now,
        )  # fmt: skip
        session.add(clinic)
        await session.flush()
        await session.execute(insert(ClinicProgram).values(clinic_id=clinic.id, program_code="P"))
        start = now + timedelta(days=1)
        await session.execute(
            insert(Slot),
            [{"clinic_id": clinic.id, "specialty": "терапевт", "doctor": f"Врач {n // 16}",
              "starts_at": start + timedelta(minutes=30 * (n % 16)), "duration_min": 30,
              "updated_at": now} for n in range(SLOTS)],
        )  # fmt: skip
        await session.execute(
            insert(User),
            [{"telegram_id": 10_000 + n, "language": "ru", "created_at": now, "seen_at": now}
             for n in range(PEOPLE)],
        )  # fmt: skip
        users = list(await session.scalars(select(User.id).order_by(User.id)))
        sealed = services.keys.encrypt('{"type": "rf-passport", "series": "4510", "number": "1"}')
        await session.execute(
            insert(Profile),
            [{"user_id": uid, "email": f"p{n}@example.ru", "phone": f"+7999{n:07d}",
              "last_name": "Петрова", "first_name": "Анна", "birth_date": date(1990, 3, 7),
              "sex": "f", "document_type": "rf-passport", "document_encrypted": sealed,
              "created_at": now, "updated_at": now} for n, uid in enumerate(users)],
        )  # fmt: skip
        profiles = list(await session.scalars(select(Profile).order_by(Profile.id)))
        await session.execute(
            insert(Policy),
            [{"number": f"Д{n}", "kind": "DMS", "program_code": "P", "last_name": "Петрова",
              "first_name": "Анна", "birth_date": date(1990, 3, 7),
              "start_date": date(2026, 1, 1), "end_date": date(2027, 12, 31),
              "employer": "ООО", "franchise_percent": 0, "holder_profile_id": p.id,
              "updated_at": now} for n, p in enumerate(profiles)],
        )  # fmt: skip
        slots = list(await session.scalars(select(Slot.id).order_by(Slot.id)))
    return profiles, slots


async def rush(backend: str, database_url: str, workdir: Path) -> Run:
    settings = Settings(database_url=database_url, data_dir=workdir, data_key=DATA_KEY, web_port=0)
    services = build_services(settings, clock=ManualClock())
    try:
        await migrate.upgrade(services.db)
        profiles, slots = await fill(services)

        async def attempt(n: int) -> Outcome:
            async with services.db.unit_of_work():
                result = await services.booking.book(profiles[n], slots[n % SLOTS])
            return result.outcome

        started = time.perf_counter()
        outcomes = await asyncio.gather(*(attempt(n) for n in range(PEOPLE)))
        seconds = time.perf_counter() - started
        async with services.db.unit_of_work() as session:
            confirmed = list(
                await session.scalars(
                    select(Appointment.slot_id).where(Appointment.status == "confirmed")
                )
            )
        # One per slot: as many rows as distinct slots (a duplicate would show as a difference).
        rows = len(confirmed) if len(confirmed) == len(set(confirmed)) else -len(confirmed)
        return Run(backend, seconds, Counter(outcomes), rows)
    finally:
        await services.close()


async def measure() -> list[Run]:
    runs = []
    with tempfile.TemporaryDirectory(prefix="dms-bench-booking-") as scratch:
        where = Path(scratch)
        runs.append(await rush("SQLite", sqlite_url(where), where))
        try:
            async with postgres_database("dms_bench") as url:
                runs.append(await rush("PostgreSQL", url, where))
        except NoServer as error:
            runs.append(Run("PostgreSQL", None, Counter(), 0, str(error)))
    return runs


def report(runs: list[Run]) -> Report:
    passed = all(run.passed for run in runs if run.seconds is not None)
    lines = [
        f"## {TITLE}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; `python -m bench booking`.",
        f"{PEOPLE:,} people, each with a policy covering the clinic, confirm at once (asyncio "
        f"tasks, each attempt its own unit of work through `Booking.book`), 10 to each of "
        f"{SLOTS} free slots. Required: exactly {SLOTS} booked, {PEOPLE - SLOTS} refused as "
        "taken, one confirmed visit per slot in the table.",
        "",
        "| database | booked | refused as taken | other | confirmed rows | seconds | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        if run.seconds is None:
            lines.append(f"| {run.backend} | — | — | — | — | — | {run.note} |")
            continue
        other = sum(
            count
            for key, count in run.outcomes.items()
            if key not in {Outcome.BOOKED, Outcome.TAKEN}
        )
        lines.append(
            f"| {run.backend} | {run.outcomes[Outcome.BOOKED]} | {run.outcomes[Outcome.TAKEN]} | "
            f"{other} | {run.confirmed_rows} | {run.seconds:.2f} | "
            f"{'passed' if run.passed else '**FAILED**'} |"
        )
    lines += ["", f"Verdict: {'**passed**' if passed else '**FAILED**'}."]
    return Report("booking", passed, "\n".join(lines))


async def run() -> Report:
    return report(await measure())
