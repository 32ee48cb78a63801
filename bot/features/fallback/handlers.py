"""The last router: whatever nothing else took gets a clear answer, and changes nothing."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message

from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.fsm.dialogues import Dialogues, call_step
from core.i18n import Translator


async def unknown_command(message: Message, _: Translator) -> None:
    await message.answer(_("unknown-command"))


async def outside_dialogue(message: Message, _: Translator, menu: Menu) -> None:
    key = "unknown-text" if message.text else "unsupported-content"
    await show_main_menu(message, _, menu, _(key))


async def inside_dialogue(
    message: Message, raw_state: str, _: Translator, dialogues: Dialogues, **data: Any
) -> None:
    """An answer the current step could not read: say so, and show the step again."""
    await message.answer(_("dialogue-not-understood"))
    dialogue = dialogues.of(raw_state)
    prompt = dialogue.prompt_for(raw_state) if dialogue else None
    if prompt is not None:
        data.update(raw_state=raw_state, _=_, dialogues=dialogues)
        await call_step(prompt, message, data)


async def stale_button(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("button-stale"), show_alert=True)
