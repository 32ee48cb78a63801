"""What a Bot API session does on our side before a request leaves: shared by the stand-in's
session and the benchmarks' recording one. Only aiogram is imported here."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod


def form_fields(
    session: BaseSession, bot: Bot, method: TelegramMethod[Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A request's fields as aiohttp's form would carry them, and its files: what a session
    does on our side before anything leaves."""
    files: dict[str, Any] = {}
    params: dict[str, Any] = {}
    for key, value in method.model_dump(warnings=False).items():
        prepared = session.prepare_value(value, bot=bot, files=files)
        if prepared:  # what AiohttpSession leaves out of the form, this leaves out too
            params[key] = prepared
    return params, files
