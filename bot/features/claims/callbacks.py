"""The claims' buttons. Prefixes, fields, their order and the action values are on people's
phones and on the desk's posts: the packed strings must never change."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    NEW = "new"
    LIST = "list"
    PAGE = "page"
    DOCUMENT = "doc"  # send what the desk asked for (id: the claim)
    POLICY = "policy"  # id: the policy
    TODAY = "today"
    YESTERDAY = "yday"
    CARE = "care"  # care: the kind
    DONE = "done"  # the photos are all there
    SEND = "send"
    CANCEL = "cancel"
    ANSWER = "answer"  # the answer to the desk's request is all there
    BANK = "bank"  # «✏️ Реквизиты» at the summary: which detail to change
    EDIT_BIC = "ebic"  # the BIC asked again (from the chooser, or at the account step)
    EDIT_ACCOUNT = "eacc"
    EDIT_NAME = "ename"
    BACK = "back"  # from the chooser to the summary, nothing changed


# Buttons of one step of a new claim or of an answer: pressed in any other step they are stale,
# and while a claim is written they are the dialogue's own.
STEP_ACTIONS = frozenset(
    {
        Action.POLICY,
        Action.TODAY,
        Action.YESTERDAY,
        Action.CARE,
        Action.DONE,
        Action.SEND,
        Action.CANCEL,
        Action.ANSWER,
        Action.BANK,
        Action.EDIT_BIC,
        Action.EDIT_ACCOUNT,
        Action.EDIT_NAME,
        Action.BACK,
    }
)


class ClaimAction(CallbackData, prefix="rb"):
    """A person's claim button. `id` names a policy (it must be one the person may claim under)
    or a claim (it must be the presser's own), or a page of «Мои возмещения»; `care` a kind of
    care. `action` stays a plain string: a forged or retired one reaches the stale answer."""

    action: str
    id: int = 0
    care: str = ""


class Verdict(StrEnum):
    APPROVE = "ok"
    ASK = "ask"  # a document, named next
    REJECT = "no"  # the reason is asked next


class DeskClaimAction(CallbackData, prefix="dkc"):
    """An operator's action on a claim's post in the desk group: operators only."""

    action: str
    claim: int


def send_document(claim: int) -> str:
    return ClaimAction(action=Action.DOCUMENT, id=claim).pack()


def on_desk(verdict: Verdict, claim: int) -> str:
    return DeskClaimAction(action=verdict, claim=claim).pack()
