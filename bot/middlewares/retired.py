"""A dialogue step this version no longer has (a state kept in storage by an older release, e.g.
a step merged into another) is forgotten before the update is handled: the person is told once
that the dialogue has to begin again and lands outside it, instead of «не понял» at every
message until /cancel."""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.state import StatesGroup
from aiogram.types import TelegramObject, Update

from bot.middlewares import NextHandler
from core.i18n import Translator


def defined_states() -> frozenset[str]:
    """The names of the states of every `StatesGroup` defined in this process."""
    found: set[str] = set()
    groups = list(StatesGroup.__subclasses__())
    while groups:
        group = groups.pop()
        groups.extend(group.__subclasses__())
        found.update(str(state.state) for state in group.__all_states__)
    return frozenset(found)


class ForgetRetiredSteps(BaseMiddleware):
    def __init__(self) -> None:
        self.known = defined_states()

    def retired(self, raw_state: str) -> bool:
        if raw_state in self.known:
            return False
        self.known = defined_states()  # a group defined after the dispatcher was built
        return raw_state not in self.known

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        raw_state: str | None = data.get("raw_state")
        if raw_state and self.retired(raw_state):
            await data["state"].clear()
            data["raw_state"] = None
            message = event.message if isinstance(event, Update) else None
            if message is not None and message.chat.type == "private":
                translate: Translator = data["_"]
                await message.answer(translate("dialogue-retired"))
        return await handler(event, data)
