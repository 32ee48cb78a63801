"""Typed dialogue data: a small dataclass per dialogue instead of string keys.

What a dialogue keeps is stored as JSON (SQL or Redis) and must outlive a restart and a deploy:
fields keep the names the stored keys have, take JSON types (str, int, bool, None, lists and
dicts of them), and have defaults, so a dialogue stored by an older version still loads (a key it
no longer knows is dropped, one it did not have yet takes its default)."""

from __future__ import annotations

import copy
from dataclasses import asdict, fields
from typing import Any, Self

from aiogram.fsm.context import FSMContext


class DialogueData:
    """Mix into a `@dataclass`: `data = await Booking.load(state)`, change it, `await
    data.save(state)`."""

    @classmethod
    def from_dict(cls, stored: dict[str, Any]) -> Self:
        known = {field.name for field in fields(cls)}  # type: ignore[arg-type]
        # A copy: the storage may hand out its own lists, and a list changed in place here must
        # not change what it holds before `save` (the change would look saved, then be lost).
        return cls(**{key: copy.deepcopy(value) for key, value in stored.items() if key in known})

    @classmethod
    async def load(cls, state: FSMContext) -> Self:
        return cls.from_dict(await state.get_data())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload, no-any-return]

    async def save(self, state: FSMContext) -> None:
        await state.set_data(self.to_dict())
