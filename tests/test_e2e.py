"""End to end: the real `dmsbot run` process, polling the stand-in over HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from standin.server import StandinServer
from tests.e2e import BotProcess, bot_env, remote_person, running, wait_confirmed
from tests.probe import STICKER

pytestmark = pytest.mark.e2e


@pytest.fixture
async def bot_process(telegram: StandinServer, tmp_path: Path) -> AsyncIterator[BotProcess]:
    env = bot_env(telegram.url, tmp_path, HOTLINE_PHONE="+7 800 555-35-35")
    async with running(telegram.standin, env, tmp_path / "bot.log") as process:
        yield process


async def test_start_is_answered_health_is_ok_and_sigterm_stops_cleanly(
    bot_process: BotProcess, telegram: StandinServer
) -> None:
    anna = remote_person(telegram.standin, 9001, "Анна", "ru")
    replies = await anna.send("/start")
    assert replies[0].text is not None
    assert replies[0].text.startswith("Здравствуйте, Анна!")
    assert anna.reply_buttons == ["📝 Регистрация", "☎️ Горячая линия 24/7", "ℹ️ Помощь", "🌐 Язык"]
    help_reply = await anna.press("ℹ️ Помощь")
    assert "+7 800 555-35-35" in (help_reply[0].text or "")

    port = bot_process.env["WEB_PORT"]
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        assert response.status == 200
        assert await response.json() == {"status": "ok", "database": "ok", "telegram": "ok"}

    assert await bot_process.terminate() == 0
    assert "Traceback" not in bot_process.output()


async def test_sigterm_lets_the_update_in_flight_finish(
    bot_process: BotProcess, telegram: StandinServer
) -> None:
    anna = remote_person(telegram.standin, 9005, "Анна", "ru")
    await anna.send("/start")
    message = {
        "message_id": anna.chat.next_message_id(),
        "date": 0,
        "chat": anna.chat.as_json("Анна"),
        "from": anna.user,
        "text": "/slow",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    }
    standin = telegram.standin
    await standin.push_update({"update_id": standin.next_update_id(), "message": message})
    await wait_confirmed(telegram.standin)  # the bot has the update and is working on it
    assert await bot_process.terminate() == 0
    assert anna.last.text == "slow done"


async def test_kill_9_mid_dialogue_then_the_dialogue_goes_on(
    bot_process: BotProcess, telegram: StandinServer
) -> None:
    anna = remote_person(telegram.standin, 9002, "Анна", "ru")
    assert [r.text for r in await anna.send("/probe")] == ["Как вас зовут?"]
    assert [r.text for r in await anna.send("Анна")] == ["Из какого вы города?"]
    await wait_confirmed(telegram.standin)
    await bot_process.kill()

    await bot_process.start()
    assert [r.text for r in await anna.send("Казань")] == ["Готово: Анна из города Казань."]


async def test_odd_inputs_get_clear_answers_and_change_nothing(
    bot_process: BotProcess, telegram: StandinServer
) -> None:
    bob = remote_person(telegram.standin, 9003, "Bob", "en")
    replies = await bob.send("x" * 4096)
    assert [r.text for r in replies] == [
        "I did not understand that. Choose a section in the menu below or send /help."
    ]
    replies = await bob.send("/frobnicate")
    assert (
        replies[0].text == "There is no such command. Available: /menu, /help, /cancel, /language."
    )

    await bob.send("/probe")
    not_understood = (
        "I could not read that answer. Please answer the question above, or send /cancel to leave."
    )
    for send in (
        lambda: bob.send_content(sticker=STICKER),
        lambda: bob.send_photo(b"\xff\xd8\xff\xe0 not really a jpeg"),
    ):
        replies = await send()
        assert [r.text for r in replies] == [not_understood, "What is your name?"]
    replies = await bob.send("/frobnicate")
    assert (
        replies[0].text == "There is no such command. Available: /menu, /help, /cancel, /language."
    )
    await bob.send("Bob")
    replies = await bob.send("Leeds")
    assert [r.text for r in replies] == ["Done: Bob from Leeds."]


async def test_a_card_number_is_deleted_from_the_chat(
    bot_process: BotProcess, telegram: StandinServer
) -> None:
    anna = remote_person(telegram.standin, 9004, "Анна", "ru")
    replies = await anna.send("номер моей карты 4111 1111 1111 1111")
    mine = anna.last_own
    assert mine.deleted
    assert replies[-1].text is not None
    assert replies[-1].text.startswith("Я удалил ваше сообщение")
    assert "4111" not in bot_process.output()
