"""The family's buttons. The packed strings are on people's phones: prefix and field names never
change."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class WhomPick(CallbackData, prefix="fw"):
    """«Для кого?» answered: `key` names the account's own person (0) or a family member (the id
    of their first policy); it must be one of those offered, and the account's."""

    key: int


class Action(StrEnum):
    ADD = "add"  # «➕ Добавить члена семьи»
    RELATION = "rel"  # who the member is, answered by a button


class FamilyAction(CallbackData, prefix="fam"):
    """A button of «👨‍👩‍👧 Семья»: it names no policy (the number typed is in the dialogue's
    data); `relation`, one of core.family.RELATIONS, is checked on every press."""

    action: Action
    relation: str = ""
