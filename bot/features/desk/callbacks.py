"""The desk's buttons on a recovery incident's post: `dk:unfreeze:<incident>` and
`dk:giveback:<incident>` (the identity check's decisions share the `dk` prefix with other
actions, so each feature takes only its own)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import BeforeValidator


class Action(StrEnum):
    UNFREEZE = "unfreeze"
    GIVE_BACK = "giveback"


def _incident_id(value: object) -> object:
    """An incident's id as the desk's buttons were always matched (`\\d{1,18}$`): a forged "-1",
    "+1" or 19 digits is no such button."""
    if isinstance(value, str):
        if not re.match(r"\d{1,18}$", value):
            raise ValueError("not an incident's id")
        return int(value)
    return value


class IncidentAction(CallbackData, prefix="dk"):
    """An operator's decision on a recovery incident («Это не я»), on its post in the desk."""

    action: Action
    incident: Annotated[int, BeforeValidator(_incident_id)]
