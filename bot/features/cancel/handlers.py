"""/cancel leaves any dialogue from any step."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.screens import show_main_menu
from bot.features import Menu
from core.i18n import Translator


async def cancel(
    message: Message, state: FSMContext, raw_state: str | None, _: Translator, menu: Menu
) -> None:
    if raw_state is None:
        await show_main_menu(message, _, menu, _("cancel-nothing"))
        return
    await state.clear()
    await show_main_menu(message, _, menu, _("cancel-done"))
