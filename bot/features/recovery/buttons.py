"""Recovery's buttons: one handler per action, and «Это не я» on the old account's notice."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.common.keyboards import drop_buttons
from bot.features.recovery.attempt import Attempt
from bot.features.recovery.callbacks import NotMyRecovery
from bot.features.recovery.proofs import send
from core.desk import Desk
from core.i18n import Translator
from core.recovery import Recoveries
from core.settings import Settings
from storage.models import User


async def under_message(callback: CallbackQuery) -> bool:
    """A filter: the button's message is there to answer under (Telegram may withhold it)."""
    return isinstance(callback.message, Message)


async def resend(callback: CallbackQuery, attempt: Attempt) -> None:
    """«Отправить код ещё раз» while a code is awaited (or its sending failed)."""
    data = await attempt.data()
    if not data.current:
        await stale(callback, attempt._)
        return
    await callback.answer()
    await send(attempt, "recovery-next-code" if data.profile else "recovery-code-sent")


async def stale(callback: CallbackQuery, _: Translator) -> None:
    """Any other press of a recovery button: «Восстановить доступ» outside sign-up's steps (sign-up
    answers it there), a resend out of its step, a forged action. With its message gone, the press
    is only answered."""
    if not isinstance(callback.message, Message):
        await callback.answer()
        return
    await callback.answer(_("button-stale"), show_alert=True)


async def not_me(
    callback: CallbackQuery,
    callback_data: NotMyRecovery,
    user: User,
    recoveries: Recoveries,
    desk: Desk,
    _: Translator,
    settings: Settings,
) -> None:
    """«Это не я» on the old account's notice; it names a recovery, which must be this
    person's own (a forged number changes nothing). The incident goes to the desk."""
    incident = await recoveries.dispute(callback_data.recovery, user)
    if incident is None:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await desk.post_incident(incident)
    await callback.answer()
    if isinstance(callback.message, Message):
        await drop_buttons(callback.message)
        await callback.message.answer(_("recovery-disputed", phone=settings.hotline_phone))
