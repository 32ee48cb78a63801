"""A button's plain answer and the pressed message's buttons taken off show nothing saved: within
an update they wait for its next request, or its end (bot/middlewares/unit_of_work.py,
`DeferUnseen`), so the update is one transaction, not one before them and one after. Telegram
still gets every request, in the order the handler made them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageReplyMarkup, SendMessage
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import event

from bot.middlewares.unit_of_work import DeferUnseen, Held, unseen
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.people import with_policy

pytestmark = pytest.mark.db
__all__ = ["world"]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


def test_only_what_shows_nothing_saved_waits() -> None:
    assert unseen(AnswerCallbackQuery(callback_query_id="1"))
    assert not unseen(AnswerCallbackQuery(callback_query_id="1", text="Кнопка устарела"))
    assert not unseen(AnswerCallbackQuery(callback_query_id="1", url="https://t.me/x"))
    assert unseen(EditMessageReplyMarkup(chat_id=1, message_id=2))
    keyboard = InlineKeyboardMarkup(inline_keyboard=[])
    assert not unseen(EditMessageReplyMarkup(chat_id=1, message_id=2, reply_markup=keyboard))
    assert not unseen(SendMessage(chat_id=1, text="x"))


async def test_a_press_that_answers_first_is_one_transaction(
    rig: InProcessBot, anna: Person, services: Services, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")  # its card is shown, with «🏥 Клиники»
    commits = 0

    def counted(_connection: Any) -> None:
        nonlocal commits
        commits += 1

    before = len(rig.standin.calls)
    event.listen(services.db.engine.sync_engine, "commit", counted)
    try:
        await anna.press("🏥 Клиники")  # answers the press, then reads, writes and asks
    finally:
        event.remove(services.db.engine.sync_engine, "commit", counted)
    assert (anna.last.text or "").startswith("Отправьте своё местоположение")
    assert commits == 1
    made = [call.method for call in rig.standin.calls[before:]]
    assert made == ["answerCallbackQuery", "sendMessage"]


async def test_held_requests_go_in_order_and_after_a_failure_not_the_plain_answer() -> None:
    """What was held goes out in order; after a failed update not the plain answer (the error
    handler answers the press itself, wherever it was pressed)."""
    sent: list[str] = []

    async def bot(method: Any) -> bool:
        sent.append(type(method).__name__)
        return True

    held = Held(bot)  # type: ignore[arg-type]
    held.requests = [AnswerCallbackQuery(callback_query_id="1"), EditMessageReplyMarkup()]
    await held.send(answers=False)
    assert sent == ["EditMessageReplyMarkup"]
    held.requests = [AnswerCallbackQuery(callback_query_id="1"), EditMessageReplyMarkup()]
    await held.send()
    assert sent == ["EditMessageReplyMarkup", "AnswerCallbackQuery", "EditMessageReplyMarkup"]


async def test_a_commit_before_slow_work_sends_what_was_held(
    rig: InProcessBot, anna: Person
) -> None:
    """A handler that answers the press, then commits on purpose before slow work (a PDF, a
    payment provider: `commit_current`), has the spinner stopped then, not after the work."""
    from aiogram import Bot

    from bot.middlewares.unit_of_work import DEFERRED
    from storage.db import after_commits, commit_current

    calls: list[str] = []

    async def bot_call(method: Any) -> bool:
        calls.append(type(method).__name__)
        return True

    held = Held(bot_call)  # type: ignore[arg-type]
    token = DEFERRED.set(held)
    try:
        with after_commits(held.send):
            middleware = DeferUnseen()

            async def through(_bot: Bot, method: Any) -> Any:
                calls.append("sent " + type(method).__name__)
                return True

            answer = AnswerCallbackQuery(callback_query_id="1")
            assert await middleware(through, rig.bot, answer) is True  # type: ignore[arg-type]
            assert calls == []  # held
            await commit_current()  # before the slow work
            assert calls == ["AnswerCallbackQuery"]
    finally:
        DEFERRED.reset(token)


async def test_a_failed_press_in_the_operators_group_is_answered(
    rig: InProcessBot, anna: Person
) -> None:
    """The error handler answers a press wherever it was made: in a group it says nothing more
    (the log is enough), but the spinner stops."""
    from aiogram.types import ErrorEvent, Update

    from bot.errors import on_error

    update = Update.model_validate(
        {
            "update_id": 1,
            "callback_query": {
                "id": "77",
                "from": {"id": 5001, "is_bot": False, "first_name": "Анна"},
                "chat_instance": "x",
                "data": "dk:x",
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": -100, "type": "supergroup", "title": "Операторы"},
                    "text": "…",
                },
            },
        }
    )
    before = len(rig.standin.calls)
    event = ErrorEvent(update=update, exception=RuntimeError("boom"))
    await on_error(event, rig.bot, rig.services.catalogue)
    assert [call.method for call in rig.standin.calls[before:]] == ["answerCallbackQuery"]
