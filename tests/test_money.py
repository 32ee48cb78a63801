"""Money has one format per language, wherever it is written: «2 400,00 ₽», «2,400.00 RUB"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.common import formats
from core.i18n import Catalogue

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue()


@pytest.mark.parametrize(
    ("roubles", "russian", "english"),
    [
        ("0", "0,00 ₽", "0.00 RUB"),
        ("5", "5,00 ₽", "5.00 RUB"),
        ("2400", "2 400,00 ₽", "2,400.00 RUB"),
        ("1234567.5", "1 234 567,50 ₽", "1,234,567.50 RUB"),
        ("0.05", "0,05 ₽", "0.05 RUB"),
    ],
)
def test_an_amount_in_roubles_reads_as_money_in_each_language(
    catalogue: Catalogue, roubles: str, russian: str, english: str
) -> None:
    amount = Decimal(roubles)
    assert formats.money(catalogue.translator("ru"), amount) == russian.replace(" ", NBSP)
    assert formats.money(catalogue.translator("en"), amount) == english.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("kopecks", "russian", "english"),
    [
        (0, "0,00 ₽", "0.00 RUB"),
        (500, "5,00 ₽", "5.00 RUB"),
        (240000, "2 400,00 ₽", "2,400.00 RUB"),
        (123456750, "1 234 567,50 ₽", "1,234,567.50 RUB"),
        (1, "0,01 ₽", "0.01 RUB"),
    ],
)
def test_kopecks_read_as_the_same_money_in_code_and_in_notifications(
    catalogue: Catalogue, kopecks: int, russian: str, english: str
) -> None:
    for locale, expected in (("ru", russian), ("en", english)):
        expected = expected.replace(" ", NBSP)
        assert formats.kopecks(catalogue.translator(locale), kopecks) == expected
        # A notification is composed with kopecks and written in its reader's language.
        paid = catalogue.text(locale, "bill-paid", {"amount": kopecks, "cost": kopecks})
        assert paid.count(expected) == 2, paid


def test_the_sign_is_the_formats_not_the_texts(catalogue: Catalogue) -> None:
    """No text adds its own ₽ to an amount it is given: «2 400,00 ₽ ₽» cannot happen."""
    for locale in catalogue.locales:
        _ = catalogue.translator(locale)
        amount = formats.kopecks(_, 240000)
        for key in ("bills-pay", "bills-month"):
            text = _(key, amount=amount, month="11.2026")
            assert text.count("₽") + text.count("RUB") == 1, (locale, key, text)


def test_an_amount_queued_by_an_older_release_keeps_its_sign(catalogue: Catalogue) -> None:
    """Rows scheduled before amounts became kopecks carry «1 234,50» already written."""
    text = catalogue.text("en", "bill-paid", {"amount": "1\u202f234,50", "cost": 1234550})
    assert "Charged 1\u202f234,50\u00a0₽ to card" in text
    assert "of 12,345.50\u00a0RUB for" in text


def test_money_refuses_roubles_where_kopecks_are_due(
    catalogue: Catalogue, caplog: pytest.LogCaptureFixture
) -> None:
    """MONEY takes kopecks: a Decimal of roubles is a mistake, logged, never a wrong sum."""
    shown = catalogue.text("ru", "bill-paid", {"amount": Decimal("24.00"), "cost": 100})
    assert "24" not in shown
    assert "MONEY takes kopecks" in caplog.text
