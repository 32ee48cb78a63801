"""Leaving a dialogue by the menu: a main-menu label sent while browsing a section leaves it for
the section the label names; while something is being entered, another section's button does not.

Outside any dialogue, a menu label also forgets the screen a section remembered (`screen`).

In a browsing dialogue (`Dialogue.browsing`: nothing is being entered, e.g. «Клиники рядом»)
typed text has a meaning of its own (a search), so without this a label typed or pressed from an
old keyboard would be read as one. Entering dialogues (sign-up, booking) keep their answers: there
a label is an answer the step cannot read, and the step is shown again.
"""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, TelegramObject, Update

from bot.common.callbacks import DialogueAction, LanguageChoice
from bot.features import Menu
from bot.fsm.dialogues import Dialogues
from bot.middlewares import NextHandler
from core.i18n import Catalogue, Translator


class MenuLeavesBrowsing(BaseMiddleware):
    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        message = event.message if isinstance(event, Update) else None
        raw_state: str | None = data.get("raw_state")
        if message is not None and message.text and self._is_menu_label(message.text, data):
            if raw_state:
                dialogue = data["dialogues"].of(raw_state)
                if dialogue is not None and dialogue.browsing:
                    await data["state"].clear()
                    data["raw_state"] = None
            else:
                # Outside a dialogue a section may remember what it showed last (`screen`: a
                # policy number typed right after «Мои полисы» is linked); another section
                # opened from the menu forgets it.
                state = data["state"]
                if "screen" in await state.get_data():
                    await state.set_data({})
        return await handler(event, data)

    @staticmethod
    def _is_menu_label(text: str, data: dict[str, Any]) -> bool:
        catalogue: Catalogue = data["catalogue"]
        menu: Menu = data["menu"]
        return any(catalogue.matches(section.key, text) for section in menu.sections)


# Buttons that work in any dialogue: «Продолжить / Начать заново» and the language.
ANYWHERE = frozenset({DialogueAction.__prefix__, LanguageChoice.__prefix__})


class ButtonsStayInDialogue(BaseMiddleware):
    """While something is being entered (sign-up, booking, a PIN…), a button of another section
    pressed on an old message would start something else and drop what was entered: it is
    refused with an alert that names the dialogue, which stays where it was. A browsing
    dialogue (the clinics) lets any button lead on."""

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        if isinstance(event, CallbackQuery) and event.data:
            dialogues: Dialogues = data["dialogues"]
            dialogue = dialogues.of(data.get("raw_state"))
            if (
                dialogue is not None
                and not dialogue.browsing
                and not dialogue.owns_button(event.data, data["intents"])
                and event.data.split(":", 1)[0] not in ANYWHERE
            ):
                _: Translator = data["_"]
                await event.answer(_("dialogue-busy", title=_(dialogue.title_key)), show_alert=True)
                return None
        return await handler(event, data)
