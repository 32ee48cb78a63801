"""«Отправить» and «Отмена» under the preview, one handler per `Action`; pressed once the preview
is no longer the step (sent, dropped, or a press on an old message): the dialogue is gone."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.keyboards import drop_buttons
from bot.features.broadcast.states import BroadcastSteps
from bot.features.broadcast.steps import drop, send
from core.broadcasts import Broadcasts
from core.i18n import Translator


async def taken(callback: CallbackQuery, raw_state: str | None, _: Translator) -> Message | None:
    """The preview's message, its buttons taken off, when the preview is the step; else None
    (and the press is told the dialogue is gone)."""
    if not isinstance(callback.message, Message) or raw_state != BroadcastSteps.confirm.state:
        await callback.answer(_("dialogue-gone"), show_alert=True)
        return None
    await callback.answer()
    await drop_buttons(callback.message)
    return callback.message


async def on_send(
    callback: CallbackQuery,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    broadcasts: Broadcasts,
) -> None:
    if (message := await taken(callback, raw_state, _)) is not None:
        await send(message, state, _, broadcasts)


async def on_drop(
    callback: CallbackQuery, state: FSMContext, raw_state: str | None, _: Translator
) -> None:
    if (message := await taken(callback, raw_state, _)) is not None:
        await drop(message, state, _)
