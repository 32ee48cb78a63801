"""The catalogue: every key in Russian and English, the English really English, and all render."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, FluentSerializer, ast

from core.i18n import LOCALES_DIR, Catalogue, fold, functions, locale_for


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue()


def test_every_key_exists_in_russian_and_english(catalogue: Catalogue) -> None:
    assert catalogue.keys("ru") == catalogue.keys("en")
    assert len(catalogue.keys("ru")) > 20


def test_english_differs_from_russian(catalogue: Catalogue) -> None:
    same = [
        key
        for key in catalogue.keys("ru") - SAME_EVERYWHERE
        if catalogue.text("ru", key, _SAMPLE) == catalogue.text("en", key, _SAMPLE)
    ]
    assert same == []


_SAMPLE = {
    "name": "Анна",
    "relation": "child",
    "linked": "false",
    "insurer": "СК",
    "sections": "•",
    "phone": "+7",
    "email": "a@b.c",
    "title": "t",
    "count": 3,
    "text": "<b>Текст</b>",
    "number": 7,
    "total": 10,
    "sent": 5,
    "failed": 1,
    "blocked": 1,
    "left": 3,
    "length": 5000,
    "limit": 4000,
    "start": "22:00",
    "end": "09:00",
    "version": "2025-09-01",
    "address": "anna@example.ru",
    "minutes": 10,
    "seconds": 40,
    "code": "123456",
    "last_name": "Петрова",
    "first_name": "Анна",
    "middle_name": "Сергеевна",
    "birth_date": "07.03.1990",
    "sex": "ж",
    "document_type": "Паспорт РФ",
    "document": "•••• 7654",
    "pin": "да",
    "what": "адрес",
    "kind": "ДМС",
    "state": "действует",
    "program": "Стандарт",
    "employer": "ООО",
    "franchise": "нет",
    "description": "Описание",
    "covers": "• приём",
    "service": "Приём",
    "clinic": "C1",
    "patient": "Мария",
    "names": "Мария — ребёнок",
    "holder": "Петрова Анна Сергеевна",
    "date": "01.02.2026",
    "cost": "1 500.00",
    "items": "…",
    "pages": 2,
    "page": 1,
    "percent": 10,
    "days": 3,
    "profile": 5,
    "reason": "Фамилия другая",
    "link": "https://t.me/bot?start=inv_x",
    "profile_name": "Петрова Анна",
    "profile_birth": "07.03.1990",
    "policy": "ДМС100",
    "policy_name": "Петрова Анна",
    "policy_birth": "07.03.1990",
    "held": "no",
    "known": "yes",
    "operator": "Ольга",
    "query": "anna@example.ru",
    "policies": "ДМС100",
    "since": "24.11 12:00",
    "zone": "Europe/Moscow",
    "time": "12:30",
    "when": "2026-11-24",
    "retry": "26.11.2026",
    "month": "Ноябрь 2026",
    "months": "•",
    "filter": "",
    "from": 1,
    "to": 5,
    "n": 1,
    "distance": "850 м",
    "booking": "",
    "letters": 2,
    "specialty": "кардиолог",
    "lat": "55.75390",
    "lon": "37.62080",
    "place": "Дом",
    "value": 3.2,
    "places": "Дом: 55.75, 37.62",
    "specialties": "терапевт",
    "doctor": "Андреева Мария Петровна",
    "year": "2026",
    "hours": 24,
    "status": "",
    "flag": "",
    "photos": 2,
    "amount": 24,
    "unit": "hours",
    "lines": "1. Клиника",
    "shown": 5,
    "min": 10,
    "max": 4000,
    "author": "person",
    "until": "25.11.2026 10:30",
    "last4": "4242",
    "ttl": "30 мин",
    "brand": "Visa",
    "expiry": "12/30",
    "stage": "active",
    "hotline": "+7 800 000-00-00",
    "access": "30 мин",
    "activation": "24 ч",
    "active": "26.11.2026 10:00",
    "card": "Карта не привязана.",
    "clinics": "25.11.2026 10:30",
    "check": 3,
    "day": "25.11.2026",
    "company": "Demo Assistance",
    "call": "Записаться можно по телефону клиники: +74951234567.",
    "missing": "card",
    "delay": "30 мин",
    "letter": "ГП-2026/17",
    "question": "Какое отделение?",
    "valid_until": "31.12.2026",
    "limited": "yes",
    "first": "07.12.2026",
    "last": "07.03.2027",
    "numbers": "Г-000001, Г-000002",
    "language": "ru",
    "programme": "Путешествия",
    "assistance": "+33123456789",
    "where": "location",
    "told": "yes",
    "map": "https://maps.google.com/?q=48.858370,2.294481",
    "ends": "31.12.2026",
    "latin": "VZR-1",
    "care": "doctor",
    "currency": "EUR",
    "account": "40817 •••• 4567",
    "bic": "044525225",
    "recipient": "Петрова Анна Сергеевна",
    "request": "Выписка",
    "approved": 12050,
    "scoped": "yes",
    "scope": "МРТ коленного сустава",
    "mailed": "yes",
    "age": 7,
}
# Texts that are the same in every language on purpose (an administrator's own words).
# And layouts made only of values already in the person's language, emoji and punctuation.
SAME_EVERYWHERE = {
    "broadcast-message",
    "clinic-card",
    "clinics-line",
    "clinics-line-distance",
    "bills-month",  # the month arrives already translated
    "visit-status-confirmed",  # nothing to add to a confirmed visit, in any language
    "booking-clinic-subject",  # to the clinic, in Russian whatever the language: one layout
}


def test_every_text_renders_without_errors(catalogue: Catalogue) -> None:
    from fluent.runtime import FluentBundle, FluentResource

    for locale in catalogue.locales:
        bundle = FluentBundle([locale], functions(locale), use_isolating=False)
        for path in (LOCALES_DIR / locale).glob("*.ftl"):
            bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
        for key in catalogue.keys(locale):
            _value, errors = bundle.format_pattern(bundle.get_message(key).value, _SAMPLE)
            assert errors == [], (locale, key)


def test_missing_key_falls_back_visibly(catalogue: Catalogue) -> None:
    assert catalogue.text("en", "no-such-key") == "no-such-key"


def test_locale_for_telegram_language() -> None:
    assert locale_for("en") == "en"
    assert locale_for("en-GB") == "en"
    assert locale_for("ru") == "ru"
    assert locale_for("de") == "ru"
    assert locale_for(None) == "ru"


def test_typed_labels_match_buttons(catalogue: Catalogue) -> None:
    assert fold("ℹ️ Помощь!") == "помощь"
    assert fold("Ёлка") == "елка"
    assert catalogue.matches("menu-help", "помощь")
    assert catalogue.matches("menu-help", "HELP")
    assert catalogue.matches("menu-help", "ℹ️ Помощь")
    assert not catalogue.matches("menu-help", "помощь нужна")
    assert not catalogue.matches("menu-help", "ℹ️")
    assert not catalogue.matches("menu-help", "")


def test_html_in_parameters_is_escaped(catalogue: Catalogue) -> None:
    _ = catalogue.translator("ru")
    assert "&lt;i&gt;" in _("greeting-back", name="<i>")
    assert "<i>" in _.plain("greeting-back", name="<i>")


def test_a_long_value_goes_through_whole(catalogue: Catalogue) -> None:
    """Fluent cuts a placeable at 2,500 characters; a ticket's text may be 4,000."""
    text = "начало " + "ж" * 5000 + " конец"
    shown = catalogue.translator("ru")("ticket-answered", number="Ж-000001", text=text)
    assert shown.endswith(text)
    assert "Ж-000001" in shown


