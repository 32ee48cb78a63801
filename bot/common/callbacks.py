"""Buttons that work in any dialogue, so the middlewares know them: the language choice, and
«Продолжить» / «Начать заново» offered by /start in the middle of a dialogue."""

from __future__ import annotations

from typing import Literal

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="lang"):
    locale: str


class DialogueAction(CallbackData, prefix="dlg"):
    action: Literal["continue", "restart"]
