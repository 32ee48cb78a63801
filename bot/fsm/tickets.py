from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup


class TicketFlow(StatesGroup):
    """A complaint or a gratitude (flow 6), and a follow-up to one. The data keeps `kind`,
    `clinic` (None: no clinic), `offered` (the clinics shown as buttons: only those are taken),
    `text` (a card number in it already masked), `photos` (Telegram file ids), and, for a
    follow-up, `ticket`."""

    clinic = State()
    text = State()
    photos = State()
    summary = State()
    follow_up = State()


class TicketAction(CallbackData, prefix="tk"):
    """A person's ticket button. `id` names a clinic (it must be one offered in this dialogue)
    or a ticket (it must be the presser's own); `page` is the page of «Мои обращения»."""

    action: (
        str  # complaint, gratitude, clinic, noclinic, done, send, edit, cancel, list, open, write
    )
    id: int = 0
    page: int = 0


class DeskTicketAction(CallbackData, prefix="dkt"):
    """A ticket's button on the desk: operators only."""

    action: str  # take, answer, close
    ticket: int


class DeskAnswer(StatesGroup):
    """An operator typing the answer to a ticket, in the desk group, after «Ответить»."""

    text = State()
