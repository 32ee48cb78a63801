"""«🔓 Разморозить» and «↩️ Вернуть прежнему аккаунту» on a recovery incident's post, one handler
each, registered behind `DeskButton` and `IsOperator`: anyone else gets `not_allowed`."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import CallbackQuery, Message

from bot.features.desk.callbacks import IncidentAction
from core.desk import AlreadyDecided, Desk
from core.i18n import Translator
from core.recovery import RecoveryRefused


async def unfreeze(
    callback: CallbackQuery, callback_data: IncidentAction, _: Translator, desk: Desk
) -> None:
    try:
        await desk.unfreeze(callback_data.incident, callback.from_user.id)
    except AlreadyDecided:
        await callback.answer(_("desk-already-decided"), show_alert=True)
        return
    await decided(callback, _("desk-unfrozen", operator=callback.from_user.full_name))


async def give_back(
    callback: CallbackQuery,
    callback_data: IncidentAction,
    _: Translator,
    desk: Desk,
    bot: Bot,
    fsm_storage: BaseStorage,
) -> None:
    try:
        loser = await desk.give_back(callback_data.incident, callback.from_user.id)
        # What that account was entering in a dialogue goes too (with its profile data).
        chat = StorageKey(bot.id, chat_id=loser.telegram_id, user_id=loser.telegram_id)
        await FSMContext(fsm_storage, chat).clear()
    except AlreadyDecided:
        await callback.answer(_("desk-already-decided"), show_alert=True)
        return
    except RecoveryRefused as refused:
        await callback.answer(_(f"desk-give-back-{refused.reason}"), show_alert=True)
        return
    await decided(callback, _("desk-given-back", operator=callback.from_user.full_name))


async def decided(callback: CallbackQuery, done: str) -> None:
    """The post says who decided, and loses its buttons."""
    await callback.answer()
    post = callback.message
    assert isinstance(post, Message)  # `DeskButton`
    await post.edit_text(f"{post.html_text}\n\n{done}", reply_markup=None)


async def not_allowed(callback: CallbackQuery, _: Translator) -> None:
    """Pressed outside the desk (forged), or by someone not an operator."""
    await callback.answer(_("desk-not-allowed"), show_alert=True)
