"""An aiogram session that talks to the stand-in in-process, through the same form fields."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot.session_forms import form_fields
from standin.telegram import BotApiStandin


class StandinSession(BaseSession):
    def __init__(self, standin: BotApiStandin) -> None:
        super().__init__()
        self.standin = standin

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 (aiogram's signature)
    ) -> TelegramType:
        params, files = form_fields(self, bot, method)
        uploads = {}
        for key, input_file in files.items():
            data = b"".join([chunk async for chunk in input_file.read(bot)])
            uploads[key] = (data, input_file.filename)
        status, answer = await self.standin.handle(method.__api_method__, params, uploads)
        response = self.check_response(bot, method, status, json.dumps(answer))
        return response.result  # type: ignore[return-value]

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 (aiogram's signature)
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        path = url.split("/file/", 1)[-1].split("/", 1)[-1]
        stored = self.standin.file_by_path(path)
        if stored is None:
            if raise_for_status:
                raise FileNotFoundError(path)
            return
        for start in range(0, len(stored.data), chunk_size):
            yield stored.data[start : start + chunk_size]

    async def close(self) -> None:
        """Nothing to close: no network."""
