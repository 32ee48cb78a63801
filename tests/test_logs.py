"""Logs: the update's ids on every record written while it is handled; personal data never."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.types import Message, TelegramObject, Update

from bot.logs import configure_logging, current_update, mask_personal_data
from bot.middlewares.log_context import LogContext
from core.cards import luhn_valid
from core.settings import LogFormat, Settings

logger = logging.getLogger("tests.logs")

UPDATE_ID = 123456789
USER_ID = 5012345678
GROUP_ID = -1001234567890

Capture = Callable[[LogFormat], StringIO]


def an_update(chat_id: int = USER_ID, text: str = "hello") -> Update:
    chat = (
        {"id": chat_id, "type": "private", "first_name": "Anna"}
        if chat_id > 0
        else {"id": chat_id, "type": "supergroup", "title": "Clinic"}
    )
    return Update.model_validate(
        {
            "update_id": UPDATE_ID,
            "message": {
                "message_id": 1,
                "date": 1714566896,
                "chat": chat,
                "from": {"id": USER_ID, "is_bot": False, "first_name": "Anna"},
                "text": text,
            },
        }
    )


def handler_data(update: Update) -> dict[str, Any]:
    """What aiogram's UserContextMiddleware has put into the data by the time ours run."""
    assert update.message is not None
    return {"event_from_user": update.message.from_user, "event_chat": update.message.chat}


@pytest.fixture
def capture(tmp_path: Path) -> Iterator[Capture]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level, logging.getLogger("aiogram.event").level

    def configure(log_format: LogFormat) -> StringIO:
        stream = StringIO()
        configure_logging(Settings(data_dir=tmp_path, log_format=log_format), stream=stream)
        return stream

    yield configure
    root.handlers[:], level, event_level = saved
    root.setLevel(level)
    logging.getLogger("aiogram.event").setLevel(event_level)


