"""What a reimbursement claim is made of, as people type it (core/claim_details.py): amounts in
roubles and other currencies kept in minor units, the BIC, the account checked against it with the
Bank of Russia's control key, the recipient's name, the date of care."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.claim_details import (
    Amount,
    BankDetails,
    Unreadable,
    care_date_problem,
    control_key_holds,
    mask_account,
    max_amount,
    parse_account,
    parse_amount,
    parse_bic,
    parse_recipient,
)
from core.clock import ManualClock, local_today, own_zone
from core.crypto import DataKeys
from core.i18n import default_catalogue
from tests.conftest import DATA_KEY

SBER = "044525225"
ACCOUNT = "40817810899991234567"  # its control key fits SBER's BIC


@pytest.mark.parametrize(
    ("typed", "kind", "amount"),
    [
        ("12 500", "DMS", Amount(1_250_000, "RUB")),
        ("12500,50", "DMS", Amount(1_250_050, "RUB")),
        ("12 500 ₽", "DMS", Amount(1_250_000, "RUB")),
        ("12 500 руб.", "DMS", Amount(1_250_000, "RUB")),
        ("12.500", "DMS", Amount(1_250_000, "RUB")),  # a dot grouping thousands
        ("120,50 €", "VZR", Amount(12_050, "EUR")),
        ("120.5 EUR", "VZR", Amount(12_050, "EUR")),
        ("€ 45", "VZR", Amount(4_500, "EUR")),
        ("$80", "VZR", Amount(8_000, "USD")),
        ("1,234.56 usd", "VZR", Amount(123_456, "USD")),
        ("3000 try", "VZR", Amount(300_000, "TRY")),
        ("5000 JPY", "VZR", Amount(5_000, "JPY")),  # no minor unit
        ("12 500 ₽", "VZR", Amount(1_250_000, "RUB")),
    ],
)
def test_amounts_are_kept_in_minor_units(typed: str, kind: str, amount: Amount) -> None:
    assert parse_amount(typed, policy_kind=kind) == amount


@pytest.mark.parametrize(
    ("typed", "kind", "problem"),
    [
        ("сто рублей", "DMS", "amount-unreadable"),
        ("0", "DMS", "amount-zero"),
        ("1 000 000 000", "DMS", "amount-too-big"),
        ("100 евро", "DMS", "currency-roubles-only"),
        ("120", "VZR", "currency-needed"),
        ("45 XYZ", "VZR", "currency-unknown"),
        ("10,5555 EUR", "VZR", "amount-fraction"),
        ("10.5 JPY", "VZR", "amount-fraction"),
        ("$ 10 EUR", "VZR", "amount-unreadable"),
    ],
)
def test_an_unreadable_amount_says_why(typed: str, kind: str, problem: str) -> None:
    with pytest.raises(Unreadable) as raised:
        parse_amount(typed, policy_kind=kind)
    assert raised.value.problem == problem


def test_an_operators_amount_is_in_the_claims_currency() -> None:
    assert parse_amount("100", policy_kind="VZR", currency="EUR") == Amount(10_000, "EUR")
    assert parse_amount("100 €", policy_kind="VZR", currency="EUR") == Amount(10_000, "EUR")
    with pytest.raises(Unreadable):
        parse_amount("100 USD", policy_kind="VZR", currency="EUR")


def test_every_problem_has_its_text_in_both_languages() -> None:
    catalogue = default_catalogue()
    problems = [
        "amount-unreadable",
        "amount-zero",
        "amount-too-big",
        "amount-fraction",
        "currency-roubles-only",
        "currency-needed",
        "currency-unknown",
        "currency-other",
        "bic-digits",
        "bic-format",
        "account-digits",
        "account-key",
        "name-long",
        "name-words",
        "date-future",
        "date-outside",
        "date-old",
        "date-lapsed",
    ]
    for locale in ("ru", "en"):
        keys = catalogue.keys(locale)
        assert [p for p in problems if f"claims-{p}" not in keys] == [], locale


def test_the_bic_and_the_account_with_its_control_key() -> None:
    assert parse_bic("04 45 25 225") == SBER
    for typed, problem in (("04452522", "bic-digits"), ("144525225", "bic-format")):
        with pytest.raises(Unreadable) as raised:
            parse_bic(typed)
        assert raised.value.problem == problem
    assert parse_account("40817 810 8 9999 1234567", SBER) == ACCOUNT
    assert control_key_holds(ACCOUNT, SBER)
    # The Bank of Russia's own example: a correspondent account checked with «0» and the BIC's
    # 5th–6th digits is what a settlement centre's BIC («…000») uses.
    assert control_key_holds("30101810400000000225", "044525000")
    for typed, problem in (
        ("40817810999991234567", "account-key"),  # one digit off
        ("4081781089999123456", "account-digits"),
        ("4242 4242 4242 4242", "account-digits"),  # a card number
    ):
        with pytest.raises(Unreadable) as raised:
            parse_account(typed, SBER)
        assert raised.value.problem == problem


def test_the_recipients_name() -> None:
    assert parse_recipient("  Петрова   Анна Сергеевна ") == "Петрова Анна Сергеевна"
    assert parse_recipient("Anna-Maria O'Neil") == "Anna-Maria O'Neil"
    for typed, problem in (("Петрова", "name-words"), ("Петрова 123", "name-words")):
        with pytest.raises(Unreadable) as raised:
            parse_recipient(typed)
        assert raised.value.problem == problem
    with pytest.raises(Unreadable):
        parse_recipient("Петрова " + "А" * 130)


def test_bank_details_are_sealed_and_shown_masked() -> None:
    keys = DataKeys([DATA_KEY.encode()])
    bank = BankDetails(bic=SBER, account=ACCOUNT, name="Петрова Анна Сергеевна")
    sealed = bank.seal(keys)
    assert ACCOUNT not in sealed
    assert "Петрова" not in sealed
    assert BankDetails.open(keys, sealed) == bank
    assert bank.masked_account == mask_account(ACCOUNT) == "40817 •••• 4567"
    assert BankDetails.open(keys, "") == BankDetails()


def test_the_date_of_care() -> None:
    today, period = date(2026, 11, 24), timedelta(days=90)
    start, end = date(2026, 1, 1), date(2026, 12, 31)

    def problem(day: date, end: date = end) -> str | None:
        return care_date_problem(day, start, end, today, period)

    assert problem(today) is None
    assert problem(today - period) is None
    assert problem(today + timedelta(days=1)) == "date-future"
    assert problem(today - period - timedelta(days=1)) == "date-old"
    assert problem(date(2026, 11, 1), end=date(2026, 10, 31)) == "date-outside"
    assert problem(date(2026, 10, 31), end=date(2026, 10, 31)) is None


def test_a_persons_own_zone_else_the_insurers() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    assert own_zone("Asia/Vladivostok", moscow) == ZoneInfo("Asia/Vladivostok")
    assert own_zone(None, moscow) is moscow
    assert own_zone("Mars/Olympus_Mons", moscow) is moscow  # unknown to this system
    clock = ManualClock(datetime(2026, 11, 24, 20, 0, tzinfo=UTC))
    assert local_today(clock, own_zone("Asia/Vladivostok", moscow)) == date(2026, 11, 25)
    assert local_today(clock, own_zone(None, moscow)) == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("typed", "kind", "amount"),
    [
        ("١٢٥٠٠", "DMS", Amount(1_250_000, "RUB")),  # Arabic-Indic digits
        ("۱۲ ۵۰۰,۵۰", "DMS", Amount(1_250_050, "RUB")),  # Persian ones
        ("１２ ５００ ₽", "DMS", Amount(1_250_000, "RUB")),  # full-width ones
        ("१२० EUR", "VZR", Amount(12_000, "EUR")),  # Devanagari ones
    ],
)
def test_digits_of_another_script_are_read_as_theirs(typed: str, kind: str, amount: Amount) -> None:
    assert parse_amount(typed, policy_kind=kind) == amount


def test_what_only_looks_like_digits_is_refused() -> None:
    for typed in ("12²", "½", "①②③", "五百"):
        with pytest.raises(Unreadable) as raised:
            parse_amount(typed, policy_kind="DMS")
        assert raised.value.problem == "amount-unreadable", typed
    assert parse_bic("٠٤٤٥٢٥٢٢٥") == SBER
    with pytest.raises(Unreadable) as raised:
        parse_bic("04452522²")
    assert raised.value.problem == "bic-digits"
    assert parse_account("４０８１７８１０８９９９９１２３４５６７", SBER) == ACCOUNT
    with pytest.raises(Unreadable) as raised:
        parse_account("4081781089999123456⁷", SBER)
    assert raised.value.problem == "account-digits"


def test_each_currency_has_its_cap_said_in_the_text() -> None:
    assert max_amount("RUB") == 10_000_000
    assert max_amount("EUR") == max_amount("CHF") == 100_000
    assert max_amount("TRY") > 100_000  # a lira is worth far less than a euro
    assert parse_amount("10 000 000", policy_kind="DMS") == Amount(1_000_000_000, "RUB")
    assert parse_amount("100 000 EUR", policy_kind="VZR") == Amount(10_000_000, "EUR")
    assert parse_amount("3 000 000 TRY", policy_kind="VZR") == Amount(300_000_000, "TRY")
    catalogue = default_catalogue()
    for typed, kind, cap, ru, en in (
        ("10 000 000,01", "DMS", Amount(1_000_000_000, "RUB"), "10\xa0000\xa0000,00\xa0₽", "RUB"),
        ("100 001 EUR", "VZR", Amount(10_000_000, "EUR"), "100\xa0000,00\xa0€", "EUR"),
        ("20 000 001 JPY", "VZR", Amount(20_000_000, "JPY"), "20\xa0000\xa0000", "JPY"),
    ):
        with pytest.raises(Unreadable) as raised:
            parse_amount(typed, policy_kind=kind)
        assert raised.value.problem == "amount-too-big"
        assert raised.value.values == {"max": cap.minor, "currency": cap.currency}
        assert ru in catalogue.text("ru", "claims-amount-too-big", raised.value.values)
        assert en in catalogue.text("en", "claims-amount-too-big", raised.value.values)
