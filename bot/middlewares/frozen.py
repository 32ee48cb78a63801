"""A frozen profile changes nothing and shows nothing, whatever the feature.

After «Это не я» the account the profile was recovered to may be someone else's: until an
operator decides (unfreeze it there, or give it back to the previous account), every message and
button of that account in a private chat is answered with why and the hotline, and a dialogue
under way (an edit waiting for its code, a booking…) is dropped, so nothing it holds is saved.
Only what names nothing of the profile goes on: /help, the language. One check here rather than
one in each handler, so that a new feature cannot forget it.
"""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, TelegramObject, Update

from bot.common.callbacks import LanguageChoice
from bot.middlewares import NextHandler
from core.i18n import Translator
from core.settings import Settings

OPEN_COMMANDS = frozenset({"help", "language"})
OPEN_BUTTONS = frozenset({LanguageChoice.__prefix__})


def _open_message(message: Message) -> bool:
    text = message.text or ""
    if not text.startswith("/"):
        return False
    command = text[1:].split(maxsplit=1)[0].split("@", 1)[0] if len(text) > 1 else ""
    return command.lower() in OPEN_COMMANDS


class FrozenProfileGate(BaseMiddleware):
    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        if not data.get("frozen") or not isinstance(event, Update):
            return await handler(event, data)
        message, callback = event.message, event.callback_query
        if message is not None:
            if message.chat.type != "private" or _open_message(message):
                return await handler(event, data)
        elif callback is not None:
            in_group = callback.message is not None and callback.message.chat.type != "private"
            if in_group or (callback.data or "").split(":", 1)[0] in OPEN_BUTTONS:
                return await handler(event, data)
        else:  # edits, membership changes: they change nothing of the profile
            return await handler(event, data)
        state: FSMContext = data["state"]
        await state.clear()
        _: Translator = data["_"]
        settings: Settings = data["settings"]
        text = _("profile-frozen", phone=settings.hotline_phone)
        if callback is not None:
            await callback.answer(text, show_alert=True)
        else:
            assert message is not None
            await message.answer(text)
        return None
