"""Alembic: one head, the stairway (up, down, up for every revision), models match migrations."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Connection

from core.outbox import Mail
from core.services import Services
from core.settings import Settings
from storage import migrate
from storage.db import Database
from storage.models import AbroadCase, AbroadNote, Appointment, Base, QueuedMail, User
from tests.booking_rig import book, msk, slot_at
from tests.booking_rig import core_world as world
from tests.people import person
from tests.rosters import SERVICE_HEADER, load

pytestmark = pytest.mark.db
__all__ = ["world"]  # fixtures used by name


def test_exactly_one_head() -> None:
    assert len(migrate.heads()) == 1, f"several Alembic heads: {migrate.heads()}; rebase yours"
    assert migrate.heads() == [migrate.HEAD], "a new migration: move storage.migrate.HEAD to it"


def test_each_migrations_docstring_names_the_revision_it_revises() -> None:
    """The «Revises:» line Alembic writes is what a reader trusts: it must be `down_revision`."""
    versions = Path(migrate.__file__).parent / "migrations" / "versions"
    wrong = []
    for path in sorted(versions.glob("[0-9]*.py")):
        source = path.read_text(encoding="utf-8")
        said = re.search(r"^Revises: ?(\S*)$", source, re.MULTILINE)
        coded = re.search(r"^down_revision: .* = '?([^'\s]*)'?$", source, re.MULTILINE)
        assert said is not None, path.name
        assert coded is not None, path.name
        if said.group(1) != ("" if coded.group(1) == "None" else coded.group(1)):
            wrong.append((path.name, said.group(1), coded.group(1)))
    assert wrong == []


async def test_stairway_every_revision_up_down_up(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        previous = "base"
        for revision in migrate.revisions_in_order():
            await migrate.upgrade(db, revision)
            assert await migrate.current(db) == revision
            await migrate.downgrade(db, previous)
            assert await migrate.current(db) == (None if previous == "base" else previous)
            await migrate.upgrade(db, revision)
            previous = revision
        await migrate.downgrade(db, "base")
        async with db.engine.connect() as connection:
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        assert set(tables) <= {"alembic_version"}
    finally:
        await db.dispose()


async def test_models_match_the_migrations(database_url: str) -> None:
    db = Database(database_url)

    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": migrate.in_models}
        )
        return list(compare_metadata(context, Base.metadata))

    try:
        async with db.engine.connect() as connection:
            assert await connection.run_sync(diff) == []
    finally:
        await db.dispose()


async def test_instances_starting_together_migrate_once(
    empty_database_url: str, tmp_path: Path
) -> None:
    """Four `dmsbot db upgrade` processes start at once on an empty database: they take turns
    (PostgreSQL's advisory lock; SQLite's write lock), none fails, the schema is built once."""
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    env = {**clean, "DATA_DIR": str(tmp_path), "DATABASE_URL": empty_database_url}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "db", "upgrade", env=env, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(4)
    ]
    outcomes = [await process.communicate() for process in processes]
    assert [p.returncode for p in processes] == [0] * 4, [e.decode()[-800:] for _, e in outcomes]
    db = Database(empty_database_url)
    try:
        assert await migrate.current(db) == migrate.heads()[0]
        async with db.engine.connect() as connection:
            versions = await connection.execute(text("SELECT count(*) FROM alembic_version"))
            assert versions.scalar_one() == 1
    finally:
        await db.dispose()


def test_a_database_at_head_is_started_on_without_alembic(database_url: str) -> None:
    """The bot's start finds nothing to do by one query and leaves Alembic unloaded (11 MB)."""
    script = (
        "import asyncio, sys\n"
        "from storage import migrate\n"
        "from storage.db import Database\n"
        "async def main():\n"
        "    db = Database(sys.argv[1])\n"
        "    await migrate.upgrade(db)\n"
        "    await db.dispose()\n"
        "asyncio.run(main())\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, database_url],
        capture_output=True, text=True, timeout=120, check=True, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_the_open_binding_index_is_the_models_statuses() -> None:
    """Migration 0020 writes the partial index's condition as a literal (migrations import no
    models); it is the one the model derives from its tuple of open statuses."""
    import importlib.util

    from storage.models.payments import OPEN_BINDING, OPEN_BINDING_WHERE

    path = Path(migrate.__file__).parent / "migrations/versions/0020_one_open_card_binding.py"
    spec = importlib.util.spec_from_file_location("migration_0020", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OPEN == OPEN_BINDING_WHERE
    assert OPEN_BINDING == ("opening", "pending", "challenged")


async def test_0025_keeps_the_clinic_mail_linked_to_its_visit(
    services: Services, world: None
) -> None:
    """Migration 0025 lets a visit outlive its erased person. On SQLite it copies the table, and
    dropping the old one (foreign keys on) would empty the mail's links to the visits: they are
    kept, both ways; going down, the nameless visits go."""
    anna, boris = await person(services, 1, "П-1"), await person(services, 2, "П-2")
    assert await book(services, anna, await slot_at(services, "C1", msk(25, 10))) == "booked"
    assert await book(services, boris, await slot_at(services, "C1", msk(25, 11))) == "booked"
    async with services.db.unit_of_work():
        [visit] = await services.booking.upcoming(anna)
        await services.mail_queue.put(
            Mail(to="reg@clinic.test", subject="s", text="t"), kind="clinic-visit", about=None,
            visit=visit.id,
        )  # fmt: skip
        user = await services.db.session.get(User, boris.user_id)
        assert user is not None
        await services.rights.erase(user)  # his visit stays, naming nobody

    async def linked() -> list[tuple[int | None, int | None, str]]:
        async with services.db.unit_of_work() as session:
            rows = await session.execute(
                select(QueuedMail.appointment_id, Appointment.profile_id, Appointment.status)
                .join(Appointment, Appointment.id == QueuedMail.appointment_id, isouter=True)
                .order_by(QueuedMail.id)
            )
            return [(a, p, s) for a, p, s in rows]

    assert await linked() == [(visit.id, anna.id, "confirmed")]
    revisions = migrate.revisions_in_order()
    await migrate.downgrade(services.db, revisions[revisions.index("0025") - 1])
    assert await linked() == [(visit.id, anna.id, "confirmed")]
    async with services.db.unit_of_work() as session:
        statuses = await session.scalars(select(text("status")).select_from(text("appointments")))
        assert list(statuses) == ["confirmed"]  # his went
    await migrate.upgrade(services.db)
    assert await linked() == [(visit.id, anna.id, "confirmed")]


async def test_down_and_up_again_keeps_every_row(
    services: Services, world: None, tmp_path: Path
) -> None:
    """A migration that copies a table on SQLite (foreign keys on) would, dropping the old one,
    cascade to every table naming it: the policies' services, visits and consents. Down to 0022
    and up again, every row of every table is still there."""
    anna = await person(services, 1, "П-1")
    assert await book(services, anna, await slot_at(services, "C1", msk(25, 10))) == "booked"
    await load(services, tmp_path, "services", SERVICE_HEADER + "S1,П-1,2026-11-20,C1,Приём,2400\n")

    async def counts() -> dict[str, int]:
        async with services.db.unit_of_work() as session:
            names = await session.run_sync(lambda s: inspect(s.connection()).get_table_names())
            return {
                name: await session.scalar(text(f'SELECT count(*) FROM "{name}"'))  # noqa: S608
                for name in sorted(names)
                if migrate.in_models(name, "table", {}) and name != "alembic_version"
            }

    before = await counts()
    assert before["services_received"] == 1
    assert before["appointments"] == 1
    await migrate.downgrade(services.db, "0022")
    await migrate.upgrade(services.db)
    assert await counts() == before


async def test_the_abroad_migrations_keep_the_notes_of_a_case(
    services: Services, world: None
) -> None:
    """0031 adds a column to the cases; done by copying the table on SQLite (foreign keys on), it
    would drop the old one and every case's notes (ON DELETE CASCADE) with it. Down and up again,
    the note is still there."""
    anna = await person(services, 1, "П-1")
    now = services.clock.now()
    async with services.db.unit_of_work() as session:
        case = AbroadCase(profile_id=anna.id, policy_number="П-1", created_at=now, updated_at=now)
        session.add(case)
        await session.flush()
        session.add(AbroadNote(case_id=case.id, text="температура 39", created_at=now))

    async def notes() -> list[str | None]:
        async with services.db.unit_of_work() as session:
            return list(await session.scalars(text("SELECT text FROM abroad_notes")))

    assert await notes() == ["температура 39"]
    await migrate.downgrade(services.db, "0030")
    assert await notes() == ["температура 39"]
    await migrate.upgrade(services.db)
    assert await notes() == ["температура 39"]
