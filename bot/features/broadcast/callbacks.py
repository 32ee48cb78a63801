"""The broadcast's buttons: «Отправить» and «Отмена» under the preview."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    SEND = "send"
    DROP = "drop"


class BroadcastAction(CallbackData, prefix="bc"):
    # Anything else is not this button: it fails to parse, and the fallback says it is stale.
    action: Action
