"""«✉️ Обращения» (flow 6): a complaint or a gratitude → clinic (recent ones, a typed name, or
none) → text → up to 5 photos → summary → «Отправить» → its number; «Мои обращения» with each
thread and follow-ups. On the desk: «Взять в работу», «Ответить» (or a reply to the post),
«Закрыть», operators only. Buttons naming a clinic take only the clinics offered in this
dialogue; buttons naming a ticket only the presser's own.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ForceReply, Message

from bot.common.clinic_views import shorten
from bot.common.intents import Intents
from bot.common.keyboards import drop_buttons, inline
from bot.common.operators import InDesk, OperatorCheck
from bot.common.photos import photo_file_id
from bot.common.profile import Members
from bot.common.screens import duration_params, show_main_menu
from bot.delivery import keyboard_of
from bot.features import Feature, Job, Menu, MenuSection
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from bot.fsm.tickets import DeskAnswer, DeskTicketAction, TicketAction, TicketFlow
from core.clinics import MAX_QUERY
from core.delivery import render
from core.desk import AlreadyDecided
from core.i18n import DEFAULT_LOCALE, Catalogue, Translator
from core.notifications import Intent
from core.profile import Profiles
from core.services import Services
from core.settings import Settings
from core.tickets import (
    KINDS,
    MAX_ANSWER,
    MAX_PHOTOS,
    MAX_TEXT,
    MIN_TEXT,
    NEW_PER_DAY,
    Closed,
    Entry,
    Tickets,
    TooManyTickets,
    parse_number,
)
from storage.models import Profile, Ticket, User

logger = logging.getLogger(__name__)

SECTION = MenuSection("menu-tickets", "help-section-tickets", order=140, audience="members")
FOUND_SHOWN = 5
LIST_PAGE = 5
PREVIEW = 1500  # of the text, on the summary
CHUNK = 3800  # a thread is shown in messages of at most this many characters
DESK_EVERY = timedelta(minutes=1)

Rows = list[list[tuple[str, str]]]


def act(action: str, id: int = 0, page: int = 0) -> str:
    return TicketAction(action=action, id=id, page=page).pack()


# -- entering ---------------------------------------------------------------------------------


async def show_section(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    tickets: Tickets,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    rows = [
        [(_("tickets-complain"), act("complaint")), (_("tickets-thank"), act("gratitude"))],
        [(_("tickets-mine"), act("list"))],
    ]
    await message.answer(_("tickets-section"), reply_markup=inline(rows))


async def tell_limit(
    message: Message, _: Translator, user: User, settings: Settings, until: datetime
) -> None:
    """NEW_PER_DAY tickets in 24 hours: when the next may be filed (the person's time), and that
    an open one can still be added to."""
    local = until.astimezone(ZoneInfo(user.time_zone) if user.time_zone else settings.timezone)
    await message.answer(
        _("tickets-limit", max=NEW_PER_DAY, day=f"{local:%d.%m.%Y}", time=f"{local:%H:%M}"),
        reply_markup=inline([[(_("tickets-mine"), act("list"))]]),
    )


async def begin(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profile: Profile,
    tickets: Tickets,
    settings: Settings,
    kind: str,
) -> None:
    """A new ticket, unless the person has filed NEW_PER_DAY of them in 24 hours: that is said
    before anything is typed."""
    until = await tickets.next_allowed(profile)
    if until is not None:
        await state.clear()
        await tell_limit(message, _, user, settings, until)
        return
    await state.set_state(TicketFlow.clinic)
    await state.set_data({"kind": kind, "clinic": None, "offered": [], "photos": []})
    await ask_clinic(message, state, _, profile, tickets)


async def begin_typed(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    members: Members,
    profiles: Profiles,
    tickets: Tickets,
    settings: Settings,
) -> None:
    """«Пожаловаться» or «Поблагодарить» typed."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    kind = "complaint" if catalogue.matches("tickets-complain", message.text) else "gratitude"
    await begin(message, state, _, user, profile, tickets, settings, kind)


# -- 1. the clinic ----------------------------------------------------------------------------


async def ask_clinic(
    message: Message, state: FSMContext, _: Translator, profile: Profile, tickets: Tickets
) -> None:
    data = await state.get_data()
    recent = await tickets.recent_clinics(profile)
    rows: Rows = [[(shorten(clinic.name, 60), act("clinic", clinic.id))] for clinic in recent]
    rows.append([(_("tickets-no-clinic"), act("noclinic"))])
    await state.update_data(offered=sorted({*data.get("offered", []), *(c.id for c in recent)}))
    key = "tickets-ask-clinic-recent" if recent else "tickets-ask-clinic"
    await message.answer(_(key, kind=data["kind"]), reply_markup=inline(rows))


async def on_clinic_typed(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    tickets: Tickets,
) -> None:
    text = " ".join((message.text or "").split())
    if catalogue.matches("tickets-no-clinic", text):
        await state.update_data(clinic=None)
        await ask_text(message, state, _)
        return
    if sum(ch.isalnum() for ch in text) < 2:
        await message.answer(_("tickets-clinic-expected"))
        return
    if len(text) > MAX_QUERY:
        await message.answer(_("tickets-clinic-long", letters=MAX_QUERY))
        return
    count, found = await tickets.find_clinics(text, FOUND_SHOWN)
    rows: Rows = [[(shorten(c.name, 60), act("clinic", c.id))] for c in found]
    rows.append([(_("tickets-no-clinic"), act("noclinic"))])
    offered = (await state.get_data()).get("offered", [])
    await state.update_data(offered=sorted({*offered, *(c.id for c in found)}))
    if not found:
        await message.answer(_("tickets-clinic-none", query=text), reply_markup=inline(rows))
        return
    lines = "\n".join(f"{n}. {c.name}, {c.address}".rstrip(", ") for n, c in enumerate(found, 1))
    await message.answer(
        _(
            "tickets-clinic-found-more" if count > len(found) else "tickets-clinic-found",
            count=count,
            shown=len(found),
            lines=lines,
        ),
        reply_markup=inline(rows),
    )


# -- 2. the text ------------------------------------------------------------------------------


async def ask_text(message: Message, state: FSMContext, _: Translator) -> None:
    data = await state.get_data()
    await state.set_state(TicketFlow.text)
    await message.answer(_("tickets-ask-text", kind=data["kind"], min=MIN_TEXT, max=MAX_TEXT))


def text_problem(_: Translator, text: str) -> str | None:
    if len(text) < MIN_TEXT:
        return _("tickets-text-short", min=MIN_TEXT)
    if len(text) > MAX_TEXT:
        return _("tickets-text-long", max=MAX_TEXT, length=len(text))
    return None


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
    await state.update_data(text=text, photos=[photo] if photo else [])
    await ask_photos(message, state, _)


# -- 3. photos --------------------------------------------------------------------------------


async def ask_photos(message: Message, state: FSMContext, _: Translator) -> None:
    photos = (await state.get_data()).get("photos", [])
    if len(photos) >= MAX_PHOTOS:
        await show_summary(message, state, _)
        return
    await state.set_state(TicketFlow.photos)
    key = "tickets-photo-added" if photos else "tickets-ask-photos"
    await message.answer(
        _(key, count=len(photos), max=MAX_PHOTOS),
        reply_markup=inline([[(_("tickets-done"), act("done"))]]),
    )


async def on_photo(message: Message, state: FSMContext, _: Translator) -> None:
    file_id = photo_file_id(message)
    if file_id is None:
        await message.answer(_("tickets-photo-bad-file", max=MAX_PHOTOS))
        return
    photos = list((await state.get_data()).get("photos", []))
    if len(photos) >= MAX_PHOTOS:
        await message.answer(_("tickets-photo-too-many", max=MAX_PHOTOS))
        return
    photos.append(file_id)
    await state.update_data(photos=photos)
    await ask_photos(message, state, _)


async def on_photos_typed(
    message: Message, state: FSMContext, _: Translator, catalogue: Catalogue
) -> None:
    if catalogue.matches("tickets-done", message.text) or catalogue.matches(
        "tickets-no-photos", message.text
    ):
        await show_summary(message, state, _)
        return
    await message.answer(_("tickets-photos-expected", max=MAX_PHOTOS))


# -- 4. summary and sending -------------------------------------------------------------------


async def show_summary(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(TicketFlow.summary)
    data = await state.get_data()
    clinic = data.get("clinic_name") or _("tickets-summary-no-clinic")
    text = data["text"] if len(data["text"]) <= PREVIEW else data["text"][:PREVIEW] + "…"
    rows: Rows = [
        [(_("tickets-send"), act("send"))],
        [(_("tickets-edit-text"), act("edit")), (_("tickets-cancel"), act("cancel"))],
    ]
    await message.answer(
        _(
            "tickets-summary",
            kind=data["kind"],
            clinic=clinic,
            text=text,
            photos=len(data.get("photos", [])),
        ),
        reply_markup=inline(rows),
    )


async def on_summary_typed(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    profiles: Profiles,
    tickets: Tickets,
    settings: Settings,
    menu: Menu,
    members: Members,
) -> None:
    if catalogue.matches("tickets-send", message.text):
        await send(message, state, _, user, members, profiles, tickets, settings, menu)
    elif catalogue.matches("tickets-edit-text", message.text):
        await ask_text(message, state, _)
    elif catalogue.matches("tickets-cancel", message.text):
        await cancel(message, state, _, menu)
    else:
        await message.answer(_("tickets-summary-expected"))


async def send(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    tickets: Tickets,
    settings: Settings,
    menu: Menu,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    data = await state.get_data()
    try:
        ticket = await tickets.submit(
            profile, data["kind"], data.get("clinic"), data["text"], list(data.get("photos", []))
        )
    except TooManyTickets as refused:  # filed meanwhile (another instance): the text is kept
        await tell_limit(message, _, user, settings, refused.until)
        await show_summary(message, state, _)
        return
    await state.clear()
    key = "tickets-sent" if settings.operators_chat_id is not None else "tickets-sent-desk-off"
    await show_main_menu(
        message, _, menu, _(key, number=ticket.label, **duration_params(settings.ticket_sla))
    )


async def cancel(message: Message, state: FSMContext, _: Translator, menu: Menu) -> None:
    await state.clear()
    await show_main_menu(message, _, menu, _("tickets-cancelled"))


# -- «Мои обращения» --------------------------------------------------------------------------


async def show_list(
    message: Message,
    _: Translator,
    profile: Profile,
    tickets: Tickets,
    settings: Settings,
    page: int,
    edit: bool,
) -> None:
    count, found = await tickets.mine(profile, page * LIST_PAGE, LIST_PAGE)
    if not found and page > 0:
        page, (count, found) = 0, await tickets.mine(profile, 0, LIST_PAGE)
    if not found:
        await message.answer(_("tickets-none"))
        return
    lines = "\n".join(
        _(
            "tickets-line",
            number=t.label,
            kind=t.kind,
            status=t.status,
            date=f"{t.created_at.astimezone(settings.timezone):%d.%m.%Y}",
        )
        for t in found
    )
    rows: Rows = [[(f"{t.label} · {_('tickets-status', status=t.status)}", act("open", t.id, page))]
                  for t in found]  # fmt: skip
    nav = []
    if page > 0:
        nav.append((_("tickets-prev"), act("page", page=page - 1)))
    if (page + 1) * LIST_PAGE < count:
        nav.append((_("tickets-next"), act("page", page=page + 1)))
    rows.append(nav)
    text = _("tickets-list", count=count, lines=lines)
    keyboard = inline([row for row in rows if row])
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


def entry_block(_: Translator, entry: Entry, settings: Settings) -> str:
    when = f"{entry.at.astimezone(settings.timezone):%d.%m.%Y %H:%M}"
    return _("tickets-entry", author=entry.author, when=when, text=entry.text, photos=entry.photos)


def chunks(blocks: list[str], limit: int = CHUNK) -> list[str]:
    """Blocks joined into messages of at most `limit` characters (a longer block is cut)."""
    parts: list[str] = []
    for block in blocks:
        pieces = [block[i : i + limit] for i in range(0, len(block), limit)] or [""]
        for piece in pieces:
            if parts and len(parts[-1]) + 2 + len(piece) <= limit:
                parts[-1] += "\n\n" + piece
            else:
                parts.append(piece)
    return parts


async def show_thread(
    message: Message,
    _: Translator,
    ticket: Ticket,
    tickets: Tickets,
    settings: Settings,
    page: int,
) -> None:
    clinic = await tickets.clinic(ticket.clinic_id) if ticket.clinic_id else None
    head = _(
        "tickets-thread",
        number=ticket.label,
        kind=ticket.kind,
        status=ticket.status,
        clinic=clinic.name if clinic else _("tickets-summary-no-clinic"),
    )
    entries = [entry_block(_, entry, settings) for entry in await tickets.thread(ticket)]
    rows: Rows = []
    if ticket.status != "closed":
        rows.append([(_("tickets-write"), act("write", ticket.id, page))])
    rows.append([(_("tickets-back-to-list"), act("list", page=page))])
    parts = chunks([head, *entries])
    for part in parts[:-1]:
        await message.answer(part)
    await message.answer(parts[-1], reply_markup=inline(rows))


# -- follow-ups -------------------------------------------------------------------------------


async def ask_follow_up(message: Message, state: FSMContext, _: Translator) -> None:
    data = await state.get_data()
    await message.answer(_("tickets-ask-follow-up", number=data["number"], max=MAX_TEXT))


async def on_follow_up(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    tickets: Tickets,
    menu: Menu,
) -> None:
    text = (message.text or message.caption or "").strip()
    photo = photo_file_id(message)
    if not text and photo is None:
        await message.answer(_("tickets-follow-up-expected", max=MAX_TEXT))
        return
    if len(text) > MAX_TEXT:
        await message.answer(_("tickets-text-long", max=MAX_TEXT, length=len(text)))
        return
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    data = await state.get_data()
    await state.clear()
    try:
        ticket = await tickets.follow_up(profile, data["ticket"], text, [photo] if photo else [])
    except (Closed, LookupError):
        await show_main_menu(message, _, menu, _("tickets-closed-already", number=data["number"]))
        return
    await show_main_menu(message, _, menu, _("tickets-follow-up-sent", number=ticket.label))


# -- buttons ----------------------------------------------------------------------------------

IN_STEP = {
    "clinic": TicketFlow.clinic,
    "noclinic": TicketFlow.clinic,
    "done": TicketFlow.photos,
    "send": TicketFlow.summary,
    "edit": TicketFlow.summary,
    "cancel": TicketFlow.summary,
}


async def pressed(
    callback: CallbackQuery,
    callback_data: TicketAction,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    tickets: Tickets,
    settings: Settings,
    menu: Menu,
) -> None:
    message = callback.message
    action = callback_data.action
    step = IN_STEP.get(action)
    if not isinstance(message, Message) or (step is not None and raw_state != step.state):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    profile = await profiles.of(user)
    if profile is None:
        await callback.answer()
        await members.require(message, state, _, user)
        return
    if action in KINDS:
        await callback.answer()
        await begin(message, state, _, user, profile, tickets, settings, action)
    elif action == "clinic":
        data = await state.get_data()
        clinic = await tickets.clinic(callback_data.id)
        if clinic is None or clinic.id not in data.get("offered", []):
            await callback.answer(_("button-stale"), show_alert=True)
            return
        await callback.answer()
        await state.update_data(clinic=clinic.id, clinic_name=clinic.name)
        await drop_buttons(message)
        await ask_text(message, state, _)
    elif action == "noclinic":
        await callback.answer()
        await state.update_data(clinic=None, clinic_name=None)
        await drop_buttons(message)
        await ask_text(message, state, _)
    elif action == "done":
        await callback.answer()
        await drop_buttons(message)
        await show_summary(message, state, _)
    elif action in ("send", "edit", "cancel"):
        await callback.answer()
        await drop_buttons(message)
        if action == "send":
            await send(message, state, _, user, members, profiles, tickets, settings, menu)
        elif action == "edit":
            await ask_text(message, state, _)
        else:
            await cancel(message, state, _, menu)
    elif action in ("list", "page"):  # «Мои обращения», or another page of it (in place)
        await callback.answer()
        edit = action == "page"
        await show_list(message, _, profile, tickets, settings, callback_data.page, edit=edit)
    elif action in ("open", "write"):
        ticket = await tickets.owned(profile, callback_data.id)
        if ticket is None:
            await callback.answer(_("tickets-not-yours"), show_alert=True)
            return
        await callback.answer()
        if action == "open":
            await show_thread(message, _, ticket, tickets, settings, callback_data.page)
        elif ticket.status == "closed":
            await message.answer(_("tickets-closed-already", number=ticket.label))
        else:
            await state.set_state(TicketFlow.follow_up)
            await state.set_data({"ticket": ticket.id, "number": ticket.label})
            await ask_follow_up(message, state, _)
    else:
        await callback.answer(_("button-stale"), show_alert=True)


async def show_mine(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    tickets: Tickets,
    settings: Settings,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is not None:
        await show_list(message, _, profile, tickets, settings, 0, edit=False)


async def reprompt(
    message: Message,
    raw_state: str,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    tickets: Tickets,
) -> None:
    """Show the current step again (after /start → «Продолжить», or an answer it cannot read)."""
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
    profiles: Profiles,
    tickets: Tickets,
    settings: Settings,
) -> None:
    """«Начать заново»: the same kind of ticket from its first step (a follow-up: the section)."""
    kind = (await state.get_data()).get("kind")
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if kind in KINDS:
        await begin(message, state, _, user, profile, tickets, settings, kind)
    else:
        await state.clear()
        await show_section(message, state, _, user, members, profiles, tickets)


# -- the desk ---------------------------------------------------------------------------------


async def refresh_post(
    bot: Bot,
    settings: Settings,
    catalogue: Catalogue,
    intents: Intents,
    tickets: Tickets,
    ticket: Ticket,
) -> None:
    """The ticket's post shows its status and who acted; closed, it has no buttons."""
    message_id = await tickets.post_message(ticket)
    if message_id is None or settings.operators_chat_id is None:
        return
    translator = catalogue.translator(DEFAULT_LOCALE)
    card = render(
        await tickets.card(ticket), translator, settings.operators_chat_id, settings.data_dir
    )
    try:
        await bot.edit_message_text(
            card.text,
            chat_id=settings.operators_chat_id,
            message_id=message_id,
            reply_markup=keyboard_of(card, intents),
        )
    except TelegramAPIError as error:
        logger.info("desk: post of ticket %d not updated: %s", ticket.id, error.message)


def desk_router() -> Router:
    router = Router(name="tickets-desk")
    router.message.filter(InDesk())

    async def give_answer(
        message: Message,
        number: int,
        _: Translator,
        bot: Bot,
        settings: Settings,
        catalogue: Catalogue,
        intents: Intents,
        tickets: Tickets,
        text: str,
    ) -> None:
        assert message.from_user is not None
        operator = message.from_user
        try:
            ticket = await tickets.answer(number, operator.id, operator.full_name, text)
        except LookupError:
            await message.reply(_("desk-ticket-unknown"))
            return
        except AlreadyDecided:
            await message.reply(_("desk-ticket-is-closed"))
            return
        await refresh_post(bot, settings, catalogue, intents, tickets, ticket)
        await message.reply(_("desk-ticket-answered", number=ticket.label))

    async def on_answer(
        message: Message,
        raw_state: str | None,
        _: Translator,
        bot: Bot,
        settings: Settings,
        operators: OperatorCheck,
        catalogue: Catalogue,
        intents: Intents,
        tickets: Tickets,
        state: FSMContext,
    ) -> None:
        """The operator's answer: a reply to anything the bot posted about a ticket (its post, a
        follow-up, the escalation, the «Ответить» prompt), or the next message after «Ответить»."""
        assert message.from_user is not None
        replied = message.reply_to_message
        number: int | None = None
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            number = parse_number(replied.text or replied.caption)
        if number is None and raw_state == DeskAnswer.text.state:
            number = (await state.get_data()).get("ticket")
        if number is None:
            return  # operators talking among themselves
        if not await operators.allows(bot, settings, message.from_user.id):
            await message.reply(_("desk-not-allowed"))
            return
        text = (message.text or "").strip()
        if not text:  # still awaited: a sticker or a photo is not an answer
            await message.reply(_("desk-ticket-answer-text"))
            return
        if len(text) > MAX_ANSWER:
            await message.reply(_("desk-ticket-answer-long", max=MAX_ANSWER, length=len(text)))
            return
        await state.clear()
        await give_answer(message, int(number), _, bot, settings, catalogue, intents, tickets, text)

    async def on_button(
        callback: CallbackQuery,
        callback_data: DeskTicketAction,
        _: Translator,
        bot: Bot,
        settings: Settings,
        operators: OperatorCheck,
        catalogue: Catalogue,
        intents: Intents,
        tickets: Tickets,
        state: FSMContext,
    ) -> None:
        message = callback.message
        in_desk = isinstance(message, Message) and message.chat.id == settings.operators_chat_id
        if not in_desk or not await operators.allows(bot, settings, callback.from_user.id):
            await callback.answer(_("desk-not-allowed"), show_alert=True)
            return
        assert isinstance(message, Message)
        operator, number = callback.from_user, callback_data.ticket
        try:
            if callback_data.action == "take":
                ticket = await tickets.take(number, operator.id, operator.full_name)
            elif callback_data.action == "close":
                ticket = await tickets.close(number, operator.id, operator.full_name)
            elif callback_data.action == "answer":
                ticket = await tickets.take(number, operator.id, operator.full_name)
                await state.set_state(DeskAnswer.text)
                await state.update_data(ticket=ticket.id)
                await message.reply(
                    _("desk-ticket-ask-answer", number=ticket.label, max=MAX_ANSWER),
                    reply_markup=ForceReply(selective=True),
                )
            else:
                await callback.answer(_("button-stale"), show_alert=True)
                return
        except LookupError:
            await callback.answer(_("desk-ticket-unknown"), show_alert=True)
            return
        except AlreadyDecided:
            await callback.answer(_("desk-ticket-is-closed"), show_alert=True)
            return
        await callback.answer(_(f"desk-ticket-{callback_data.action}-done", number=ticket.label))
        await refresh_post(bot, settings, catalogue, intents, tickets, ticket)

    router.callback_query.register(on_button, DeskTicketAction.filter())
    text = F.text & ~F.text.startswith("/")
    # Awaiting the answer, anything but a command is taken: what is not text is refused there.
    router.message.register(on_answer, StateFilter(DeskAnswer.text), ~F.text.startswith("/"))
    router.message.register(on_answer, F.reply_to_message.from_user.is_bot, text)
    return router


async def desk_work(_bot: Bot, services: Services) -> None:
    """Post tickets that waited for the desk, and escalate the overdue (both idempotent)."""
    async with services.db.unit_of_work():
        await services.tickets.post_waiting()
    async with services.db.unit_of_work():
        await services.tickets.escalate_overdue()


def feature() -> Feature:
    router = Router(name="tickets")
    person = Router(name="tickets-person")
    private_only(person)
    text = F.text & ~F.text.startswith("/")
    person.message.register(show_section, Command("tickets"))
    person.message.register(show_section, StateFilter(None), ButtonText(SECTION.key))
    person.message.register(show_mine, StateFilter(None), ButtonText("tickets-mine"))
    for key in ("tickets-complain", "tickets-thank"):
        person.message.register(begin_typed, StateFilter(None), ButtonText(key))
    person.message.register(on_clinic_typed, StateFilter(TicketFlow.clinic), text)
    person.message.register(on_text, StateFilter(TicketFlow.text), text | F.photo | F.document)
    person.message.register(on_photo, StateFilter(TicketFlow.photos), ~F.text)
    person.message.register(on_photos_typed, StateFilter(TicketFlow.photos), text)
    person.message.register(on_summary_typed, StateFilter(TicketFlow.summary), text)
    person.message.register(
        on_follow_up, StateFilter(TicketFlow.follow_up), text | F.photo | F.document
    )
    person.callback_query.register(pressed, TicketAction.filter())
    router.include_routers(person, desk_router())
    dialogue = Dialogue(
        states=TicketFlow,
        title_key="tickets-title",
        begin=restart,
        prompts={step: reprompt for step in TicketFlow.__all_states__},
        free_text=frozenset({TicketFlow.text, TicketFlow.follow_up}),
        buttons=frozenset(
            f"{TicketAction.__prefix__}:{action}"
            for action in ("clinic", "noclinic", "done", "send", "edit", "cancel")
        ),
    )
    return Feature(
        name="tickets",
        intents={
            Intent.OPEN_TICKET: lambda ref: TicketAction(action="open", id=ref).pack(),
            Intent.DESK_TAKE_TICKET: lambda ref: DeskTicketAction(action="take", ticket=ref).pack(),
            Intent.DESK_ANSWER_TICKET: lambda ref: DeskTicketAction(
                action="answer", ticket=ref
            ).pack(),
            Intent.DESK_CLOSE_TICKET: lambda ref: DeskTicketAction(
                action="close", ticket=ref
            ).pack(),
        },
        router=router,
        menu=[SECTION],
        dialogues=[dialogue],
        jobs=[Job("tickets-desk", DESK_EVERY, desk_work)],
    )
