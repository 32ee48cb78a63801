"""A Bot API session that records instead of sending: what the benchmarks put where Telegram is.

It does the work the real session does on our side — every request is serialised as aiohttp's
form would be, and Telegram's JSON answer is parsed and checked — and answers at once, as a
Telegram with no network and no limits would: a message for every send and edit, True for the
rest.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot.session_forms import form_fields


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.calls: Counter[str] = Counter()
        self.alerts = 0  # buttons answered with an alert: a stale or refused press
        self._message_ids = itertools.count(1)

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 (aiogram's signature)
    ) -> TelegramType:
        params, _files = form_fields(self, bot, method)
        name = method.__api_method__
        self.calls[name] += 1
        self.alerts += name == "answerCallbackQuery" and bool(params.get("show_alert"))
        answer = {"ok": True, "result": self._result(bot, name, params)}
        return self.check_response(bot, method, 200, json.dumps(answer)).result  # type: ignore[return-value]

    def _result(self, bot: Bot, name: str, params: dict[str, Any]) -> object:
        if name == "getMe":
            return {"id": bot.id, "is_bot": True, "first_name": "bench", "username": "bench_bot"}
        if name.startswith(("send", "edit")):
            chat_id = params.get("chat_id", 0)
            message: dict[str, Any] = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": int(chat_id), "type": "private" if int(chat_id) > 0 else "group"},
                "from": {"id": bot.id, "is_bot": True, "first_name": "bench"},
            }
            if "text" in params:
                message["text"] = params["text"]
            return message
        return True

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 (aiogram's signature)
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError("the benchmarks download nothing")
        yield b""  # pragma: no cover - makes this an async generator

    async def close(self) -> None:
        return None