def json_lines(stream: StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def log_inside(update: Update, message: str = "handled") -> None:
    async def handler(event: TelegramObject, data: dict[str, Any]) -> str:
        logger.info(message)
        return "done"

    assert await LogContext()(handler, update, handler_data(update)) == "done"


# --- The update's ids ---


async def test_json_records_inside_an_update_carry_its_ids(capture: Capture) -> None:
    stream = capture(LogFormat.JSON)
    logger.info("before")
    await log_inside(an_update(GROUP_ID))
    logger.info("after")

    before, inside, after = json_lines(stream)
    assert inside["message"] == "handled"
    assert inside["update_id"] == UPDATE_ID
    assert inside["user_id"] == USER_ID
    assert inside["chat_id"] == GROUP_ID
    for outside in (before, after):
        assert not {"update_id", "user_id", "chat_id"} & outside.keys()
    assert current_update.get() is None


async def test_text_records_inside_an_update_show_its_id(capture: Capture) -> None:
    stream = capture(LogFormat.TEXT)
    await log_inside(an_update())
    logger.info("after")

    inside, after = stream.getvalue().splitlines()
    assert inside.endswith(f"tests.logs: handled [update {UPDATE_ID}]")
    assert after.endswith("tests.logs: after")


async def test_the_update_id_comes_before_the_traceback(capture: Capture) -> None:
    stream = capture(LogFormat.TEXT)

    async def handler(event: TelegramObject, data: dict[str, Any]) -> None:
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logger.exception("failed")

    await LogContext()(handler, an_update(), {})
    first, *rest = stream.getvalue().splitlines()
    assert first.endswith(f"failed [update {UPDATE_ID}]")
    assert rest[0] == "Traceback (most recent call last):"
    assert rest[-1] == "RuntimeError: boom"


async def test_an_update_without_a_person_has_only_its_id(capture: Capture) -> None:
    stream = capture(LogFormat.JSON)

    async def handler(event: TelegramObject, data: dict[str, Any]) -> None:
        logger.info("no person")

    await LogContext()(handler, an_update(), {})
    (record,) = json_lines(stream)
    assert record["update_id"] == UPDATE_ID
    assert "user_id" not in record
    assert "chat_id" not in record


async def test_ids_passed_by_the_caller_win(capture: Capture) -> None:
    stream = capture(LogFormat.JSON)

    async def handler(event: TelegramObject, data: dict[str, Any]) -> None:
        logger.error("about another update", extra={"update_id": 42})

    await LogContext()(handler, an_update(), handler_data(an_update()))
    (record,) = json_lines(stream)
    assert record["update_id"] == 42
    assert record["user_id"] == USER_ID


async def test_the_context_ends_with_the_update_even_when_it_fails(capture: Capture) -> None:
    capture(LogFormat.JSON)

    async def handler(event: TelegramObject, data: dict[str, Any]) -> None:
        assert current_update.get() is not None
        raise RuntimeError("handler failed")

    with pytest.raises(RuntimeError, match="handler failed"):
        await LogContext()(handler, an_update(), handler_data(an_update()))
    assert current_update.get() is None


async def test_through_the_dispatcher(capture: Capture) -> None:
    """Wired as bot/app.py does: the ids come from aiogram's own user context."""
    stream = capture(LogFormat.JSON)
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        logger.info("got %s", message.text)

    dispatcher = Dispatcher()
    dispatcher.update.outer_middleware(LogContext())
    dispatcher.include_router(router)
    bot = Bot("42:TEST")
    try:
        await dispatcher.feed_update(bot, an_update(text="hi"))
    finally:
        await bot.session.close()

    (record,) = json_lines(stream)
    assert record["message"] == "got hi"
    assert (record["update_id"], record["user_id"], record["chat_id"]) == (
        UPDATE_ID,
        USER_ID,
        USER_ID,
    )


# --- Personal data ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail to ivan.petrov@mail.ru → outbox", "mail to i***@mail.ru → outbox"),
        ("<Anna.K+bot@example.com>", "<A***@example.com>"),
        ("sms to +79991234567", "sms to +7***4567"),
        ("sms to +7 (999) 123-45-67.", "sms to +7***4567."),
        ("phone=89991234567", "phone=+7***4567"),
        ("тел. 8 999 123 45 67", "тел. +7***4567"),
        ("8-999-123-45-67", "+7***4567"),
        ("card 4242 4242 4242 4242 declined", "card [card] declined"),
        ("pan=4242424242424242;", "pan=[card];"),
        ("5555-5555-5555-4444", "[card]"),
        ("pan 5555.5555.5555.4444 exp 12/29", "pan [card] exp 12/29"),
        ("text='карта\n4242\n4242\u00a04242\u202f4242'", "text='карта\n[card]'"),
        ("4242  4242  4242  4242 / 4242/4242/4242/4242", "[card] / [card]"),
        ("pan 4242–4242–4242–4242 exp 12/29", "pan [card] exp 12/29"),
        ("text='4242—4242 − 4242\u20114242'", "text='[card]'"),
        ("text='4242 4242\n\n4242 4242'", "text='[card]'"),
        ("text='4242 4242\r\n \r\n4242 4242'", "text='[card]'"),
        ("text='8 4242 4242 4242 4242'", "text='8 [card]'"),
        ("pan=12 4242424242424242;", "pan=12 [card];"),
        ("1234 4242 4242 4242 4242", "1234 [card]"),
        ("passport 4510 123456 saved", "passport [passport] saved"),
        ("document: 45 10 123456", "document: [passport]"),
        ("паспорт: 4510123456", "паспорт: [passport]"),
        ("code 123456", "code [hidden]"),
        ("код: 1234", "код: [hidden]"),
        ("Code=87654321 sent", "Code=[hidden] sent"),
        ("неверный ввод кода 654321", "неверный ввод кода [hidden]"),
        ("{'code': '123456', 'attempts': 2}", "{'code': '[hidden]', 'attempts': 2}"),
        ("the code is 4321", "the code is [hidden]"),
        ("code 4242 4242 4242 4242", "code [card]"),
        ("код 4510 123456", "код [passport]"),
        (
            "code 123456 sent to ivan@mail.ru and +79991234567",
            "code [hidden] sent to i***@mail.ru and +7***4567",
        ),
    ],
)
def test_personal_data_is_masked(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


NOT_A_CARD = "1234567890123456"


@pytest.mark.parametrize(
    "text",
    [
        f"Update id={UPDATE_ID} is handled. Duration 15 ms by bot id=7123456789",
        f"update {UPDATE_ID} failed: RuntimeError",
        f"chat {GROUP_ID}: message 987 deleted",
        f"chat_id={GROUP_ID} user_id={USER_ID} user 8123456789",
        f"update {NOT_A_CARD} (an id, not a card: it fails Luhn)",
        "2024-05-01 12:00:00,123 and 2024-05-01T12:00:00.123+00:00",
        "sent_at=1714566896 next 1714566956",
        "listening on 0.0.0.0:8080, database 127.0.0.1:5432",
        "took 1234.5678 ms, 0.004321 s, 10000 messages at 29.2 per second",
        "HTTP 429: retry after 35; status code 404",
        "request 550e8400-e29b-41d4-a716-446655440000",
        "Run polling for bot @dms_bot id=7123456789 - 'ДМС'",
        "policy ДМС-2024-000123, franchise 1500000 kopecks",
        "visits 01.01.2026\n16.01.2027, policy 0001/2026/123450",
        "visits 01–01–2026\n\n16–01–2027, policy 0001–2026–123450, 09:00–18:00",
        "nothing to see here",
    ],
)
def test_ordinary_numbers_survive(text: str) -> None:
    assert not luhn_valid(NOT_A_CARD)
    assert mask_personal_data(text) == text


@pytest.mark.parametrize("log_format", [LogFormat.JSON, LogFormat.TEXT])
def test_arguments_are_masked_after_formatting(capture: Capture, log_format: LogFormat) -> None:
    stream = capture(log_format)
    logger.info("mail to %s, sms to %s", "ivan@mail.ru", "+79991234567")
    logger.info("code %(code)s for %(who)s", {"code": "123456", "who": "anna@example.com"})
    logger.warning("card %r refused", "4242 4242 4242 4242")

    output = stream.getvalue()
    for secret in ("ivan@mail.ru", "9991234567", "123456", "anna@", "4242 4242"):
        assert secret not in output
    for masked in ("i***@mail.ru", "+7***4567", "code [hidden]", "a***@example.com", "[card]"):
        assert masked in output


@pytest.mark.parametrize("log_format", [LogFormat.JSON, LogFormat.TEXT])
def test_tracebacks_are_masked(capture: Capture, log_format: LogFormat) -> None:
    stream = capture(log_format)
    try:
        raise ValueError("no account for ivan@mail.ru, passport 4510 123456, code 9876")
    except ValueError:
        logger.exception("sign-up of %s failed", "+7 999 123-45-67")

    output = stream.getvalue()
    for secret in ("ivan@mail.ru", "123-45-67", "4510 123456", "9876"):
        assert secret not in output
    assert "sign-up of +7***4567 failed" in output
    assert "ValueError: no account for i***@mail.ru, passport [passport], code [hidden]" in output
    if log_format is LogFormat.JSON:
        (record,) = json_lines(stream)
        assert "Traceback (most recent call last)" in record["exception"]


def test_handlers_after_ours_see_the_masked_record(capture: Capture) -> None:
    capture(LogFormat.JSON)
    later = logging.StreamHandler(StringIO())
    logging.getLogger().addHandler(later)
    logger.info("to %s", "ivan@mail.ru")
    assert later.stream.getvalue() == "to i***@mail.ru\n"


def test_arguments_that_do_not_fit_do_not_break_logging(capture: Capture) -> None:
    stream = capture(LogFormat.JSON)
    logger.info("to %s and %s", "ivan@mail.ru")
    (record,) = json_lines(stream)
    assert "i***@mail.ru" in record["message"]
    assert "ivan@mail.ru" not in record["message"]
