"""The policies' buttons: `pl:<action>:<policy>:<page>`."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    LIST = "list"
    ADD = "add"
    CARD = "card"
    PROGRAM = "program"
    SERVICES = "services"
    PAGE = "page"  # turning the services' pages
    PDF = "pdf"


class PolicyAction(CallbackData, prefix="pl"):
    """A policy button: `policy` is an id the presser must hold (checked on every press)."""

    action: Action
    policy: int = 0
    page: int = 0
