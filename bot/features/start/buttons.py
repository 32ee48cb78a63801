"""«Продолжить» and «Начать заново», offered by /start and /menu in the middle of a dialogue."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.keyboards import drop_buttons
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.fsm.dialogues import Dialogues, call_step
from core.i18n import Translator


async def still_pending(
    callback: CallbackQuery, raw_state: str | None, _: Translator, menu: Menu
) -> Message | None:
    """The message pressed, its buttons dropped, while a dialogue is still pending; None (the
    person told, and shown the menu) once it is over."""
    message = callback.message
    if raw_state is None or not isinstance(message, Message):
        await callback.answer(_("dialogue-gone"))
        if isinstance(message, Message):
            await show_main_menu(message, _, menu, _("menu-title"))
        return None
    await callback.answer()
    await drop_buttons(message)
    return message


async def continue_dialogue(
    callback: CallbackQuery,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    menu: Menu,
    dialogues: Dialogues,
    **data: Any,
) -> None:
    """The current step shown again."""
    message = await still_pending(callback, raw_state, _, menu)
    if message is None or raw_state is None:
        return
    dialogue = dialogues.of(raw_state)
    prompt = dialogue.prompt_for(raw_state) if dialogue else None
    if prompt is None:
        # A state nobody can show again (its feature was removed): leave it, do not trap the person.
        await state.clear()
        await show_main_menu(message, _, menu, _("dialogue-gone"))
        return
    given = {"state": state, "raw_state": raw_state, "_": _, "menu": menu, "dialogues": dialogues}
    await call_step(prompt, message, {**data, **given})


async def restart_dialogue(
    callback: CallbackQuery,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    menu: Menu,
    dialogues: Dialogues,
    **data: Any,
) -> None:
    """The dialogue begun afresh."""
    message = await still_pending(callback, raw_state, _, menu)
    if message is None:
        return
    dialogue = dialogues.of(raw_state)
    # What the dialogue kept, for a begin that needs it to know what to begin (the family's
    # «Для кого?» begins again the section that asked).
    kept = await state.get_data()
    await state.clear()
    if dialogue is None:
        await show_main_menu(message, _, menu, _("menu-title"))
        return
    given = {"state": state, "raw_state": None, "_": _, "menu": menu, "dialogues": dialogues}
    await call_step(dialogue.begin, message, {**data, **given, "restarted_from": kept})
