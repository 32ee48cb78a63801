"""Dialogue state in the database: an aiogram `BaseStorage` (aiogram ships none for SQL).

Inside a Telegram update it writes through the update's unit of work, so a step's state commits in
the same transaction as the step's data and before the reply that shows the next step. Outside an
update (a test, a scheduled job) it opens a unit of work of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import Clock, SystemClock
from storage.db import Database
from storage.models import DialogueState

ROWS = "dms_dialogue_rows"  # session.info: the dialogue rows read in this unit of work


def remember_row(session: AsyncSession, key: str, row: DialogueState | None) -> None:
    """The dialogue row of `key` as just read with the person (their first statement in an
    update: storage/repositories/users.py), kept as `SqlStorage` keeps what it reads itself."""
    session.info.setdefault(ROWS, {})[key] = row


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

    async def _row(self, key: StorageKey) -> DialogueState | None:
        """The row (or None), read once per unit of work and then kept: aiogram reads the state
        and the data separately, and the session's identity map holds rows only weakly, so
        without this every read was a query."""
        session, built = self.db.session, self.key_builder.build(key)
        known: dict[str, DialogueState | None] = session.info.setdefault(ROWS, {})
        row = known.get(built)
        # Read again when not read yet, or when deleted meanwhile by a statement (an erasure).
        if built not in known or (
            row is not None and (inspect(row).was_deleted or row not in session)
        ):
            row = known[built] = await session.get(DialogueState, built)
        return row

    async def _write(self, key: StorageKey, changes: dict[str, Any]) -> None:
        async with self.db.unit_of_work() as session:
            row = await self._row(key)
            state = changes.get("state", row.state if row else None)
            data = dict(changes["data"]) if "data" in changes else (dict(row.data) if row else {})
            if state is None and not data:
                if row is not None:  # nothing left to remember: keep the table small
                    await session.delete(row)
                    await session.flush()
                    session.info[ROWS][row.key] = None
                return
            if row is None:
                row = DialogueState(key=self.key_builder.build(key))
                session.add(row)
                session.info[ROWS][row.key] = row
            elif row.state == state and row.data == data:
                return  # nothing changed: no statement (`updated_at` says when it last did)
            row.state = state
            row.data = data
            row.updated_at = self.clock.now()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        await self._write(key, {"state": name})

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.db.unit_of_work():
            row = await self._row(key)
            return row.state if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, {"data": data})

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.db.unit_of_work():
            row = await self._row(key)
            return dict(row.data) if row and row.data else {}

    async def close(self) -> None:
        """The database belongs to the application, which disposes of it."""
