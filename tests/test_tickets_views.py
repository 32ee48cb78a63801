"""The tickets' keyboards and texts as pure functions (no bot, no database), and the callback
data the tickets answer for others (intents): the same strings as ever."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from aiogram.types import InlineKeyboardMarkup

from bot.features.tickets import feature
from bot.features.tickets.callbacks import Action, TicketAction
from bot.features.tickets.keyboards import (
    LIST_PAGE,
    clinics_keyboard,
    list_keyboard,
    section_keyboard,
    summary_keyboard,
    thread_keyboard,
)
from bot.features.tickets.views import PREVIEW, chunks, limit_text, summary_text
from core.i18n import Catalogue, Translator
from core.notifications import Intent
from storage.models import Clinic, Ticket


@pytest.fixture(scope="module")
def ru() -> Translator:
    return Catalogue().translator("ru")


def data(markup: InlineKeyboardMarkup) -> list[list[str | None]]:
    return [[button.callback_data for button in row] for row in markup.inline_keyboard]


def ticket(id: int, status: str = "new") -> Ticket:
    return Ticket(id=id, kind="complaint", status=status)


def test_the_buttons_keep_their_wire_format(ru: Translator) -> None:
    _ = ru
    assert data(section_keyboard(_)) == [["tk:complaint:0:0", "tk:gratitude:0:0"], ["tk:list:0:0"]]
    assert data(summary_keyboard(_)) == [["tk:send:0:0"], ["tk:edit:0:0", "tk:cancel:0:0"]]
    clinics = [Clinic(id=3, name="Ромашка " * 10)]
    markup = clinics_keyboard(_, clinics)
    assert data(markup) == [["tk:clinic:3:0"], ["tk:noclinic:0:0"]]
    assert markup.inline_keyboard[0][0].text.endswith("…")  # a long name is shortened
    assert TicketAction.unpack("tk:open:12:2") == TicketAction(action=Action.OPEN, id=12, page=2)


def test_intents_pack_the_tickets_own_buttons() -> None:
    intents = feature().intents
    assert intents[Intent.OPEN_TICKET](7) == "tk:open:7:0"
    assert intents[Intent.DESK_TAKE_TICKET](7) == "dkt:take:7"
    assert intents[Intent.DESK_ANSWER_TICKET](7) == "dkt:answer:7"
    assert intents[Intent.DESK_CLOSE_TICKET](7) == "dkt:close:7"


def test_the_list_turns_pages_only_where_there_are_more(ru: Translator) -> None:
    _ = ru
    first = list_keyboard(_, [ticket(1), ticket(2)], page=0, count=LIST_PAGE + 1)
    assert data(first) == [["tk:open:1:0"], ["tk:open:2:0"], ["tk:page:0:1"]]
    last = list_keyboard(_, [ticket(6)], page=1, count=LIST_PAGE + 1)
    assert data(last) == [["tk:open:6:1"], ["tk:page:0:0"]]
    alone = list_keyboard(_, [ticket(1)], page=0, count=1)
    assert data(alone) == [["tk:open:1:0"]]


def test_a_closed_thread_offers_no_follow_up(ru: Translator) -> None:
    _ = ru
    open_ = [["tk:write:4:1"], ["tk:solved:4:1"], ["tk:list:0:1"]]
    for status in ("new", "in_progress", "answered"):
        assert data(thread_keyboard(_, ticket(4, status), page=1)) == open_
    for status in ("closed", "solved"):
        assert data(thread_keyboard(_, ticket(4, status), page=1)) == [["tk:list:0:1"]]


def test_the_summary_shows_the_start_of_a_long_text(ru: Translator) -> None:
    _ = ru
    text = "а" * (PREVIEW + 10)
    shown = summary_text(_, "complaint", None, text, 2)
    assert "а" * PREVIEW + "…" in shown
    assert "а" * (PREVIEW + 1) not in shown
    assert _("tickets-summary-no-clinic") in shown


def test_the_limit_says_when_in_the_persons_time(ru: Translator) -> None:
    _ = ru
    until = datetime(2026, 3, 14, 21, 30, tzinfo=UTC)
    said = limit_text(_, until, ZoneInfo("Asia/Vladivostok"))
    assert "15.03.2026 после 07:30" in said


def test_a_thread_is_cut_into_messages_at_block_boundaries() -> None:
    assert chunks(["a" * 5, "b" * 5], limit=12) == ["aaaaa\n\nbbbbb"]
    assert chunks(["a" * 5, "b" * 6], limit=12) == ["aaaaa", "bbbbbb"]
    assert chunks(["c" * 25], limit=10) == ["c" * 10, "c" * 10, "c" * 5]
