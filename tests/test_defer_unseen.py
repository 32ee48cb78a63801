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

from bot.middlewares.unit_of_work import send_deferred, unseen
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


async def test_after_a_failure_the_error_handler_answers_the_press() -> None:
    """What was held back goes out after the update, but not the plain answer when the handler
    failed: the error handler answers the press itself (with its apology after it)."""
    sent: list[str] = []

    async def bot(method: Any) -> bool:
        sent.append(type(method).__name__)
        return True

    held = [
        AnswerCallbackQuery(callback_query_id="1"),
        EditMessageReplyMarkup(chat_id=1, message_id=2),
    ]
    await send_deferred(bot, held, failed=True)  # type: ignore[arg-type]
    assert sent == ["EditMessageReplyMarkup"]
    await send_deferred(bot, held, failed=False)  # type: ignore[arg-type]
    assert sent == ["EditMessageReplyMarkup", "AnswerCallbackQuery", "EditMessageReplyMarkup"]
