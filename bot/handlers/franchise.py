"""«💳 Франшиза и карта» (flow 7): the person's co-payment policies and their stage, the terms
and the consent, the card bound on the provider's page (a one-time link; never card data in the
chat), unbinding (PIN first when set, then what it suspends, then the confirmation), and a new card
over the bound one (PIN first when set, and said plainly that it replaces the bound card)."""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.common.keyboards import drop_buttons, inline
from bot.common.profile import Members
from bot.common.screens import duration_params, show_main_menu
from bot.features import Feature, Menu, MenuSection
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from bot.fsm.franchise import FranchiseAction, FranchiseFlow, FranchiseStep
from bot.pin import guard, passed
from core.franchise import Franchises, Stage
from core.i18n import Markup, Translator
from core.notifications import Intent
from core.payments import PaymentError
from core.profile import Profiles
from core.settings import Settings
from storage.models import Card, Profile, User

logger = logging.getLogger(__name__)

SECTION = MenuSection("menu-franchise", "help-section-franchise", order=115, audience="members")


def act(action: FranchiseStep, policy: int = 0) -> str:
    return FranchiseAction(action=action, policy=policy).pack()


def when(moment: datetime | None, settings: Settings) -> str:
    return "" if moment is None else f"{moment.astimezone(settings.timezone):%d.%m.%Y %H:%M}"


def card_line(_: Translator, card: Card | None) -> str:
    if card is None:
        return _("franchise-no-card")
    year, month = card.expiry.split("-")
    return _(
        "franchise-card",
        brand=card.brand.capitalize(),
        last4=card.last4,
        expiry=f"{month}/{year[2:]}",
    )


async def show(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    franchises: Franchises,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    await overview(message, _, profile, franchises)


async def overview(
    message: Message, _: Translator, profile: Profile, franchises: Franchises
) -> None:
    offers = await franchises.offers(profile)
    card = await franchises.card(profile)
    lines = "\n".join(
        _(
            "franchise-line",
            policy=o.policy.number,
            percent=o.policy.franchise_percent,
            stage=o.stage.value,
        )
        for o in offers
    ) or _("franchise-no-policies")
    rows = [
        [(_("franchise-terms-button", policy=o.policy.number), act("terms", o.policy.id))]
        for o in offers
    ]
    if card is None and offers:
        rows.append([(_("franchise-bind"), act("bind"))])
    if card is not None:
        rows.append([(_("franchise-unbind"), act("unbind"))])
    text = _("franchise-overview", lines=Markup(lines), card=card_line(_, card))
    await message.answer(text, reply_markup=inline(rows))


async def send_link(
    message: Message, _: Translator, profile: Profile, franchises: Franchises, settings: Settings
) -> None:
    try:
        link = await franchises.start_binding(profile)
    except PaymentError as error:
        logger.warning("franchise: no binding page: %s", error.reason)
        await message.answer(_("franchise-provider-down"))
        return
    if link.url is None:  # another press of theirs is opening the page right now
        await message.answer(_("franchise-bind-opening"))
        return
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=_("franchise-open-page"), url=link.url)]]
    )
    if link.again:  # pressed again: the same page, still open (no second one at the provider)
        text = _("franchise-bind-again", until=when(link.expires_at, settings))
    else:
        text = _(
            "franchise-bind-link",
            ttl=_("duration", **duration_params(franchises.provider.binding_ttl)),
        )
    await message.answer(text, reply_markup=keyboard)


async def replace(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    franchises: Franchises,
    settings: Settings,
) -> None:
    """A new card's page, saying first which bound card it replaces."""
    await state.clear()
    card = await franchises.card(profile)
    if card is not None:
        await message.answer(_("franchise-replace-warning", last4=card.last4))
    await send_link(message, _, profile, franchises, settings)


def pin_question(_: Translator, then: str, card: Card | None) -> str:
    """The PIN step's question, saying what it is asked for: unbinding, or a card over this one."""
    if then == "bind" and card is not None:
        return _("franchise-replace-ask-pin", last4=card.last4)
    return _("franchise-ask-pin")


async def ask_confirmation(
    message: Message, state: FSMContext, _: Translator, profile: Profile, franchises: Franchises
) -> None:
    card = await franchises.card(profile)
    if card is None:
        await state.clear()
        await message.answer(_("franchise-no-card-to-unbind"))
        return
    idle = (Stage.NONE, Stage.CONSENTED)  # nothing runs there to suspend
    started = [o.policy.number for o in await franchises.offers(profile) if o.stage not in idle]
    await state.set_state(FranchiseFlow.confirm)
    rows = [[(_("franchise-unbind-yes"), act("yes")), (_("franchise-unbind-no"), act("no"))]]
    await message.answer(
        _("franchise-unbind-confirm", last4=card.last4, policies=", ".join(started) or "none"),
        reply_markup=inline(rows),
    )