def test_a_request_number_is_written_without_grouping(catalogue: Catalogue) -> None:
    """«проверка личности №12345», not «№12 345»: a number to quote, not a quantity."""
    args = {"number": "ДМС-1", "check": 12345, "policy": "ДМС-2"}
    assert "№12345 " in catalogue.text("ru", "identity-open", args)
    assert "#12345 " in catalogue.text("en", "identity-open", args)


# English texts with Cyrillic on purpose: the language choice names Russian in Russian.
CYRILLIC_IN_ENGLISH = {"cmd-language", "language-ru", "language-en"}


def sources(locale: str) -> Iterator[tuple[str, str]]:
    """Each message of `locale` as written in its file (without its comment)."""
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, ast.Message):
                entry.comment = None
                yield entry.id.name, FluentSerializer().serialize_entry(entry)


def test_english_is_english() -> None:
    """No Russian word in an English text: statuses, marks and kinds included."""
    cyrillic = re.compile("[А-Яа-яЁё]")
    russian = {key for key, source in sources("en") if cyrillic.search(source)}
    assert russian == CYRILLIC_IN_ENGLISH


def test_data_with_a_form_per_language_is_written_by_the_catalogue() -> None:
    """A specialty goes through SPECIALTY, and no text writes a currency beside an amount: the
    money format has the sign (core/money.py)."""
    for locale in ("ru", "en"):
        for key, source in sources(locale):
            assert "{ $specialty }" not in source, (locale, key)
            assert not re.search("₽|RUB|руб[.л ]", source), (locale, key)


def test_the_demonstrations_mark_is_in_the_readers_language(catalogue: Catalogue) -> None:
    """Made-up data is stored with «(демо)»; an English reader sees "(demo)", in a text's
    parameters and in a label from data alike, and a mark inside a value is the value's own."""
    insurer = {"name": "Jo", "insurer": "СК «Пример» (демо)"}
    assert "СК «Пример» (demo)" in catalogue.text("en", "greeting-new", insurer)
    assert "СК «Пример» (демо)" in catalogue.text("ru", "greeting-new", insurer)
    assert catalogue.translator("en").datum("Андреева (демо)") == "Андреева (demo)"
    assert catalogue.translator("ru").datum("Андреева (демо)") == "Андреева (демо)"
    assert catalogue.translator("en").datum("«(демо)» — так помечено") == "«(демо)» — так помечено"


def test_a_broken_file_stops_the_load_and_says_where(tmp_path: Path) -> None:
    for locale in ("ru", "en"):
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "a.ftl").write_text("fine = Хорошо\n", encoding="utf-8")
    (tmp_path / "en" / "b.ftl").write_text("fine = Fine\nbroken = { $\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"en/b\.ftl: cannot parse 'broken = \{ \$'"):
        Catalogue((tmp_path,))
    (tmp_path / "en" / "b.ftl").write_text("other = Other\n", encoding="utf-8")
    assert Catalogue((tmp_path,)).text("en", "other") == "Other"
