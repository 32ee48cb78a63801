"""A main-menu label sent while browsing a section leaves it for the section the label names.

In a browsing dialogue (`Dialogue.browsing`: nothing is being entered, e.g. «Клиники рядом»)
typed text has a meaning of its own (a search), so without this a label typed or pressed from an
old keyboard would be read as one. Entering dialogues (sign-up, booking) keep their answers: there
a label is an answer the step cannot read, and the step is shown again.
"""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot.features import Menu
from bot.fsm.dialogues import Dialogues
from bot.middlewares import NextHandler
from core.i18n import Catalogue


class MenuLeavesBrowsing(BaseMiddleware):
    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        message = event.message if isinstance(event, Update) else None
        raw_state: str | None = data.get("raw_state")
        if message is not None and message.text and raw_state:
            dialogues: Dialogues = data["dialogues"]
            dialogue = dialogues.of(raw_state)
            if dialogue is not None and dialogue.browsing:
                catalogue: Catalogue = data["catalogue"]
                menu: Menu = data["menu"]
                if any(catalogue.matches(section.key, message.text) for section in menu.sections):
                    await data["state"].clear()
                    data["raw_state"] = None
        return await handler(event, data)
