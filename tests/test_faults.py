"""Telegram's bad moments while the bot answers a person: 5xx, a gateway timing out, 429 —
tried again and logged; past the limit, logged and the bot goes on."""

from __future__ import annotations

import logging

import pytest

from standin import Person
from standin.rig import InProcessBot

GREETING = "Здравствуйте, Анна!"


async def test_5xx_and_a_gateway_timeout_are_tried_again(
    rig: InProcessBot, anna: Person, caplog: pytest.LogCaptureFixture
) -> None:
    rig.standin.fail("sendMessage", 502, "Bad Gateway")
    rig.standin.stall("sendMessage", 0.2, taken=False)  # then 504, as a proxy gives up
    with caplog.at_level(logging.WARNING, logger="bot.middlewares.retry"):
        replies = await anna.send("/start")
    assert (replies[0].text or "").startswith(GREETING)
    assert len([m for m in anna.bot_messages if (m.text or "").startswith(GREETING)]) == 1
    retries = [r.getMessage() for r in caplog.records]
    assert retries == [
        "telegram: sendMessage failed (TelegramServerError: Bad Gateway); "
        "trying again in 0.5 s (attempt 2 of 4)",
        "telegram: sendMessage failed (TelegramServerError: Gateway Timeout); "
        "trying again in 1.0 s (attempt 3 of 4)",
    ]


async def test_429_is_waited_out_when_short(
    rig: InProcessBot, anna: Person, caplog: pytest.LogCaptureFixture
) -> None:
    rig.standin.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    with caplog.at_level(logging.WARNING, logger="bot.middlewares.retry"):
        replies = await anna.send("/start")
    assert (replies[0].text or "").startswith(GREETING)
    assert [r.getMessage() for r in caplog.records] == [
        "telegram: sendMessage failed (429, retry after 1 s); trying again in 1.0 s "
        "(attempt 2 of 4)"
    ]


async def test_past_the_limit_the_update_fails_cleanly_and_the_next_one_is_answered(
    rig: InProcessBot, anna: Person, caplog: pytest.LogCaptureFixture
) -> None:
    rig.standin.fail("sendMessage", 500, "Internal Server Error", times=5)  # 4 tries + apology
    with caplog.at_level(logging.WARNING):
        await anna.send("/start")
    assert not [m for m in anna.bot_messages if (m.text or "").startswith(GREETING)]
    assert any("update" in r.getMessage() and "failed" in r.getMessage() for r in caplog.records)
    replies = await anna.send("/start")  # the account was kept: «welcome back»
    assert (replies[0].text or "").startswith("С возвращением, Анна!")


async def test_the_notification_sender_keeps_its_own_rules(rig: InProcessBot) -> None:
    """Outside an update nothing is retried by the middleware: the sender decides."""
    rig.standin.fail("sendMessage", 500, "Internal Server Error")
    rig.standin.chat(-100500, "supergroup", "Операторы")
    with pytest.raises(Exception, match="Internal Server Error"):
        await rig.bot.send_message(-100500, "без повторов")
    assert rig.standin.chats[-100500].messages == []
