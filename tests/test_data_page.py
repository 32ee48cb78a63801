"""«Выгрузить мои данные»: the HTML page reads like a document for its person (core/data_page.py):
labels and values in their language, times in their zone, no internal ids, fit for a phone. The
JSON beside it stays the machine-readable export it was."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.data_page import render_html
from core.i18n import Catalogue
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from tests.conftest import make_settings
from tests.people import signed_up_as_petrova

YEKATERINBURG = ZoneInfo("Asia/Yekaterinburg")  # UTC+5 all year
TELEGRAM_ID, EARLIER_ID, CHECK_ID = 777000111, 888000222, 93517


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)  # a whole sign-up at once


def exported() -> dict[str, Any]:
    """As `DataRights.export` gives it."""
    return {
        "exported_at": "2026-11-24T09:00:00+00:00",
        "telegram_account": {
            "telegram_id": TELEGRAM_ID,
            "language": "ru",
            "time_zone": "Asia/Yekaterinburg",
            "first_seen": "2026-11-20T18:30:00+00:00",
            "recovered_from": [EARLIER_ID],
        },
        "profile": {
            "email": "anna@example.ru", "phone": "+79991234567", "last_name": "Петрова",
            "first_name": "Анна", "middle_name": None, "birth_date": "1990-03-07", "sex": "f",
            "document_type": "rf-passport", "document": "4510 987654", "pin_set": False,
            "signed_up": "2026-11-20T18:35:00+00:00",
        },
        "policies": [{"number": "ДМС100", "kind": "DMS", "program": "P1",
                      "program_name": "Стандарт", "start": "2026-01-01",
                      "end": "2026-12-31", "employer": "ООО Ромашка", "terminated": False}],
        "services": [{"policy": "ДМС100", "date": "2026-11-10", "clinic": "C1",
                      "service": "Приём терапевта", "cost": "2400.00"}],
        "saved_places": [],
        "visits": [{"starts_at": "2026-11-25T07:00:00+00:00", "clinic": "Клиника",
                    "specialty": "терапевт", "doctor": "Андреева", "status": "confirmed",
                    "booked_at": "2026-11-24T09:00:00+00:00"}],
        "tickets": [],
        "identity_checks": [{"number": CHECK_ID, "policy": "ДМС100", "status": "rejected",
                             "submitted_at": "2026-11-21T10:00:00+00:00",
                             "decided_at": "2026-11-21T11:00:00+00:00",
                             "reason": "Фото нечёткое", "photos_kept": 3}],
        "card": None,
        "franchises": [],
        "charges": [{"service": "S1", "kind": "charge", "amount": "1234567.50", "percent": 10,
                     "status": "paid", "card": "4242", "at": "2026-11-22T10:00:00+00:00"}],
        "consents": [{"document": "terms", "version": "2025-09-01",
                      "accepted_at": "2026-11-20T18:31:00+00:00"}],
        "messages": [{"kind": "policy_expiry", "due_at": "2026-12-01T07:00:00+00:00",
                      "status": "pending", "text": "policy-expiry",
                      "parameters": {"number": "ДМС100", "days": 30, "end": "31.12.2026"}}],
        "clinic_mail": [],
        "audit": [{"at": "2026-11-24T09:00:00+00:00", "action": "data.export", "object": "user"}],
    }  # fmt: skip


def test_the_page_speaks_the_persons_language_and_time(catalogue: Catalogue) -> None:
    page = render_html(exported(), catalogue.translator("ru"), YEKATERINBURG)
    for expected in (
        "<html lang='ru'>",
        "Выгрузка от 24.11.2026 14:00. Время указано по часовому поясу Asia/Yekaterinburg.",
        "<th>Впервые написали боту</th><td>20.11.2026 23:30</td>",
        "<th>Дата рождения</th><td>07.03.1990</td>",
        "<th>Пол</th><td>Женский</td>",
        "<th>Отчество</th><td>—</td>",
        "<th>PIN-код задан</th><td>нет</td>",
        "<td data-label='Начало'>01.01.2026</td>",
        "<td data-label='Программа'>Стандарт</td>",  # its name, not the insurer's code
        "<td data-label='Время визита'>25.11.2026 12:00</td>",
        "<td data-label='Состояние'>подтверждена</td>",
        "<td data-label='Состояние'>отклонена</td>",
        "<td data-label='Документ'>пользовательское соглашение</td>",
        "<td data-label='Действие'>данные выгружены</td>",
        # Money and specialties as the bot writes them (core/money.py, core/specialties.py):
        "<td data-label='Стоимость'>2\u00a0400,00\u00a0₽</td>",
        "<td data-label='Сумма'>1\u00a0234\u00a0567,50\u00a0₽</td>",
        "<td data-label='Специальность'>терапевт</td>",
        # The reminder as it will read, not the name of its text:
        "Полис ДМС100 заканчивается 31.12.2026 — через 30 дней.",
    ):
        assert expected in page, expected
    assert "policy-expiry" not in page
    assert not re.search(r"\d{4}-\d\d-\d\dT", page)  # no machine time stamps


def test_the_page_holds_no_internal_ids(catalogue: Catalogue) -> None:
    page = render_html(exported(), catalogue.translator("ru"), YEKATERINBURG)
    for internal in (TELEGRAM_ID, EARLIER_ID, CHECK_ID):
        assert str(internal) not in page
    assert "telegram_id" not in page
    assert "recovered_from" not in page


def test_the_page_fits_a_phone(catalogue: Catalogue) -> None:
    page = render_html(exported(), catalogue.translator("ru"), YEKATERINBURG)
    assert "<meta name='viewport' content='width=device-width, initial-scale=1'>" in page
    assert "max-width:48rem" in page
    assert "overflow-wrap:anywhere" in page
    # On a narrow screen each row of a list is a card, its cells labelled.
    assert "@media (max-width:40rem)" in page
    assert ".list td::before{content:attr(data-label)" in page
    assert "<table class='list'>" in page


def test_the_page_in_english(catalogue: Catalogue) -> None:
    page = render_html(exported(), catalogue.translator("en"), ZoneInfo("Europe/London"))
    for expected in (
        "<html lang='en'>",
        "Exported on 24.11.2026 09:00. Times are in the Europe/London time zone.",
        "<th>Date of birth</th><td>07.03.1990</td>",
        "<th>Sex</th><td>Female</td>",
        "<td data-label='Visit time'>25.11.2026 07:00</td>",
        "<td data-label='Status'>confirmed</td>",
        "<td data-label='Action'>data exported</td>",
        "<td data-label='Cost'>2,400.00\u00a0RUB</td>",
        "<td data-label='Amount'>1,234,567.50\u00a0RUB</td>",
        "<td data-label='Specialty'>general practitioner</td>",
        "Policy ДМС100 ends on 31.12.2026, in 30 days.",
    ):
        assert expected in page, expected
    assert "Выгрузка" not in page


async def test_the_export_page_in_the_persons_zone_with_the_json_unchanged(
    anna: Person, rig: InProcessBot, services: Services
) -> None:
    await signed_up_as_petrova(anna, services)
    await anna.send("/profile")
    await anna.press("🕐 Часовой пояс")
    await anna.press("Yekaterinburg")
    await anna.send("/profile")
    await anna.press("📦 Выгрузить мои данные")
    as_json, as_page = (
        rig.standin.files[m.payload["document"]["file_id"]].data
        for m in [m for m in anna.bot_messages if "document" in m.payload][-2:]
    )
    data = json.loads(as_json)
    assert data["exported_at"] == "2026-11-24T09:00:00+00:00"
    assert data["telegram_account"]["telegram_id"] == anna.id  # the JSON is for machines
    page = as_page.decode()
    assert "Выгрузка от 24.11.2026 14:00. Время указано по часовому поясу Asia/Yekaterinburg." in (
        page
    )
    assert "<meta name='viewport'" in page
    assert str(anna.id) not in page
    assert "<th>Фамилия</th><td>Петрова</td>" in page
