"""«✉️ Обращения» (flow 6): a complaint or a gratitude → «Для кого?» (the family) → clinic
(recent ones, a typed name, or none) → text → up to 5 photos → summary → «Отправить» → its
number; «Мои обращения» with each thread and follow-ups. This module shows each step and moves
between them; steps.py takes what is typed, buttons.py what is pressed, desk.py what operators do.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.entries import TICKETS_BEGIN
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.family.whom import for_whom, whose_line
from bot.features.tickets.dialogue import Draft, FollowUp
from bot.features.tickets.filer import Filer
from bot.features.tickets.keyboards import (
    LIST_PAGE,
    clinics_keyboard,
    list_keyboard,
    mine_keyboard,
    photos_keyboard,
    section_keyboard,
    summary_keyboard,
    thread_keyboard,
)
from bot.features.tickets.states import TicketFlow
from bot.features.tickets.views import (
    ask_clinic_text,
    ask_photos_text,
    ask_text_text,
    chunks,
    entry_block,
    limit_text,
    list_text,
    patient_line,
    sent_text,
    summary_text,
    thread_head,
)
from core.family import SELF, Family
from core.i18n import Translator
from core.tickets import KINDS, MAX_PHOTOS, MAX_TEXT, Tickets, TooManyTickets
from storage.models import Profile, Ticket


async def tell_limit(message: Message, _: Translator, until: datetime, zone: tzinfo) -> None:
    """NEW_PER_DAY tickets in 24 hours: when the next may be filed (the person's time), and that
    an open one can still be added to."""
    await message.answer(limit_text(_, until, zone), reply_markup=mine_keyboard(_))


async def begin(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
    family: Family,
    zone: tzinfo,
    kind: str,
) -> None:
    """A new ticket, unless the person has filed NEW_PER_DAY of them in 24 hours: that is said
    before anything is asked or typed. Then whom it is about (`about_whom`)."""
    until = await tickets.next_allowed(profile)
    if until is not None:
        await state.clear()
        await tell_limit(message, _, until, zone)
        return
    await state.clear()  # a question pending (another section's) is not the one to answer
    await Draft(kind=kind).save(state)
    await about_whom(message, state, _, profile, tickets, family)


async def about_whom(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
    family: Family,
) -> None:
    """«Для кого?» (bot/features/family/whom.py) among the family's people, whatever their
    policies (a complaint need not be about a visit), when there is more than one; the draft is
    kept while asked, and the answer goes on from here (`TICKETS_BEGIN`) to the clinic."""
    whom = await for_whom(message, state, _, family, profile, entry=TICKETS_BEGIN)
    if whom is None:
        return
    draft = await Draft.load(state)
    if draft.kind not in KINDS:  # nothing kept (begun afresh from the question): which kind
        await state.clear()
        await message.answer(_("tickets-section"), reply_markup=section_keyboard(_))
        return
    draft.whom, draft.whom_name = whom.key, None if whom.own else whom.first_name
    await state.set_state(TicketFlow.clinic)
    await draft.save(state)
    await ask_clinic(message, state, _, profile, tickets)


# -- 1. the clinic ----------------------------------------------------------------------------


async def ask_clinic(
    message: Message, state: FSMContext, _: Translator, profile: Profile, tickets: Tickets
) -> None:
    draft = await Draft.load(state)
    recent = await tickets.recent_clinics(profile)
    draft.offered = sorted({*draft.offered, *(c.id for c in recent)})
    await draft.save(state)
    text = whose_line(_, draft.whom_name) + ask_clinic_text(_, draft.kind, bool(recent))
    await message.answer(text, reply_markup=clinics_keyboard(_, recent))


# -- 2. the text ------------------------------------------------------------------------------


async def ask_text(message: Message, state: FSMContext, _: Translator) -> None:
    draft = await Draft.load(state)
    await state.set_state(TicketFlow.text)
    await message.answer(ask_text_text(_, draft.kind))


# -- 3. photos --------------------------------------------------------------------------------


async def ask_photos(message: Message, state: FSMContext, _: Translator) -> None:
    photos = (await Draft.load(state)).photos
    if len(photos) >= MAX_PHOTOS:
        await show_summary(message, state, _)
        return
    await state.set_state(TicketFlow.photos)
    await message.answer(ask_photos_text(_, len(photos)), reply_markup=photos_keyboard(_))


# -- 4. summary and sending -------------------------------------------------------------------


async def show_summary(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(TicketFlow.summary)
    draft = await Draft.load(state)
    summary = summary_text(_, draft.kind, draft.clinic_name, draft.text, len(draft.photos))
    await message.answer(whose_line(_, draft.whom_name) + summary, reply_markup=summary_keyboard(_))


async def send(
    message: Message, state: FSMContext, _: Translator, filer: Filer, tickets: Tickets
) -> None:
    """The ticket filed; one about a family member names them and their policy before the text
    (`Tickets.submit`). A member whose policies left the account meanwhile: not filed."""
    profile = await filer.profile(message, state, _)
    if profile is None:
        return
    draft = await Draft.load(state)
    whom = await filer.family.patient(profile, draft.whom or SELF)
    if whom is None:
        await state.clear()
        said = _("family-member-gone", name=draft.whom_name or "")
        await show_main_menu(message, _, filer.menu, said)
        return
    about = None
    if not whom.own:
        about = patient_line(_, whom, await tickets.member_policies(profile, whom))
    try:
        ticket = await tickets.submit(
            profile, draft.kind, draft.clinic, draft.text, list(draft.photos), about=about
        )
    except TooManyTickets as refused:  # filed meanwhile (another instance): the text is kept
        await tell_limit(message, _, refused.until, filer.zone)
        await show_summary(message, state, _)
        return
    await state.clear()
    settings = filer.settings
    desk_on = settings.operators_chat_id is not None
    text = sent_text(_, ticket.label, desk_on, settings.ticket_sla)
    await show_main_menu(message, _, filer.menu, text)


async def cancel(message: Message, state: FSMContext, _: Translator, menu: Menu) -> None:
    await state.clear()
    await show_main_menu(message, _, menu, _("tickets-cancelled"))


# -- «Мои обращения» --------------------------------------------------------------------------


async def show_list(
    message: Message,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
    zone: tzinfo,
    page: int,
    edit: bool,
) -> None:
    """A page of the person's tickets (`edit`: in place of the page shown), dates in `zone`."""
    count, found = await tickets.mine(profile, page * LIST_PAGE, LIST_PAGE)
    if not found and page > 0:
        page, (count, found) = 0, await tickets.mine(profile, 0, LIST_PAGE)
    if not found:
        await message.answer(_("tickets-none"))
        return
    text = list_text(_, count, found, zone)
    keyboard = list_keyboard(_, found, page, count)
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


async def show_thread(
    message: Message, _: Translator, ticket: Ticket, tickets: Tickets, zone: tzinfo, page: int
) -> None:
    clinic = await tickets.clinic(ticket.clinic_id) if ticket.clinic_id else None
    entries = [entry_block(_, entry, zone) for entry in await tickets.thread(ticket)]
    parts = chunks([thread_head(_, ticket, clinic), *entries])
    for part in parts[:-1]:
        await message.answer(part)
    await message.answer(parts[-1], reply_markup=thread_keyboard(_, ticket, page))


# -- follow-ups -------------------------------------------------------------------------------


async def begin_follow_up(
    message: Message, state: FSMContext, _: Translator, ticket: Ticket
) -> None:
    await state.set_state(TicketFlow.follow_up)
    await FollowUp(ticket=ticket.id, number=ticket.label).save(state)
    await ask_follow_up(message, state, _)


async def ask_follow_up(message: Message, state: FSMContext, _: Translator) -> None:
    number = (await FollowUp.load(state)).number
    await message.answer(_("tickets-ask-follow-up", number=number, max=MAX_TEXT))
