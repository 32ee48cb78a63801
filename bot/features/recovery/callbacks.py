"""Recovery's buttons. The packed strings are on people's phones: keep prefixes and values."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    # «Восстановить доступ» (Intent.RECOVER), shown by sign-up when a contact it confirmed is an
    # account's. Sign-up answers it in its own steps; anywhere else it is stale.
    START = "start"
    RESEND = "resend"


class RecoverAction(CallbackData, prefix="rc"):
    """`rc:<action>`: names no object, acts on the presser's own dialogue."""

    # A plain string, not `Action`: a forged action still reaches recovery's last handler.
    action: str


class NotMyRecovery(CallbackData, prefix="rcv"):
    """«Это не я» on the old account's notice (Intent.NOT_MY_RECOVERY): `rcv:<recovery id>`."""

    recovery: int


# What a press of «Это не я» may bring: the id, digits only. Anything else under `rcv:` is no
# button of ours (it goes on to the stale answer).
NOT_MY_RECOVERY_DATA = r"^rcv:\d{1,18}$"
