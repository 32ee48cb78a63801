"""The buttons of «Франшиза и карта», one handler per action.

`MemberPress` checks every press: the presser signed up, the message still there; `own_offer`
that a policy a button names is the presser's own offer. «Да» and «Нет» act only in the
confirmation step. What fails any of this is answered by `outsider` (last): an offer to sign up,
or a stale button. An action this version does not know is not a `FranchiseAction` at all: it
falls through to the stale-button answer."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.keyboards import drop_buttons
from bot.common.profile import Members
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.franchise import keyboards, screens, views
from bot.features.franchise.callbacks import FranchiseAction
from bot.features.franchise.states import FranchiseFlow
from bot.pin import guard
from core.franchise import Franchises, Offer
from core.i18n import Translator
from core.profile import Profiles
from core.settings import Settings
from storage.models import Profile, User


async def outsider(
    callback: CallbackQuery,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    members: Members,
) -> None:
    """What no other handler took: a message gone, someone not signed up (offered to), or «Да»
    / «Нет» outside the confirmation step."""
    message = callback.message
    if isinstance(message, Message) and await profiles.of(user) is None:
        await callback.answer()
        await members.require(message, state, _, user)
        return
    await callback.answer(_("button-stale"), show_alert=True)


async def show(
    callback: CallbackQuery, shown: Message, profile: Profile, _: Translator, franchises: Franchises
) -> None:
    await callback.answer()
    await screens.overview(shown, _, profile, franchises)


async def own_offer(
    callback: CallbackQuery,
    callback_data: FranchiseAction,
    profile: Profile,
    _: Translator,
    franchises: Franchises,
) -> Offer | None:
    """The presser's own co-payment offer the button names; any other policy is answered as
    gone (None)."""
    offer = await franchises.offer(profile, callback_data.policy)
    if offer is None:
        await callback.answer(_("franchise-policy-gone"), show_alert=True)
        return None
    await callback.answer()
    return offer


async def terms(
    callback: CallbackQuery,
    callback_data: FranchiseAction,
    shown: Message,
    profile: Profile,
    _: Translator,
    franchises: Franchises,
    settings: Settings,
) -> None:
    """A policy's co-payment terms, and «Согласен»."""
    offer = await own_offer(callback, callback_data, profile, _, franchises)
    if offer is None:
        return
    access, activation = settings.clinic_access_delay, settings.franchise_activation_delay
    await shown.answer(
        views.terms(_, offer.policy, access, activation),
        reply_markup=keyboards.terms(_, offer.policy),
    )


async def agree(
    callback: CallbackQuery,
    callback_data: FranchiseAction,
    shown: Message,
    profile: Profile,
    _: Translator,
    franchises: Franchises,
    settings: Settings,
) -> None:
    """The consent: the co-payment starts with the card bound, or the page to bind one."""
    offer = await own_offer(callback, callback_data, profile, _, franchises)
    if offer is None:
        return
    await drop_buttons(shown)
    agreed = await franchises.consent(profile, offer.policy.id)
    card = await franchises.card(profile)
    if agreed is None or card is None or agreed.franchise is None:
        await shown.answer(_("franchise-consented-no-card"))
        await screens.send_link(shown, _, profile, franchises, settings)
        return
    zone = settings.timezone
    await shown.answer(
        _(
            "franchise-started",
            last4=card.last4,
            clinics=views.when(_, agreed.franchise.clinics_at, zone),
            active=views.when(_, agreed.franchise.active_at, zone),
        )
    )


async def bind(
    callback: CallbackQuery,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    franchises: Franchises,
    settings: Settings,
) -> None:
    await callback.answer()
    message, profile = shown, profile
    card = await franchises.card(profile)
    if card is None:
        await screens.send_link(message, _, profile, franchises, settings)
        return
    # An old «Привязать карту» button: the new card would replace this one.
    ask = views.pin_question(_, "bind", card)
    if await guard(message, state, profile, FranchiseFlow.pin, "bind", ask):
        await screens.replace(message, state, _, profile, franchises, settings)


async def unbind(
    callback: CallbackQuery,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    franchises: Franchises,
) -> None:
    await callback.answer()
    ask = views.pin_question(_, "unbind", None)
    if await guard(shown, state, profile, FranchiseFlow.pin, "unbind", ask):
        await screens.ask_confirmation(shown, state, _, profile, franchises)


async def unbind_confirmed(
    callback: CallbackQuery,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    franchises: Franchises,
    menu: Menu,
) -> None:
    """«Да, отвязать»: the card unbound, the co-payments it paid suspended."""
    await callback.answer()
    await drop_buttons(shown)
    await state.clear()
    suspended = await franchises.unbind(profile)
    text = _("franchise-unbound", policies=", ".join(suspended) or "none")
    await show_main_menu(shown, _, menu, text)


async def unbind_cancelled(
    callback: CallbackQuery,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    menu: Menu,
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    await state.clear()
    await show_main_menu(shown, _, menu, _("franchise-unbind-kept"))
