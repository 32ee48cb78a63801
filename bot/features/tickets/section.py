"""Entering «✉️ Обращения»: the section, «Мои обращения», «Пожаловаться» / «Поблагодарить»
typed, «Для кого?» answered; and the dialogue begun afresh or shown again (after /start →
«Продолжить», or an answer a step cannot read)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.profile import Members
from bot.features import MenuSection
from bot.features.family.states import WhomFlow
from bot.features.tickets.dialogue import Draft
from bot.features.tickets.filer import Filer, own_zone
from bot.features.tickets.flow import (
    about_whom,
    ask_clinic,
    ask_follow_up,
    ask_photos,
    ask_text,
    begin,
    show_list,
    show_summary,
)
from bot.features.tickets.keyboards import section_keyboard
from bot.features.tickets.states import TicketFlow
from core.family import Family
from core.i18n import Catalogue, Translator
from core.settings import Settings
from core.tickets import KINDS, Tickets
from storage.models import User

SECTION = MenuSection("menu-tickets", "help-section-tickets", order=140, audience="members")


async def show_section(message: Message, state: FSMContext, _: Translator, filer: Filer) -> None:
    if await filer.profile(message, state, _) is not None:
        await message.answer(_("tickets-section"), reply_markup=section_keyboard(_))


async def show_mine(
    message: Message, state: FSMContext, _: Translator, filer: Filer, tickets: Tickets
) -> None:
    profile = await filer.profile(message, state, _)
    if profile is not None:
        zone = filer.settings.timezone  # the list's dates are the bot's, as they always were
        await show_list(message, _, profile, tickets, zone, 0, edit=False)


async def begin_typed(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    filer: Filer,
    tickets: Tickets,
) -> None:
    """«Пожаловаться» or «Поблагодарить» typed."""
    profile = await filer.profile(message, state, _)
    if profile is None:
        return
    kind = "complaint" if catalogue.matches("tickets-complain", message.text) else "gratitude"
    await begin(message, state, _, profile, tickets, filer.family, filer.zone, kind)


async def whom_chosen(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    tickets: Tickets,
    family: Family,
) -> None:
    """«Для кого?» answered (`TICKETS_BEGIN`): the ticket kept while asked goes on to the clinic.
    Begun afresh from the question («Начать заново»: nothing kept), the section."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if await state.get_state() != WhomFlow.choose.state:
        await state.clear()
        await message.answer(_("tickets-section"), reply_markup=section_keyboard(_))
        return
    await about_whom(message, state, _, profile, tickets, family)


async def reprompt(
    message: Message,
    raw_state: str,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    tickets: Tickets,
) -> None:
    """Show the current step again."""
    if raw_state == TicketFlow.clinic.state:
        profile = await members.require(message, state, _, user)
        if profile is not None:
            await ask_clinic(message, state, _, profile, tickets)
    elif raw_state == TicketFlow.text.state:
        await ask_text(message, state, _)
    elif raw_state == TicketFlow.photos.state:
        await ask_photos(message, state, _)
    elif raw_state == TicketFlow.summary.state:
        await show_summary(message, state, _)
    elif raw_state == TicketFlow.follow_up.state:
        await ask_follow_up(message, state, _)


async def restart(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    tickets: Tickets,
    family: Family,
    settings: Settings,
) -> None:
    """«Начать заново»: the same kind of ticket from its first step (a follow-up: the section)."""
    kind = (await Draft.load(state)).kind
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if kind in KINDS:
        zone = own_zone(user, settings)
        await begin(message, state, _, profile, tickets, family, zone, kind)
    else:
        await state.clear()
        await message.answer(_("tickets-section"), reply_markup=section_keyboard(_))
