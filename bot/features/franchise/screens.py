"""What both the steps and the buttons of «Франшиза и карта» show: the overview, the provider's
page to bind a card (a new card over the bound one said plainly), the unbinding's confirmation."""

from __future__ import annotations

import logging

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.screens import duration, show_main_menu
from bot.features import Menu, MenuSection
from bot.features.franchise import keyboards, views
from bot.features.franchise.states import FranchiseFlow
from core.franchise import Franchises, Stage
from core.holdings import Holding
from core.i18n import Translator
from core.payments import PaymentError
from core.settings import Settings
from storage.models import Profile

logger = logging.getLogger(__name__)

# In the menu of those with a co-payment policy in force, or a card bound (to unbind it).
SECTION = MenuSection(
    "menu-franchise",
    "help-section-franchise",
    order=115,
    audience="members",
    applies=lambda held: bool(held & {Holding.COPAYMENT_POLICY, Holding.CARD}),
)


async def entered(
    message: Message, _: Translator, profile: Profile, franchises: Franchises, menu: Menu
) -> None:
    """/franchise or the menu's button: the overview; without a co-payment policy or a card (a
    command, a keyboard left from before) what the section is for, and the menu without it."""
    if not await menu.offers(SECTION):
        await show_main_menu(message, _, menu, _("franchise-not-applicable"))
        return
    await overview(message, _, profile, franchises)


async def overview(
    message: Message, _: Translator, profile: Profile, franchises: Franchises
) -> None:
    offers = await franchises.offers(profile)
    card = await franchises.card(profile)
    await message.answer(
        views.overview(_, offers, card), reply_markup=keyboards.overview(_, offers, card)
    )


async def send_link(
    message: Message, _: Translator, profile: Profile, franchises: Franchises, settings: Settings
) -> None:
    """A one-time link to the provider's page, or why there is none."""
    try:
        link = await franchises.start_binding(profile)
    except PaymentError as error:
        logger.warning("franchise: no binding page: %s", error.reason)
        await message.answer(_("franchise-provider-down"))
        return
    if link.url is None:  # another press of theirs is opening the page right now
        await message.answer(_("franchise-bind-opening"))
        return
    if link.again:  # pressed again: the same page, still open (no second one at the provider)
        text = _("franchise-bind-again", until=views.when(_, link.expires_at, settings.timezone))
    else:
        text = _("franchise-bind-link", ttl=duration(_, franchises.provider.binding_ttl))
    await message.answer(text, reply_markup=keyboards.binding_page(_, link.url))


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


async def ask_confirmation(
    message: Message, state: FSMContext, _: Translator, profile: Profile, franchises: Franchises
) -> None:
    """Unbinding: what it suspends, and «Да» or «Нет»."""
    card = await franchises.card(profile)
    if card is None:
        await state.clear()
        await message.answer(_("franchise-no-card-to-unbind"))
        return
    idle = (Stage.NONE, Stage.CONSENTED)  # nothing runs there to suspend
    offers = await franchises.offers(profile)
    started = [o.policy.printed_number for o in offers if o.stage not in idle]
    await state.set_state(FranchiseFlow.confirm)
    await message.answer(
        views.unbind_confirmation(_, card, started), reply_markup=keyboards.unbind_confirmation(_)
    )
