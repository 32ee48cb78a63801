"""The Bot API stand-in over HTTP, driven by aiogram's real session: what a bot process sees."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import BufferedInputFile, InputMediaPhoto

from standin import BotApiStandin
from standin.server import StandinServer

TOKEN = "4242:STANDIN"
CHAT = 777


@pytest.fixture
async def standin() -> BotApiStandin:
    standin = BotApiStandin(bot_id=4242)
    standin.chat(CHAT, "private")
    return standin


@pytest.fixture
async def bot(standin: BotApiStandin) -> AsyncIterator[Bot]:
    async with StandinServer(standin, token=TOKEN) as server:
        session = AiohttpSession(api=TelegramAPIServer.from_base(server.url))
        bot = Bot(TOKEN, session=session)
        try:
            yield bot
        finally:
            await session.close()


async def test_get_me_and_messages(bot: Bot, standin: BotApiStandin) -> None:
    me = await bot.get_me()
    assert me.id == 4242
    sent = await bot.send_message(CHAT, "Привет", reply_markup=None)
    assert sent.message_id == 1
    assert sent.text == "Привет"
    await bot.edit_message_text("Пока", chat_id=CHAT, message_id=sent.message_id)
    assert standin.chats[CHAT].messages[-1].text == "Пока"
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Пока", chat_id=CHAT, message_id=sent.message_id)
    photo = InputMediaPhoto(media=BufferedInputFile(b"\x89PNG", "p.png"))
    with pytest.raises(TelegramBadRequest, match="no media in the message"):
        await bot.edit_message_media(photo, chat_id=CHAT, message_id=sent.message_id)
    shown = await bot.send_photo(CHAT, BufferedInputFile(b"\xff\xd8", "p.jpg"), caption="Фото")
    with pytest.raises(TelegramBadRequest, match="no text in the message"):
        await bot.edit_message_text("Текст", chat_id=CHAT, message_id=shown.message_id)
    assert await bot.delete_message(CHAT, sent.message_id)
    assert standin.chats[CHAT].messages[0].deleted


async def test_files_are_kept_and_downloadable(bot: Bot, standin: BotApiStandin) -> None:
    pdf = b"%PDF-1.7 policy"
    sent = await bot.send_document(CHAT, BufferedInputFile(pdf, "policy.pdf"), caption="Полис")
    assert sent.document is not None
    assert sent.document.file_name == "policy.pdf"
    file = await bot.get_file(sent.document.file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None
    assert downloaded.read() == pdf
    again = await bot.send_document(CHAT, sent.document.file_id)  # resent by file_id
    assert again.document is not None
    assert again.document.file_unique_id == sent.document.file_unique_id


async def test_album_location_venue_contact(bot: Bot) -> None:
    album = await bot.send_media_group(
        CHAT,
        [
            InputMediaPhoto(media=BufferedInputFile(b"one", "1.jpg")),
            InputMediaPhoto(media=BufferedInputFile(b"two", "2.jpg")),
        ],
    )
    assert len(album) == 2
    assert album[0].media_group_id == album[1].media_group_id
    venue = await bot.send_venue(CHAT, 55.75, 37.61, "Клиника", "Тверская, 1")
    assert venue.venue is not None
    assert venue.venue.title == "Клиника"
    location = await bot.send_location(CHAT, 55.7, 37.6)
    assert location.location is not None
    contact = await bot.send_contact(CHAT, "+78000000000", "Горячая линия")
    assert contact.contact is not None


async def test_injected_failures(bot: Bot, standin: BotApiStandin) -> None:
    standin.fail("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    with pytest.raises(TelegramRetryAfter) as retry:
        await bot.send_message(CHAT, "x")
    assert retry.value.retry_after == 3
    standin.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(CHAT, "x")
    standin.fail("*", 500, "Internal Server Error", times=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.get_me()
    assert (await bot.send_message(CHAT, "снова работает")).text == "снова работает"


async def test_wrong_token_is_unauthorized(standin: BotApiStandin) -> None:
    async with StandinServer(standin, token=TOKEN) as server:
        session = AiohttpSession(api=TelegramAPIServer.from_base(server.url))
        try:
            with pytest.raises(TelegramUnauthorizedError):
                await Bot("4242:WRONG", session=session).get_me()
        finally:
            await session.close()


async def test_get_updates_confirms_by_offset_and_long_polls(
    bot: Bot, standin: BotApiStandin
) -> None:
    for update_id in (1, 2):
        text = f"m{update_id}"
        message = {"message_id": update_id, "date": 0, "chat": {"id": CHAT, "type": "private"}}
        await standin.push_update({"update_id": update_id, "message": {**message, "text": text}})
    first = await bot.get_updates()
    assert [u.update_id for u in first] == [1, 2]
    assert [u.update_id for u in await bot.get_updates()] == [1, 2]  # not confirmed yet
    waiting = asyncio.create_task(bot.get_updates(offset=3, timeout=5))
    await asyncio.sleep(0.1)
    assert not waiting.done()  # long poll: nothing new yet
    assert standin.confirmed_update_id == 2
    message = {"message_id": 3, "date": 0, "chat": {"id": CHAT, "type": "private"}, "text": "m3"}
    await standin.push_update({"update_id": 3, "message": message})
    assert [u.update_id for u in await asyncio.wait_for(waiting, 2)] == [3]


async def test_chat_members(bot: Bot, standin: BotApiStandin) -> None:
    standin.chat(-100, "supergroup", "Операторы")
    standin.members[(-100, 5)] = "administrator"
    assert (await bot.get_chat_member(-100, 5)).status == "administrator"
    assert (await bot.get_chat_member(-100, 6)).status == "left"


async def test_telegram_limits_answer_429_beyond_a_sliding_window(
    bot: Bot, standin: BotApiStandin
) -> None:
    from standin.telegram import Limits

    now = [1000.0]
    standin.now = lambda: now[0]
    standin.limits = Limits(per_second=3, per_group_per_minute=2, retry_after=1)
    for n in range(3):
        await bot.send_message(CHAT, f"#{n}")
        now[0] += 0.1
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(CHAT, "one too many")
    assert caught.value.retry_after == 1
    assert standin.throttled == 1
    await bot.send_chat_action(CHAT, "typing")  # not a message: not limited
    now[0] += 0.8  # 1.0 s after the first: the window slid on
    await bot.send_message(CHAT, "after the window")

    group = standin.chat(-100900, "supergroup", "Операторы")
    now[0] += 1.0
    await bot.send_message(group.id, "1")
    await bot.send_message(group.id, "2")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(group.id, "3")  # 20 a minute in real Telegram; 2 here
    assert [m.text for m in standin.chats[CHAT].messages] == ["#0", "#1", "#2", "after the window"]


def test_importing_the_standin_loads_no_dispatcher() -> None:
    """`import standin` (and its HTTP server) loads neither aiogram nor the bot: what builds the
    production dispatcher (`standin.rig`) is imported by name only. In a fresh interpreter, since
    this one has long loaded both."""
    script = (
        "import sys\n"
        "import standin, standin.telegram, standin.server\n"
        "print(sorted(name for name in sys.modules\n"
        "             if name.split('.')[0] in ('aiogram', 'bot')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, timeout=60, check=True, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    loaded = done.stdout.strip()
    assert "bot.app" not in loaded
    assert "aiogram.dispatcher" not in loaded
    assert loaded == "[]"
