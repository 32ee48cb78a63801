"""The buttons of «Франшиза и карта»: `fr:<action>:<policy>`."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    SHOW = "show"  # the overview (from a notice)
    TERMS = "terms"  # a policy's co-payment terms
    AGREE = "agree"  # the consent to them
    BIND = "bind"  # a card bound on the provider's page (over the bound one: PIN first)
    UNBIND = "unbind"  # the card unbound (PIN first, then the confirmation)
    YES = "yes"  # «Да, отвязать», in the confirmation step only
    NO = "no"  # «Нет», likewise


class FranchiseAction(CallbackData, prefix="fr"):
    """A button of «Франшиза и карта». `policy` must be a policy of the presser's with a
    co-payment programme; «Да, отвязать» acts only in the confirmation step."""

    # Any other action is not this button: it falls through to the stale-button answer.
    action: Action
    policy: int = 0


def act(action: Action, policy: int = 0) -> str:
    return FranchiseAction(action=action, policy=policy).pack()
