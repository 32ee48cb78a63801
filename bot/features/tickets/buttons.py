"""The person's ticket buttons, one handler per action. Each is reached only through
`MemberPresses` (filer.py): on a message still there, by someone with a profile. A step's
button pressed in another step, and any action not known here, is stale."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from bot.common.keyboards import drop_buttons
from bot.features.tickets.callbacks import TicketAction
from bot.features.tickets.desk import Posts
from bot.features.tickets.dialogue import Draft
from bot.features.tickets.filer import Filer, shown
from bot.features.tickets.flow import (
    ask_text,
    begin,
    begin_follow_up,
    cancel,
    send,
    show_list,
    show_summary,
    show_thread,
)
from bot.features.tickets.keyboards import mine_keyboard
from core.i18n import Translator
from core.settings import Settings
from core.tickets import Closed, Tickets
from storage.models import Profile, Ticket

# -- a new ticket -----------------------------------------------------------------------------


async def begin_kind(
    callback: CallbackQuery,
    callback_data: TicketAction,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
    filer: Filer,
) -> None:
    """«Пожаловаться» or «Поблагодарить»."""
    await callback.answer()
    kind = callback_data.action
    await begin(shown(callback), state, _, profile, tickets, filer.family, filer.zone, kind)


async def clinic(
    callback: CallbackQuery,
    callback_data: TicketAction,
    state: FSMContext,
    _: Translator,
    tickets: Tickets,
) -> None:
    """One of the clinics offered in this dialogue (any other is stale)."""
    draft = await Draft.load(state)
    chosen = await tickets.clinic(callback_data.id)
    if chosen is None or chosen.id not in draft.offered:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    draft.clinic, draft.clinic_name = chosen.id, chosen.name
    await draft.save(state)
    await drop_buttons(shown(callback))
    await ask_text(shown(callback), state, _)


async def no_clinic(callback: CallbackQuery, state: FSMContext, _: Translator) -> None:
    await callback.answer()
    draft = await Draft.load(state)
    draft.clinic, draft.clinic_name = None, None
    await draft.save(state)
    await drop_buttons(shown(callback))
    await ask_text(shown(callback), state, _)


async def photos_done(callback: CallbackQuery, state: FSMContext, _: Translator) -> None:
    await callback.answer()
    await drop_buttons(shown(callback))
    await show_summary(shown(callback), state, _)


async def send_pressed(
    callback: CallbackQuery, state: FSMContext, _: Translator, filer: Filer, tickets: Tickets
) -> None:
    await callback.answer()
    await drop_buttons(shown(callback))
    await send(shown(callback), state, _, filer, tickets)


async def edit(callback: CallbackQuery, state: FSMContext, _: Translator) -> None:
    await callback.answer()
    await drop_buttons(shown(callback))
    await ask_text(shown(callback), state, _)


async def cancel_pressed(
    callback: CallbackQuery, state: FSMContext, _: Translator, filer: Filer
) -> None:
    await callback.answer()
    await drop_buttons(shown(callback))
    await cancel(shown(callback), state, _, filer.menu)


# -- «Мои обращения» (dates in the bot's time zone, as they always were) ------------------------


async def show_mine(
    callback: CallbackQuery,
    callback_data: TicketAction,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
    settings: Settings,
) -> None:
    await callback.answer()
    page = callback_data.page
    await show_list(shown(callback), _, profile, tickets, settings.timezone, page, edit=False)


async def turn_page(
    callback: CallbackQuery,
    callback_data: TicketAction,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
    settings: Settings,
) -> None:
    """Another page of the list, in place."""
    await callback.answer()
    page = callback_data.page
    await show_list(shown(callback), _, profile, tickets, settings.timezone, page, edit=True)


async def own_ticket(
    callback: CallbackQuery,
    callback_data: TicketAction,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
) -> Ticket | None:
    """The presser's own ticket the button names; anyone else's is refused."""
    ticket = await tickets.owned(profile, callback_data.id)
    if ticket is None:
        await callback.answer(_("tickets-not-yours"), show_alert=True)
    return ticket


async def open_thread(
    callback: CallbackQuery,
    callback_data: TicketAction,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
    settings: Settings,
) -> None:
    ticket = await own_ticket(callback, callback_data, _, profile, tickets)
    if ticket is None:
        return
    await callback.answer()
    zone, page = settings.timezone, callback_data.page
    await show_thread(shown(callback), _, ticket, tickets, zone, page)


async def write(
    callback: CallbackQuery,
    callback_data: TicketAction,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
) -> None:
    """A follow-up to the person's own open ticket."""
    ticket = await own_ticket(callback, callback_data, _, profile, tickets)
    if ticket is None:
        return
    await callback.answer()
    if ticket.is_closed:
        await shown(callback).answer(_("tickets-closed-already", number=ticket.label))
    else:
        await begin_follow_up(shown(callback), state, _, ticket)


async def solved(
    callback: CallbackQuery,
    callback_data: TicketAction,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
    posts: Posts,
) -> None:
    """«✅ Вопрос решён»: the person closes their own open ticket; the desk's post says so and
    loses its buttons. Anyone else's ticket is refused as «Мои обращения» refuses it."""
    ticket = await own_ticket(callback, callback_data, _, profile, tickets)
    if ticket is None:
        return
    await callback.answer()
    await drop_buttons(shown(callback))
    try:
        ticket = await tickets.solve(profile, ticket.id)
    except (LookupError, Closed):  # closed meanwhile (by an operator, or another press)
        await shown(callback).answer(_("tickets-closed-already", number=ticket.label))
        return
    await posts.refresh(ticket)
    await shown(callback).answer(
        _("tickets-solved-done", number=ticket.label), reply_markup=mine_keyboard(_)
    )


# -- stale ------------------------------------------------------------------------------------


async def stale(callback: CallbackQuery, _: Translator) -> None:
    """A step's button in another step, an action not known here, a message no longer there."""
    await callback.answer(_("button-stale"), show_alert=True)
