"""The buttons of «Мои счета», one handler per action.

`Member` checks every press: the presser signed up, the message still there; anyone else's
press is answered as a stale button. A charge that is not the presser's, or an action this
version does not know, is refused (`refused`, last)."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.features.bills.callbacks import BillAction
from bot.features.bills.screens import listing
from core.copayments import Copayments
from core.i18n import Translator
from core.profile import Profiles
from storage.models import Profile, User


async def turn(
    callback: CallbackQuery,
    callback_data: BillAction,
    shown: Message,
    profile: Profile,
    _: Translator,
    copayments: Copayments,
) -> None:
    await callback.answer()
    await listing(shown, _, profile, copayments, callback_data.page, edit=True)


async def pay(
    callback: CallbackQuery,
    callback_data: BillAction,
    shown: Message,
    profile: Profile,
    _: Translator,
    copayments: Copayments,
) -> None:
    """«Оплатить сейчас»: the person's own charge not paid yet, tried at once."""
    if await copayments.owned(profile, callback_data.charge) is None:
        await callback.answer(_("bills-not-yours"), show_alert=True)
        return
    charge = await copayments.pay_now(profile, callback_data.charge)
    if charge is None:
        await callback.answer(_("bills-nothing-to-pay"), show_alert=True)
        return
    paid = charge.status == "paid"
    await callback.answer(_("bills-paid-now" if paid else "bills-still-declined"), show_alert=True)


async def refused(callback: CallbackQuery, _: Translator, user: User, profiles: Profiles) -> None:
    """What no other handler took: stale for anyone not signed up (or a message gone), else
    not the presser's."""
    if not isinstance(callback.message, Message) or await profiles.of(user) is None:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer(_("bills-not-yours"), show_alert=True)
