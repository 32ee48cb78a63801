"""The framework's floor: a bare aiogram echo, what the throughput and memory benchmarks measure
the bot against. Nothing of the bot is imported here, so that `python -m bench.floor` shows what
aiogram alone keeps resident."""

from __future__ import annotations

import asyncio
import gc
import json
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.types import CallbackQuery, Message

from bench.session import RecordingSession

TOKEN = "1000002:BENCH-TOKEN"  # noqa: S105 - no Telegram behind it


def echo_dispatcher() -> Dispatcher:
    """One handler answering each message with its text, and each button."""
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    @router.callback_query()
    async def pressed(callback: CallbackQuery) -> None:
        await callback.answer(callback.data or "")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


def resident_mb() -> dict[str, float]:
    """This process's resident set (VmRSS), its anonymous and file-backed parts, and the peak,
    in MB, from /proc (Linux)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    names = {"rss": "VmRSS", "anon": "RssAnon", "file": "RssFile", "peak": "VmHWM"}
    return {key: int(fields[name].split()[0]) / 1024 for key, name in names.items()}


async def started() -> dict[str, float]:
    """The echo's Dispatcher and Bot, started: the resident set."""
    bot = Bot(TOKEN, session=RecordingSession())
    dispatcher = echo_dispatcher()
    await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher, bots=[bot])
    gc.collect()
    return resident_mb()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(started())))
