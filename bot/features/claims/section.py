"""Entering «💸 Возмещение»: the section, «Мои возмещения», «Новое заявление» typed; and the
dialogue shown again (after /start → «Продолжить», an answer a step cannot read, a card number
deleted) or begun afresh."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.profile import Members
from bot.common.screens import show_main_menu
from bot.features import Menu, MenuSection
from bot.features.claims import flow
from bot.features.claims.dialogue import Draft
from bot.features.claims.keyboards import section_keyboard
from bot.features.claims.states import ClaimFlow
from core.claims import Claims
from core.family import Family
from core.holdings import Holding
from core.i18n import Translator
from storage.models import Profile, User

# In the menu of those holding a policy in force or ended within the claim period.
SECTION = MenuSection(
    "menu-claims",
    "help-section-claims",
    order=136,
    audience="members",
    applies=lambda held: Holding.RECENT_POLICY in held,
)


async def _member(
    message: Message, state: FSMContext, _: Translator, user: User, members: Members, menu: Menu
) -> Profile | None:
    """The person's profile when the section is theirs; else the menu as it is (a command, a
    keyboard left from before, a policy ended long ago)."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return None
    if not await menu.offers(SECTION):
        await show_main_menu(message, _, menu, _("claims-not-applicable"))
        return None
    return profile


async def show_section(
    message: Message, state: FSMContext, _: Translator, user: User, members: Members, menu: Menu
) -> None:
    if await _member(message, state, _, user, members, menu) is not None:
        await message.answer(_("claims-section"), reply_markup=section_keyboard(_))


async def show_mine(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    menu: Menu,
    claims: Claims,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is not None:  # one's own claims stay readable after the section is gone
        await flow.show_list(message, _, profile, claims, 0, edit=False)


async def begin_typed(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    menu: Menu,
    claims: Claims,
    family: Family,
) -> None:
    """«Новое заявление» typed; also the claim begun again once «Для кого?» is answered (the
    entry CLAIMS_BEGIN)."""
    profile = await _member(message, state, _, user, members, menu)
    if profile is not None:
        await flow.begin(message, state, _, profile, claims, menu, family)


async def reprompt(
    message: Message,
    raw_state: str,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    claims: Claims,
) -> None:
    """Show the current step again."""
    if raw_state == ClaimFlow.policy.state:
        profile = await members.require(message, state, _, user)
        if profile is not None:
            offered = (await Draft.load(state)).offered
            policies = [p for p in await claims.policies(profile) if p.id in offered]
            await flow.ask_policy(message, state, _, policies)
    elif raw_state == ClaimFlow.care_date.state:
        await flow.ask_date(message, state, _, claims.today_for(user))
    elif raw_state == ClaimFlow.care_kind.state:
        await flow.ask_care(message, state, _)
    elif raw_state == ClaimFlow.amount.state:
        await flow.ask_amount(message, state, _)
    elif raw_state == ClaimFlow.photos.state:
        await flow.ask_photos(message, state, _)
    elif raw_state == ClaimFlow.bic.state:
        await flow.ask_bic(message, state, _)
    elif raw_state == ClaimFlow.account.state:
        bank = claims.open_bank((await Draft.load(state)).bank)
        await flow.ask_account(message, state, _, bank.bic)
    elif raw_state == ClaimFlow.name.state:
        await flow.ask_name(message, state, _)
    elif raw_state == ClaimFlow.summary.state:
        await flow.show_summary(message, state, _, claims)
    elif raw_state == ClaimFlow.document.state:
        await flow.ask_answer(message, state, _)
    elif raw_state == ClaimFlow.bank_field.state:
        await flow.ask_bank_field(message, state, _, claims)


async def restart(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    menu: Menu,
    claims: Claims,
    family: Family,
) -> None:
    """«Начать заново»: a new claim from its first step (the dialogue's state is gone by now)."""
    profile = await members.require(message, state, _, user)
    if profile is not None:
        await flow.begin(message, state, _, profile, claims, menu, family)