async def on_pin(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    franchises: Franchises,
    settings: Settings,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    then = await passed(message, state, _, user, profile, profiles, settings)
    if then == "bind":
        await replace(message, state, _, profile, franchises, settings)
    elif then is not None:  # unbinding ("" from a step that remembers nothing: the same)
        await ask_confirmation(message, state, _, profile, franchises)


async def pressed(
    callback: CallbackQuery,
    callback_data: FranchiseAction,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    franchises: Franchises,
    settings: Settings,
    menu: Menu,
) -> None:
    message = callback.message
    if not isinstance(message, Message):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    profile = await profiles.of(user)
    if profile is None:
        await callback.answer()
        await members.require(message, state, _, user)
        return
    action = callback_data.action
    if action in ("yes", "no") and raw_state != FranchiseFlow.confirm.state:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    if action in ("terms", "agree"):
        offer = await franchises.offer(profile, callback_data.policy)
        if offer is None:
            await callback.answer(_("franchise-policy-gone"), show_alert=True)
            return
        await callback.answer()
        if action == "terms":
            rows = [[(_("franchise-agree"), act("agree", offer.policy.id))]]
            await message.answer(
                _(
                    "franchise-terms",
                    policy=offer.policy.number,
                    percent=offer.policy.franchise_percent,
                    access=_("duration", **duration_params(settings.clinic_access_delay)),
                    activation=_(
                        "duration", **duration_params(settings.franchise_activation_delay)
                    ),
                ),
                reply_markup=inline(rows),
            )
            return
        await drop_buttons(message)
        agreed = await franchises.consent(profile, offer.policy.id)
        card = await franchises.card(profile)
        if agreed is None or card is None or agreed.franchise is None:
            await message.answer(_("franchise-consented-no-card"))
            await send_link(message, _, profile, franchises, settings)
            return
        await message.answer(
            _(
                "franchise-started",
                last4=card.last4,
                clinics=when(agreed.franchise.clinics_at, settings),
                active=when(agreed.franchise.active_at, settings),
            )
        )
        return
    await callback.answer()
    if action == "show":
        await overview(message, _, profile, franchises)
    elif action == "bind":
        card = await franchises.card(profile)
        if card is None:
            await send_link(message, _, profile, franchises, settings)
        else:  # an old «Привязать карту» button: the new card would replace this one
            ask = pin_question(_, "bind", card)
            if await guard(message, state, profile, FranchiseFlow.pin, "bind", ask):
                await replace(message, state, _, profile, franchises, settings)
    elif action == "unbind":
        ask = pin_question(_, "unbind", None)
        if await guard(message, state, profile, FranchiseFlow.pin, "unbind", ask):
            await ask_confirmation(message, state, _, profile, franchises)
    elif action == "yes":
        await drop_buttons(message)
        await state.clear()
        suspended = await franchises.unbind(profile)
        text = _("franchise-unbound", policies=", ".join(suspended) or "none")
        await show_main_menu(message, _, menu, text)
    elif action == "no":
        await drop_buttons(message)
        await state.clear()
        await show_main_menu(message, _, menu, _("franchise-unbind-kept"))


async def reprompt(
    message: Message,
    raw_state: str,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    franchises: Franchises,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if raw_state == FranchiseFlow.pin.state:
        then = str((await state.get_data()).get("then", ""))
        await message.answer(pin_question(_, then, await franchises.card(profile)))
    else:
        await ask_confirmation(message, state, _, profile, franchises)


async def restart(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    franchises: Franchises,
    members: Members,
) -> None:
    await state.clear()
    await show(message, state, _, user, members, profiles, franchises)


def feature() -> Feature:
    router = Router(name="franchise")
    private_only(router)
    router.message.register(show, Command("franchise"))
    router.message.register(show, StateFilter(None), ButtonText(SECTION.key))
    router.message.register(
        on_pin, StateFilter(FranchiseFlow.pin), F.text & ~F.text.startswith("/")
    )
    router.callback_query.register(pressed, FranchiseAction.filter())
    dialogue = Dialogue(
        states=FranchiseFlow,
        title_key="franchise-title",
        begin=restart,
        prompts={step: reprompt for step in FranchiseFlow.__all_states__},
        buttons=frozenset(f"{FranchiseAction.__prefix__}:{action}" for action in ("yes", "no")),
    )
    return Feature(
        name="franchise",
        router=router,
        menu=[SECTION],
        dialogues=[dialogue],
        intents={Intent.OPEN_FRANCHISE: lambda ref: FranchiseAction(action="show").pack()},
    )
