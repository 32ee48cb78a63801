"""End to end in webhook mode: the real `dmsbot run` process with `WEBHOOK_URL` set; the stand-in
posts each update to it, as Telegram does, and posts again what was not answered with 2xx."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from standin import BotApiStandin, Person
from standin.server import StandinServer
from standin.telegram import JsonDict
from tests.e2e import REPLY_TIMEOUT, BotProcess, bot_env, free_port, remote_person, running, until

pytestmark = pytest.mark.e2e

SECRET = "s3cret_webhook-token_of-32-or-more-chars"


@pytest.fixture
async def bot_process(telegram: StandinServer, tmp_path: Path) -> AsyncIterator[BotProcess]:
    port = free_port()
    env = bot_env(
        telegram.url,
        tmp_path,
        WEB_PORT=str(port),
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/webhook",
        WEBHOOK_SECRET=SECRET,
    )
    async with running(telegram.standin, env, tmp_path / "bot.log") as process:
        yield process


async def slow_update_in_hand(standin: BotApiStandin, user_id: int) -> tuple[Person, JsonDict]:
    """A person's `/slow` (the test probe answers it after 1.5 s), posted to the bot and not
    answered yet."""
    anna = remote_person(standin, user_id, "Анна", "ru")
    await anna.send("/start")
    message = {
        "message_id": anna.chat.next_message_id(),
        "date": 0,
        "chat": anna.chat.as_json("Анна"),
        "from": anna.user,
        "text": "/slow",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    }
    update = {"update_id": standin.next_update_id(), "message": message}
    before = len(standin.calls)
    await standin.push_update(update)
    async with asyncio.timeout(REPLY_TIMEOUT):  # the handler has begun: «typing…»
        await standin.wait_called(
            lambda calls: any(call.method == "sendChatAction" for call in calls[before:])
        )
    return anna, update


async def test_updates_come_by_webhook_strangers_are_refused_and_the_webhook_outlives_a_stop(
    bot_process: BotProcess, telegram: StandinServer
) -> None:
    standin = telegram.standin
    webhook_url = bot_process.env["WEBHOOK_URL"]
    (set_call,) = [call for call in standin.calls if call.method == "setWebhook"]
    assert set_call.params["url"] == webhook_url
    assert set_call.params["secret_token"] == SECRET
    assert {"message", "callback_query", "edited_message"} <= set(
        set_call.params["allowed_updates"]
    )
    assert standin.polls == 0

    anna = remote_person(standin, 9101, "Анна", "ru")
    replies = await anna.send("/start")
    assert (replies[0].text or "").startswith("Здравствуйте, Анна!")
    assert [r.text for r in await anna.send("/probe")] == ["Как вас зовут?"]
    assert [r.text for r in await anna.send("Анна")] == ["Из какого вы города?"]
    assert [r.text for r in await anna.send("Казань")] == ["Готово: Анна из города Казань."]
    assert standin.webhook is not None
    assert standin.webhook.refused == 0

    text = {"message_id": 1, "date": 0, "chat": anna.chat.as_json("Анна"), "text": "/probe"}
    forged = {"update_id": standin.next_update_id(), "message": {**text, "from": anna.user}}
    sent_before = len(anna.chat.messages)
    async with aiohttp.ClientSession() as http:
        # Wrong, missing, and not ASCII (which compare_digest refuses as text: it was a 500).
        for value in (None, "wrong", "секрет", f"{SECRET[:-1]}é", "\u00ff" * len(SECRET)):
            headers = {} if value is None else {"X-Telegram-Bot-Api-Secret-Token": value}
            async with http.post(webhook_url, json=forged, headers=headers) as answer:
                assert answer.status == 401, value
        async with http.get(webhook_url) as answer:
            assert answer.status == 405
        secret = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        for body in (b"{not json", b'{"no": "update_id"}', b"[]"):
            async with http.post(webhook_url, data=body, headers=secret) as answer:
                assert answer.status == 400
        async with http.post(webhook_url, data=b"x" * (2 << 20), headers=secret) as answer:
            assert answer.status == 413
    assert len(anna.chat.messages) == sent_before

    await anna.send("/boom")  # the probe's handler that fails
    port = bot_process.env["WEB_PORT"]
    async with aiohttp.ClientSession() as http:
        for path in ("/metrics", "/healthz"):
            async with http.post(f"http://127.0.0.1:{port}{path}") as answer:
                assert answer.status == 405
        async with http.get(f"http://127.0.0.1:{port}/metrics") as answer:
            assert answer.status == 200
            scraped = await answer.text()
    assert 'dmsbot_updates_total{type="message"} 5.0' in scraped
    assert 'dmsbot_handler_seconds_count{type="message"} 5.0' in scraped
    assert 'dmsbot_errors_total{type="message"} 1.0' in scraped
    assert "dmsbot_notifications_pending 0.0" in scraped
    assert "dmsbot_loop_stall_seconds " in scraped  # the runtime's stall monitor

    assert await bot_process.terminate() == 0
    assert not [call for call in standin.calls if call.method == "deleteWebhook"]
    assert bot_process.output().count("Traceback") == 1  # /boom's, logged with its update
    assert "RuntimeError: probe failure" in bot_process.output()


async def test_sigterm_lets_the_update_in_hand_finish(
    bot_process: BotProcess, telegram: StandinServer
) -> None:
    standin = telegram.standin
    anna, update = await slow_update_in_hand(standin, 9102)
    assert await bot_process.terminate() == 0
    assert anna.last.text == "slow done"
    assert standin.confirmed_update_id == update["update_id"]


async def test_an_update_in_hand_when_killed_is_posted_again_and_handled_after_restart(
    bot_process: BotProcess, telegram: StandinServer
) -> None:
    standin = telegram.standin
    anna, update = await slow_update_in_hand(standin, 9103)
    await bot_process.kill()
    assert standin.confirmed_update_id < update["update_id"]

    await bot_process.start()
    done = await until(standin, lambda: anna.last if anna.last.text == "slow done" else None)
    assert done.text == "slow done"
    assert standin.webhook is not None
    assert standin.webhook.refused >= 1
