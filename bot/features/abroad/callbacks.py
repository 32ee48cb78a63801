"""The section's buttons. Prefixes, fields and action values are on the desk's posts: the packed
strings must never change."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class DeskAction(StrEnum):
    TAKE = "take"
    CLOSE = "close"


class DeskAbroadAction(CallbackData, prefix="dka"):
    """A case's button on the desk: operators only. `action` a plain string, so a forged or
    retired one reaches the last handler and is told the button is stale."""

    action: str
    case: int


def on_desk(action: DeskAction, case: int) -> str:
    return DeskAbroadAction(action=action, case=case).pack()


class AbroadPolicy(CallbackData, prefix="abp"):
    """The person's choice among their ВЗР policies in force (checked to be one of them)."""

    policy: int


def choose_policy(policy: int) -> str:
    return AbroadPolicy(policy=policy).pack()
