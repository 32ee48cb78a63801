"""/start and /menu: greeting and main menu, deep links, and the continue-or-restart offer."""

from __future__ import annotations

from typing import Any

from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram.types import User as TelegramUser

from bot.common.screens import show_main_menu
from bot.features import DeepLinks, Menu
from bot.features.start import keyboards
from bot.fsm.dialogues import Dialogues, call_step
from core.i18n import Translator
from core.settings import Settings


async def start(message: Message, command: CommandObject, **data: Any) -> None:
    """/start: a deep link's handler, the continue-or-restart offer, or the greeting and menu.

    All handler data is kept whole in `data`, so a deep link's handler may ask for anything a
    handler may.
    """
    _: Translator = data["_"]
    settings: Settings = data["settings"]
    if command.args:
        deep_links: DeepLinks = data["deep_links"]
        found = deep_links.find(command.args)
        if found is not None:
            handler, payload = found
            await call_step(handler, message, {**data, "command": command, "payload": payload})
            return
        await message.answer(_("deep-link-unknown", email=settings.support_email))
    raw_state: str | None = data["raw_state"]
    if raw_state is not None:
        await offer_to_continue(message, raw_state, _, data["dialogues"])
        return
    sender: TelegramUser = data["event_from_user"]
    key = "greeting-new" if data["user_is_new"] else "greeting-back"
    text = _(key, name=sender.first_name, insurer=settings.insurer_name)
    await show_main_menu(message, _, data["menu"], text)


async def menu_command(
    message: Message, raw_state: str | None, _: Translator, menu: Menu, dialogues: Dialogues
) -> None:
    if raw_state is not None:
        await offer_to_continue(message, raw_state, _, dialogues)
        return
    await show_main_menu(message, _, menu, _("menu-title"))


async def offer_to_continue(
    message: Message, raw_state: str, _: Translator, dialogues: Dialogues
) -> None:
    dialogue = dialogues.of(raw_state)
    title = _(dialogue.title_key) if dialogue else _("dialogue-unknown")
    await message.answer(
        _("dialogue-pending", title=title), reply_markup=keyboards.continue_or_restart(_)
    )
