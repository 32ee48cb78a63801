"""The booking's keyboards, called directly (no bot): the calendar offers the free days and turns
to the months that hold bookable ones; the buttons pack as they always have (old buttons on
people's phones, and reminders already sent, keep working)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup

from bot.features.booking import keyboards
from bot.features.booking.callbacks import Action, BookAction, OnVisit, VisitAction
from core.i18n import default_catalogue

RU = default_catalogue().translator("ru")
NONE = "bk:none:0:0:0:"
MOSCOW = ZoneInfo("Europe/Moscow")  # the times are local, on the clinic's wall clock
FIRST, LAST = date(2026, 11, 20), date(2027, 1, 10)  # the bookable days


def cells(markup: InlineKeyboardMarkup) -> list[list[tuple[str, str | None]]]:
    return [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]


def test_the_calendar_offers_the_free_days_and_nothing_else() -> None:
    free = {date(2026, 11, 25), date(2026, 11, 26)}
    rows = cells(keyboards.calendar(RU, date(2026, 11, 1), free=free, first=FIRST, last=LAST))
    assert rows[0] == [("Ноябрь 2026", NONE)]
    assert [label for label, _ in rows[1]] == ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
    weeks = rows[2:-1]
    assert len(weeks) == 6  # 1 November 2026 is a Sunday; the 30th a Monday
    assert weeks[0] == [(" ", NONE)] * 6 + [("·", NONE)]
    offered = {label: data for week in weeks for label, data in week if data != NONE}
    assert offered == {"25": "bk:day:0:0:0:2026-11-25", "26": "bk:day:0:0:0:2026-11-26"}
    days_shown = [label for week in weeks for label, _ in week if label != " "]
    assert days_shown.count("·") == 28
    assert all(len(week) == 7 for week in weeks)


def test_the_calendar_turns_to_the_months_that_hold_bookable_days() -> None:
    def turn(month: date) -> list[tuple[str, str | None]]:
        return cells(keyboards.calendar(RU, month, free=set(), first=FIRST, last=LAST))[-1]

    assert turn(date(2026, 11, 1)) == [("▶️", "bk:month:0:0:0:2026-12-01")]
    assert turn(date(2026, 12, 1)) == [
        ("◀️", "bk:month:0:0:0:2026-11-01"),
        ("▶️", "bk:month:0:0:0:2027-01-01"),
    ]
    assert turn(date(2027, 1, 1)) == [("◀️", "bk:month:0:0:0:2026-12-01")]  # February: none
    assert turn(date(2027, 1, 1))[0][1] == BookAction(action=Action.MONTH, on="2026-12-01").pack()
    # A month with every bookable day in it: no arrows, and no empty row left for them.
    alone = cells(
        keyboards.calendar(RU, date(2026, 11, 1), free=set(), first=FIRST, last=date(2026, 11, 30))
    )
    assert alone[-1][0] in {("·", NONE), (" ", NONE)}


def test_times_and_visits_keyboards() -> None:
    times = cells(
        keyboards.times(RU, [(n, datetime(2026, 11, 26, 9 + n, tzinfo=MOSCOW)) for n in range(5)])
    )
    assert [label for label, _ in times[0]] == ["09:00", "10:00", "11:00", "12:00"]
    assert times[1] == [("13:00", "bk:time:0:4:0:")]
    assert times[2] == [("📅 Другой день", "bk:days:0:0:0:")]
    assert cells(keyboards.doctors(RU, ["Андреева"], other_specialty=True)) == [
        [("Андреева", "bk:doctor:0:0:0:")],
        [("🩺 Другая специальность", "bk:specialties:0:0:0:")],
    ]
    assert cells(keyboards.doctors(RU, ["Андреева"], other_specialty=False)) == [
        [("Андреева", "bk:doctor:0:0:0:")]
    ]
    visits = cells(keyboards.visits(RU, [(3, datetime(2026, 11, 26, 12, 0, tzinfo=MOSCOW))], 0))
    assert visits == [
        [("❌ Отменить 26.11 12:00", "vs:cancel:3"), ("🔁 Перенести 26.11 12:00", "vs:move:3")],
        [("🕘 Прошедшие", "vs:past:0")],
    ]
    # A family member's visits (core/family.py): «Прошедшие» names whose.
    assert cells(keyboards.visits(RU, [], 12)) == [[("🕘 Прошедшие", "vs:past:12")]]


def test_buttons_pack_and_unpack_as_they_always_have() -> None:
    assert BookAction(action=Action.CLINIC, clinic=7).pack() == "bk:clinic:7:0:0:"
    assert BookAction(action=Action.SPECIALTY, n=2).pack() == "bk:specialty:0:0:2:"
    assert BookAction(action=Action.CONFIRM, slot=42).pack() == "bk:confirm:0:42:0:"
    assert BookAction.unpack("bk:day:0:0:0:2026-11-25").action is Action.DAY
    assert VisitAction(action=OnVisit.CANCELLED, visit=5).pack() == "vs:cancelled:5"
    assert VisitAction.unpack("vs:list:0").action is OnVisit.LIST
    assert [a.value for a in Action] == [
        "clinic", "clinics", "specialty", "doctor", "month", "day", "none", "days", "time",
        "confirm", "specialties",
    ]  # fmt: skip
    assert [a.value for a in OnVisit] == ["list", "past", "cancel", "cancelled", "move"]
