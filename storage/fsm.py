"""Dialogue state in the database: an aiogram `BaseStorage` (aiogram ships none for SQL).

Inside a Telegram update it writes through the update's unit of work, so a step's state commits in
the same transaction as the step's data and before the reply that shows the next step. Outside an
update (a test, a scheduled job) it opens a unit of work of its own.

A dialogue's row is read once per unit of work (with the person: storage/repositories/users.py)
and kept; what a step writes is kept too and goes to the database in one statement when the unit
of work commits (`_write_pending`), however many times the step set the state and the data: not
as an ORM object flushed at each query in between, which cost a flush each time and sometimes two
statements for one step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import Connection, Table, bindparam, delete, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from core.clock import Clock, SystemClock
from storage.db import Database
from storage.models import DialogueState

ROWS = "dms_dialogue_rows"  # session.info: key -> Dialogue, as read or written in this unit of work
PENDING = "dms_dialogue_pending"  # session.info: key -> when written, not in the database yet
SAVEPOINTS = "dms_dialogue_savepoints"  # session.info: savepoint -> (ROWS, PENDING) at its start


@dataclass(slots=True)
class Dialogue:
    """A dialogue row as this unit of work knows it."""

    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    stored: bool = False  # the database has a row for it (as of this unit of work's writes)


def remember_row(
    session: AsyncSession, key: str, state: str | None, data: dict[str, Any] | None, stored: bool
) -> None:
    """The dialogue row of `key` as just read with the person (their first statement in an
    update: storage/repositories/users.py), kept as `SqlStorage` keeps what it reads itself."""
    session.info.setdefault(ROWS, {})[key] = Dialogue(state, dict(data or {}), stored)


_READ = select(DialogueState.state, DialogueState.data).where(DialogueState.key == bindparam("key"))
_TABLE = cast(Table, DialogueState.__table__)
_DELETE = delete(_TABLE).where(_TABLE.c.key == bindparam("row"))
_UPSERTS: dict[str, Any] = {}  # dialect name -> the upsert, built once


def _upsert(connection: Connection) -> Any:
    """A row written whether or not it is there: another process or an operator's update may
    have deleted or added it since this unit of work read it."""
    dialect = connection.dialect.name
    found = _UPSERTS.get(dialect)
    if found is None:
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_TABLE)
        found = _UPSERTS[dialect] = insert.on_conflict_do_update(
            index_elements=[_TABLE.c.key],
            set_={name: insert.excluded[name] for name in ("state", "data", "updated_at")},
        )
    return found


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint's writes wait for the transaction's
        _write_pending(session)


def _write_pending(session: Session) -> None:
    """Each dialogue written in the unit of work, in one statement: written or deleted. On the
    unit of work's connection, as Core: the ORM's execution had nothing to add but its cost."""
    pending: dict[str, Any] | None = session.info.pop(PENDING, None)
    if not pending:
        return
    rows: dict[str, Dialogue] = session.info.get(ROWS, {})
    connection = session.connection()
    for key, at in pending.items():
        row = rows[key]
        if row.state is None and not row.data:
            if row.stored:  # nothing left to remember: keep the table small
                connection.execute(_DELETE, {"row": key})
                row.stored = False
        else:
            values = {"key": key, "state": row.state, "data": row.data, "updated_at": at}
            connection.execute(_upsert(connection), values)
            row.stored = True


@event.listens_for(Session, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    """A statement of someone else's writing dialogue rows (an erasure deletes a person's): what
    is pending goes first, as a flush would have sent it, and the rows are read again after."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table == DialogueState.__tablename__:
        _write_pending(state.session)
        state.session.info.pop(ROWS, None)


@event.listens_for(Session, "after_transaction_create")
def _remember_at_savepoint(session: Session, transaction: SessionTransaction) -> None:
    """A savepoint: what the dialogues were when it began, for its rollback."""
    if transaction.nested:
        saved = {key: replace(row, data=dict(row.data)) for key, row in _rows(session).items()}
        pending = dict(session.info.get(PENDING, {}))
        session.info.setdefault(SAVEPOINTS, {})[transaction] = (saved, pending)


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, previous: SessionTransaction) -> None:
    """What was read or written in a rolled-back transaction is not the truth any more; a
    rolled-back savepoint takes back only what was written inside it."""
    saved = session.info.get(SAVEPOINTS, {}).pop(previous, None) if previous.nested else None
    if saved is not None:
        session.info[ROWS], session.info[PENDING] = saved
        return
    for name in (ROWS, PENDING, SAVEPOINTS):
        session.info.pop(name, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_savepoints(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the transaction itself ended: no savepoint left
        session.info.pop(SAVEPOINTS, None)


def _rows(session: Session | AsyncSession) -> dict[str, Dialogue]:
    """The dialogue rows this unit of work knows (`ROWS`)."""
    rows: dict[str, Dialogue] = session.info.setdefault(ROWS, {})
    return rows


class SqlStorage(BaseStorage):
    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self.db = db
        self.clock = clock or SystemClock()
        self.key_builder = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    def row_key(self, key: StorageKey) -> str:
        """The dialogue row's key of a chat's person (its primary key)."""
        return self.key_builder.build(key)

    async def _row(self, key: StorageKey) -> tuple[str, Dialogue]:
        """The row's key and the row, read once per unit of work and then kept: aiogram reads the
        state and the data separately, and an update writes both."""
        session, built = self.db.session, self.key_builder.build(key)
        row = _rows(session).get(built)
        if row is None:
            found = (await session.execute(_READ, {"key": built})).one_or_none()
            row = (
                Dialogue() if found is None else Dialogue(found.state, dict(found.data or {}), True)
            )
            _rows(session)[built] = row
        return built, row

    async def _write(self, key: StorageKey, changes: dict[str, Any]) -> None:
        async with self.db.unit_of_work() as session:
            built, row = await self._row(key)
            state = changes.get("state", row.state)
            data = dict(changes["data"]) if "data" in changes else row.data
            if row.state == state and row.data == data:
                return  # nothing changed: no statement (`updated_at` says when it last did)
            row.state, row.data = state, data
            session.info.setdefault(PENDING, {})[built] = self.clock.now()
            if not session.in_transaction():  # after a commit: the next one writes it
                await session.begin()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        await self._write(key, {"state": name})

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.db.unit_of_work():
            return (await self._row(key))[1].state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, {"data": data})

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.db.unit_of_work():
            return dict((await self._row(key))[1].data)

    async def close(self) -> None:
        """The database belongs to the application, which disposes of it."""
