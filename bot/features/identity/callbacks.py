"""The identity check's buttons: the person's own (`idc:<action>:<slot>`), and the desk's
decisions on a check (`dk:idok:<check>`, `dk:idno:<check>`; the desk feature's incident buttons
share the `dk` prefix with other actions, so each takes only its own)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import BeforeValidator


class Action(StrEnum):
    START = "start"
    RENUMBER = "renumber"
    CANCEL = "cancel"
    READ = "read"
    ACCEPT = "accept"
    REPLACE = "replace"
    SEND = "send"


class IdentityAction(CallbackData, prefix="idc"):
    """A button of the person's own identity check: it names no object (the policy's number is
    in the dialogue's state, put there when linking it failed)."""

    action: Action
    slot: int = 0  # the photo to replace, 0–2


class Verdict(StrEnum):
    APPROVE = "idok"
    REJECT = "idno"  # the reason is asked next


def _check_id(value: object) -> object:
    """A check's id as the desk's buttons were always matched (`\\d{1,18}$`): a forged "-1",
    "+1" or 19 digits is no such button."""
    if isinstance(value, str):
        if not re.match(r"\d{1,18}$", value):
            raise ValueError("not a check's id")
        return int(value)
    return value


class IdentityDecision(CallbackData, prefix="dk"):
    """An operator's decision on an identity check, on its post in the desk group."""

    action: Verdict
    check: Annotated[int, BeforeValidator(_check_id)]
