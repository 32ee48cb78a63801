"""The guarantee letters' buttons. Prefixes, fields, their order and the action values are on
people's phones and on the desk's posts: the packed strings must never change."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    NEW = "new"  # «➕ Запросить письмо»
    POLICY = "policy"
    KIND = "kind"
    CLINIC = "clinic"
    DONE = "done"  # the photos
    DAY = "day"
    MONTH = "month"
    NONE = "none"  # a calendar cell that is no day to choose
    SEND = "send"
    CANCEL = "cancel"
    LIST = "list"
    PAGE = "page"
    OPEN = "open"
    PDF = "pdf"
    ANSWER = "answer"  # begin answering the operators' question
    REPLY = "reply"  # send the answer


# Buttons of one step of a request or an answer: pressed in any other step they are stale, and
# while a request is written they are the dialogue's own.
STEP_ACTIONS = frozenset(
    {
        Action.POLICY,
        Action.KIND,
        Action.CLINIC,
        Action.DONE,
        Action.DAY,
        Action.MONTH,
        Action.NONE,
        Action.SEND,
        Action.CANCEL,
        Action.REPLY,
    }
)


class LetterAction(CallbackData, prefix="gl"):
    """A person's letter button. `id` names a policy, a clinic (one offered in this dialogue) or
    a letter (the presser's own); `on` a kind or a day (ISO); `page` the page of «Мои письма».
    `action` stays a plain string: a forged or retired one gets the stale answer."""

    action: str
    id: int = 0
    on: str = ""
    page: int = 0


class Verdict(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"
    CLARIFY = "clarify"


class DeskLetterAction(CallbackData, prefix="dgl"):
    """A request's button on the desk: operators only."""

    action: str
    letter: int


def open_letter(letter: int) -> str:
    return LetterAction(action=Action.OPEN, id=letter).pack()


def answer_letter(letter: int) -> str:
    return LetterAction(action=Action.ANSWER, id=letter).pack()


def on_desk(verdict: Verdict, letter: int) -> str:
    return DeskLetterAction(action=verdict, letter=letter).pack()
