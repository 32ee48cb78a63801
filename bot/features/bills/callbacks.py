"""The buttons of «Мои счета»: `bl:<action>:<charge>:<page>`."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    PAGE = "page"  # another page of the list
    PAY = "pay"  # «Оплатить сейчас» (`page`: the page it is on)


class BillAction(CallbackData, prefix="bl"):
    """«Мои счета» buttons: `charge` must be the presser's own."""

    action: Action
    charge: int = 0
    page: int = 0


class AnyBillAction(CallbackData, prefix="bl"):
    """A well-formed «Мои счета» button of any action, the ones this version does not know
    included: what no `BillAction` handler took is answered by this one (`buttons.refused`)."""

    action: str
    charge: int = 0
    page: int = 0


def pay(charge: int, page: int) -> str:
    return BillAction(action=Action.PAY, charge=charge, page=page).pack()


def turn(page: int) -> str:
    return BillAction(action=Action.PAGE, page=page).pack()
