"""The core parsers behind typed answers: dates, short words, cities, specialties, and what looks
like a policy number. No bot; fixed dates."""

from __future__ import annotations

from datetime import date

import pytest

from core.cities import CITIES, ZONES, zone_label, zone_of_city
from core.dates import NoSuchDay, NotADate, parse_date
from core.people import (
    DocumentType,
    Invalid,
    canonical_policy_number,
    looks_like_policy_number,
    parse_birth_date,
    printed_policy_number,
)
from core.profile import valid_pin
from core.specialties import names_of, specialty_named
from core.typed import means_none, means_yes, place_in_list, typed_document_type, typed_sex

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    "typed",
    [
        "14.03.1985",
        "14.3.85",
        "14.03.85",
        "14/03/1985",
        "14-03-1985",
        "14 03 1985",
        "1985-03-14",
        "14 марта 1985",
        "14 МАРТА 1985 г.",
        "14 марта 1985 года",
        "14 март 1985",
        "14 мар. 1985",
        "14 March 1985",
        "14 mar 1985",
        "March 14, 1985",
        "march 14th 1985",
        "Mar. 14, 85",
    ],
)
def test_a_date_as_people_write_it(typed: str) -> None:
    assert parse_date(typed, TODAY) == date(1985, 3, 14)


@pytest.mark.parametrize(
    ("typed", "born"),
    [
        ("24.11.26", date(2026, 11, 24)),  # today: 0 years old
        ("25.11.26", date(1926, 11, 25)),  # tomorrow a century ago: 99, not −1
        ("1.1.00", date(2000, 1, 1)),
        ("31.12.99", date(1999, 12, 31)),
        ("1.1.27", date(1927, 1, 1)),
    ],
)
def test_two_digit_years_make_an_age_from_0_to_100(typed: str, born: date) -> None:
    assert parse_date(typed, TODAY) == born
    assert 0 <= (TODAY - born).days / 365.25 <= 100


@pytest.mark.parametrize("typed", ["", "вчера", "14 мартобря 1985", "14.03", "1985", "14031985"])
def test_no_date(typed: str) -> None:
    with pytest.raises(NotADate):
        parse_date(typed, TODAY)


@pytest.mark.parametrize("typed", ["31.02.1990", "31 февраля 1990", "February 30, 1990", "0.1.90"])
def test_no_such_day(typed: str) -> None:
    with pytest.raises(NoSuchDay):
        parse_date(typed, TODAY)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("7 марта", "birth-format"),
        ("29.02.1990", "birth-not-real"),
        ("01.01.2030", "birth-future"),
        ("01.01.26", "birth-too-young"),
        ("01.01.1890", "birth-too-old"),
    ],
)
def test_birth_dates_keep_their_messages(typed: str, reason: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_birth_date(typed, TODAY)
    assert refused.value.reason == reason


def test_a_leap_day_born_in_a_leap_year() -> None:
    assert parse_birth_date("29.02.88", TODAY) == date(1988, 2, 29)


@pytest.mark.parametrize("typed", ["нет", "НЕТ", " нет. ", "None", "no", "No!", "без отчества"])
def test_no_patronymic(typed: str) -> None:
    assert means_none(typed)


@pytest.mark.parametrize("typed", ["Нетесов", "Сергеевна", "", None, "nobody"])
def test_a_patronymic(typed: str | None) -> None:
    assert not means_none(typed)


@pytest.mark.parametrize(
    "typed",
    ["принимаю", "Согласен", "согласна!", "да", "I accept", "accept", "Agree", "yes."],
)
def test_consent_words(typed: str) -> None:
    assert means_yes(typed)


@pytest.mark.parametrize("typed", ["нет", "не согласен", "no", "", None, "данные"])
def test_no_consent(typed: str | None) -> None:
    assert not means_yes(typed)


@pytest.mark.parametrize(
    ("typed", "sex"),
    [
        ("м", "m"),
        ("Ж", "f"),
        ("муж", "m"),
        ("жен.", "f"),
        ("мужской", "m"),
        ("женский", "f"),
        ("m", "m"),
        ("F", "f"),
        ("male", "m"),
        ("Female", "f"),
        ("не скажу", None),
        ("", None),
    ],
)
def test_sex_words(typed: str, sex: str | None) -> None:
    assert typed_sex(typed) == sex


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("паспорт", DocumentType.RF_PASSPORT),
        ("загранпаспорт", DocumentType.RF_INTERNATIONAL),
        ("иностранный паспорт", DocumentType.FOREIGN),
        ("Passport", DocumentType.RF_PASSPORT),
        ("international passport", DocumentType.RF_INTERNATIONAL),
        ("foreign passport", DocumentType.FOREIGN),
        ("водительские права", None),
    ],
)
def test_document_words(typed: str, kind: DocumentType | None) -> None:
    assert typed_document_type(typed) == kind


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Новосибирск", "Asia/Novosibirsk"),
        ("novosibirsk", "Asia/Novosibirsk"),
        ("г. Москва", "Europe/Moscow"),
        ("Санкт-Петербург", "Europe/Moscow"),
        ("ЕКАТЕРИНБУРГ", "Asia/Yekaterinburg"),
        ("Kamchatka", "Asia/Kamchatka"),
        ("Южно-Сахалинск", "Asia/Magadan"),
        ("Париж", None),
        ("Europe/Samara", None),  # an IANA name is the profile's own parse_zone's
    ],
)
def test_cities(typed: str, zone: str | None) -> None:
    assert zone_of_city(typed) == zone


