"""What the person types (or sends) at each step of a ticket and of a follow-up."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.photos import photo_file_id
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.tickets.dialogue import Draft, FollowUp
from bot.features.tickets.filer import Filer
from bot.features.tickets.flow import ask_photos, ask_text, cancel, send, show_summary
from bot.features.tickets.keyboards import clinics_keyboard
from bot.features.tickets.views import found_text, text_problem
from core.clinics import MAX_QUERY
from core.i18n import Catalogue, Translator
from core.tickets import MAX_PHOTOS, MAX_TEXT, Closed, Tickets

FOUND_SHOWN = 5

# -- TicketFlow.clinic ------------------------------------------------------------------------


async def no_clinic_typed(message: Message, state: FSMContext, _: Translator) -> None:
    """«Без клиники» typed."""
    draft = await Draft.load(state)
    draft.clinic = None
    await draft.save(state)
    await ask_text(message, state, _)


async def on_clinic_typed(
    message: Message, state: FSMContext, _: Translator, tickets: Tickets
) -> None:
    """A clinic's name typed: those found are offered as buttons."""
    text = " ".join((message.text or "").split())
    if sum(ch.isalnum() for ch in text) < 2:
        await message.answer(_("tickets-clinic-expected"))
        return
    if len(text) > MAX_QUERY:
        await message.answer(_("tickets-clinic-long", letters=MAX_QUERY))
        return
    count, found = await tickets.find_clinics(text, FOUND_SHOWN)
    draft = await Draft.load(state)
    draft.offered = sorted({*draft.offered, *(c.id for c in found)})
    await draft.save(state)
    await message.answer(found_text(_, text, count, found), reply_markup=clinics_keyboard(_, found))


# -- TicketFlow.text --------------------------------------------------------------------------


async def on_text(
    message: Message, state: FSMContext, _: Translator, catalogue: Catalogue, menu: Menu
) -> None:
    """The ticket's text; a photo with a caption gives both the text and the first photo."""
    text = (message.text or message.caption or "").strip()
    photo = photo_file_id(message)
    if not text:
        await message.answer(_("tickets-text-first" if photo else "tickets-text-expected"))
        return
    if message.text and any(catalogue.matches(section.key, text) for section in menu.sections):
        await message.answer(_("tickets-text-menu-label"))
        return
    problem = text_problem(_, text)
    if problem is not None:
        await message.answer(problem)
        return
    draft = await Draft.load(state)
    draft.text, draft.photos = text, [photo] if photo else []
    await draft.save(state)
    await ask_photos(message, state, _)


# -- TicketFlow.photos ------------------------------------------------------------------------


async def on_photo(message: Message, state: FSMContext, _: Translator) -> None:
    file_id = photo_file_id(message)
    if file_id is None:
        await message.answer(_("tickets-photo-bad-file"))
        return
    draft = await Draft.load(state)
    if len(draft.photos) >= MAX_PHOTOS:
        await message.answer(_("tickets-photo-too-many", max=MAX_PHOTOS))
        return
    draft.photos = [*draft.photos, file_id]  # a new list: the loaded one is the stored one
    await draft.save(state)
    await ask_photos(message, state, _)


async def photos_done_typed(message: Message, state: FSMContext, _: Translator) -> None:
    """«Готово» or «Без фото» typed."""
    await show_summary(message, state, _)


async def photos_expected(message: Message, _: Translator) -> None:
    await message.answer(_("tickets-photos-expected", max=MAX_PHOTOS))


# -- TicketFlow.summary -----------------------------------------------------------------------


async def send_typed(
    message: Message, state: FSMContext, _: Translator, filer: Filer, tickets: Tickets
) -> None:
    await send(message, state, _, filer, tickets)


async def edit_typed(message: Message, state: FSMContext, _: Translator) -> None:
    await ask_text(message, state, _)


async def cancel_typed(message: Message, state: FSMContext, _: Translator, menu: Menu) -> None:
    await cancel(message, state, _, menu)


async def summary_expected(message: Message, _: Translator) -> None:
    await message.answer(_("tickets-summary-expected"))


# -- TicketFlow.follow_up ---------------------------------------------------------------------


async def on_follow_up(
    message: Message, state: FSMContext, _: Translator, filer: Filer, tickets: Tickets
) -> None:
    text = (message.text or message.caption or "").strip()
    photo = photo_file_id(message)
    if not text and photo is None:
        await message.answer(_("tickets-follow-up-expected", max=MAX_TEXT))
        return
    if len(text) > MAX_TEXT:
        await message.answer(_("tickets-text-long", max=MAX_TEXT, length=len(text)))
        return
    profile = await filer.profile(message, state, _)
    if profile is None:
        return
    asked = await FollowUp.load(state)
    await state.clear()
    try:
        ticket = await tickets.follow_up(profile, asked.ticket, text, [photo] if photo else [])
    except (Closed, LookupError):
        menu, said = filer.menu, _("tickets-closed-already", number=asked.number)
        await show_main_menu(message, _, menu, said)
        return
    await show_main_menu(message, _, filer.menu, _("tickets-follow-up-sent", number=ticket.label))
