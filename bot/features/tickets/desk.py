"""The tickets on the desk (the operators' group): «Взять в работу», «Ответить» (or a reply to
anything the bot posted about a ticket), «Закрыть» — operators only; and the ticket's post kept
showing its status and who acted."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ForceReply, Message, TelegramObject

from bot.common.intents import Intents
from bot.delivery import edit_desk_card
from bot.features.tickets.callbacks import DeskAction, DeskTicketAction
from bot.features.tickets.dialogue import Answering
from bot.features.tickets.states import DeskAnswer
from core.desk import AlreadyDecided
from core.i18n import Catalogue, Translator
from core.settings import Settings
from core.tickets import MAX_ANSWER, Tickets, parse_number
from storage.models import Ticket

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Posts:
    """The tickets as the desk sees them: what operators do, and the posts that show it.
    Handed to the desk's handlers as `posts` (by `DeskPosts`)."""

    bot: Bot
    settings: Settings
    catalogue: Catalogue
    intents: Intents
    tickets: Tickets

    async def refresh(self, ticket: Ticket) -> None:
        """The ticket's post shows its status and who acted; closed, it has no buttons."""
        await edit_desk_card(
            self.bot,
            self.settings,
            self.catalogue,
            self.intents,
            await self.tickets.post_message(ticket),
            lambda: self.tickets.card(ticket),
            f"ticket {ticket.id}",
        )


class DeskPosts(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        names = ("bot", "settings", "catalogue", "intents", "tickets")
        data["posts"] = Posts(*(data[name] for name in names))
        return await handler(event, data)


# -- the buttons ------------------------------------------------------------------------------


def refusal(error: LookupError | AlreadyDecided) -> str:
    return "desk-ticket-unknown" if isinstance(error, LookupError) else "desk-ticket-is-closed"


async def acted(
    callback: CallbackQuery, _: Translator, posts: Posts, ticket: Ticket, action: DeskAction
) -> None:
    await callback.answer(_(f"desk-ticket-{action}-done", number=ticket.label))
    await posts.refresh(ticket)


async def take(
    callback: CallbackQuery, callback_data: DeskTicketAction, _: Translator, posts: Posts
) -> None:
    operator = callback.from_user
    try:
        ticket = await posts.tickets.take(callback_data.ticket, operator.id, operator.full_name)
    except (LookupError, AlreadyDecided) as error:
        await callback.answer(_(refusal(error)), show_alert=True)
        return
    await acted(callback, _, posts, ticket, DeskAction.TAKE)


async def close(
    callback: CallbackQuery, callback_data: DeskTicketAction, _: Translator, posts: Posts
) -> None:
    operator = callback.from_user
    try:
        ticket = await posts.tickets.close(callback_data.ticket, operator.id, operator.full_name)
    except (LookupError, AlreadyDecided) as error:
        await callback.answer(_(refusal(error)), show_alert=True)
        return
    await acted(callback, _, posts, ticket, DeskAction.CLOSE)


async def answer(
    callback: CallbackQuery,
    callback_data: DeskTicketAction,
    state: FSMContext,
    _: Translator,
    posts: Posts,
) -> None:
    """«Ответить»: the ticket taken, and its answer awaited (the next message, or a reply)."""
    operator, message = callback.from_user, callback.message
    assert isinstance(message, Message)  # OperatorsOnly: on the desk
    try:
        ticket = await posts.tickets.take(callback_data.ticket, operator.id, operator.full_name)
    except (LookupError, AlreadyDecided) as error:
        await callback.answer(_(refusal(error)), show_alert=True)
        return
    await state.set_state(DeskAnswer.text)
    await state.update_data(Answering(ticket=ticket.id).to_dict())
    await message.reply(
        _("desk-ticket-ask-answer", number=ticket.label, max=MAX_ANSWER),
        reply_markup=ForceReply(selective=True),
    )
    await acted(callback, _, posts, ticket, DeskAction.ANSWER)


async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("button-stale"), show_alert=True)


# -- the answer -------------------------------------------------------------------------------


class TicketReply(Filter):
    """What on the desk may be an answer to a ticket: a text (not a command) replying to one of
    the bot's messages, or anything but a command while «Ответить» awaits the answer. Passes
    `number`, the ticket named by the bot's message replied to (its post, a follow-up, the
    escalation, the «Ответить» prompt), else the one awaited; `named=False` passes without one
    too (operators talking among themselves)."""

    def __init__(self, *, named: bool = True) -> None:
        self.named = named

    async def __call__(
        self, message: Message, bot: Bot, raw_state: str | None, state: FSMContext
    ) -> bool | dict[str, Any]:
        text = message.text
        awaited = raw_state == DeskAnswer.text.state
        replying = bool(text) and _is_bot(message.reply_to_message)
        if (text or "").startswith("/") or not (awaited or replying):
            return False
        number: int | None = None
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            number = parse_number(replied.text or replied.caption)
        if raw_state is not None and not awaited:
            # Another desk dialogue's prompt is open (a letter's, a claim's): it takes only the
            # replies to its own prompt, so a reply naming a ticket is still the ticket's.
            return {"number": number} if number is not None else False
        if number is None and awaited:
            number = (await Answering.load(state)).ticket
        if number is None and self.named:
            return False
        return {"number": number}


def _is_bot(replied: Message | None) -> bool:
    return replied is not None and replied.from_user is not None and replied.from_user.is_bot


async def on_answer(
    message: Message,
    number: int,
    raw_state: str | None,
    state: FSMContext,
    _: Translator,
    posts: Posts,
) -> None:
    """An operator's answer (TicketReply, IsOperator): text only, at most MAX_ANSWER."""
    assert message.from_user is not None
    text = (message.text or "").strip()
    if not text:  # still awaited: a sticker or a photo is not an answer
        await message.reply(_("desk-ticket-answer-text"))
        return
    if len(text) > MAX_ANSWER:
        await message.reply(_("desk-ticket-answer-long", max=MAX_ANSWER, length=len(text)))
        return
    if raw_state == DeskAnswer.text.state:  # not another desk dialogue's prompt, still open
        await state.clear()
    operator = message.from_user
    try:
        ticket = await posts.tickets.answer(int(number), operator.id, operator.full_name, text)
    except (LookupError, AlreadyDecided) as error:
        await message.reply(_(refusal(error)))
        return
    await posts.refresh(ticket)
    await message.reply(_("desk-ticket-answered", number=ticket.label))


async def not_operator(message: Message, _: Translator) -> None:
    """Someone in the group who is not an operator, answering a ticket."""
    await message.reply(_("desk-not-allowed"))


async def among_themselves(message: Message) -> None:
    """A reply to the bot naming no ticket: left alone (and no other handler takes it)."""