def test_every_zone_button_names_its_zone() -> None:
    assert ZONES[0] == "Europe/Kaliningrad"
    assert ZONES[-1] == "Asia/Kamchatka"
    for zone in ZONES:
        assert zone_of_city(zone_label(zone)) == zone
        assert CITIES[zone], zone


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("therapist", "терапевт"),
        ("GP", "терапевт"),
        ("ENT", "лор"),
        ("dentist", "стоматолог"),
        ("astronaut", None),
        ("", None),
    ],
)
def test_specialties_in_english(typed: str, named: str | None) -> None:
    assert specialty_named(["терапевт", "лор", "стоматолог"], typed) == named


def test_a_specialty_two_names_match_is_not_a_guess() -> None:
    assert specialty_named(["лор", "оториноларинголог"], "ENT") is None
    assert names_of("Терапевт")[:3] == ("терапевт", "general practitioner", "therapist")


@pytest.mark.parametrize(
    ("typed", "looks"),
    [
        ("ДМС-ДЕМО-0001", True),
        ("дмс 12 345", True),
        ("ДМС-1", True),
        ("VZR-2026-000123", True),
        ("привет", False),
        ("запись на приём к врачу 25", False),
        ("25.11", False),
        ("+7 999 123-45-67", False),
        ("12", False),
    ],
)
def test_what_looks_like_a_policy_number(typed: str, looks: bool) -> None:
    assert looks_like_policy_number(typed) is looks


@pytest.mark.parametrize(
    "written", ["ДМС-ДЕМО-0001", "  дмс демо 0001 ", "ДМС\u202f0001", "ДМС\u00a0-\t0001", "ВЗР–7"]
)
def test_a_printed_number_has_the_canonical_form_of_the_number(written: str) -> None:
    """The roster's key is made from the printed form; typed numbers, services and invitations
    from the raw one: both must give one key, whatever spaces the file holds."""
    assert canonical_policy_number(printed_policy_number(written)) == canonical_policy_number(
        written
    )
    assert " " not in canonical_policy_number(written)


def test_a_place_in_a_list_is_a_decimal_number_within_it() -> None:
    assert [place_in_list(typed, 3) for typed in ("1", " 3. ", "٢", "２")] == [0, 2, 1, 1]
    for typed in ("0", "4", "²", "①", "½", "1 2", "-1", "один", "", "0001"):
        assert place_in_list(typed, 3) is None, typed


def test_a_pin_is_four_to_six_ascii_digits() -> None:
    assert [valid_pin(pin) for pin in ("2580", "258013")] == [True, True]
    for pin in ("258", "2580134", "²²²²", "٢٥٨٠", "25 80", "abcd"):
        assert not valid_pin(pin), pin
