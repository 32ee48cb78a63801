"""The tickets' buttons. Prefixes, fields, their order and the action values are on people's
phones and on the desk's posts: the packed strings must never change."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    COMPLAINT = "complaint"
    GRATITUDE = "gratitude"
    CLINIC = "clinic"
    NO_CLINIC = "noclinic"
    DONE = "done"
    SEND = "send"
    EDIT = "edit"
    CANCEL = "cancel"
    LIST = "list"
    PAGE = "page"
    OPEN = "open"
    WRITE = "write"
    SOLVED = "solved"


# Buttons of one step of a new ticket (the clinic, the photos, the summary): pressed in any other
# step they are stale, and while a ticket is written they are the dialogue's own.
STEP_ACTIONS = frozenset(
    {Action.CLINIC, Action.NO_CLINIC, Action.DONE, Action.SEND, Action.EDIT, Action.CANCEL}
)


class TicketAction(CallbackData, prefix="tk"):
    """A person's ticket button. `id` names a clinic (it must be one offered in this dialogue)
    or a ticket (it must be the presser's own); `page` is the page of «Мои обращения».

    `action` stays a plain string, not `Action`: a forged or retired action still reaches the
    section's last handler and gets the answer it always got (buttons.py `unknown`)."""

    action: str
    id: int = 0
    page: int = 0


class DeskAction(StrEnum):
    TAKE = "take"
    ANSWER = "answer"
    CLOSE = "close"


class DeskTicketAction(CallbackData, prefix="dkt"):
    """A ticket's button on the desk: operators only. `action` a plain string, as above."""

    action: str
    ticket: int


def open_ticket(ticket: int) -> str:
    return TicketAction(action=Action.OPEN, id=ticket).pack()


def on_desk(action: DeskAction, ticket: int) -> str:
    return DeskTicketAction(action=action, ticket=ticket).pack()
