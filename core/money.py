"""Money as the person reads it: one format per language, the only one anywhere.

CLDR's formats, through Babel (already here as fluent.runtime's number formatting):
- Russian «2 400,00 ₽»;
- English «2,400.00 RUB». CLDR's English data writes the rouble as RUB, not ₽: it is the code an
  English reader's bank statement shows for a charge in roubles, and it reads the same on every
  phone and keyboard.
The gaps are no-break spaces (U+00A0), as in every other number the bot writes (Fluent groups
Russian thousands the same way), so an amount is never broken across lines. Amounts are
`Decimal` roubles or integer kopecks, never float.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision

CURRENCY = "RUB"
# ¤ is the currency's symbol in the language, ¤¤ its code.
PATTERNS = {"ru": "#,##0.00\u00a0¤", "en": "#,##0.00\u00a0¤¤"}
DEFAULT = "ru"


def roubles(kopecks: int) -> Decimal:
    """12345 → Decimal("123.45")."""
    return Decimal(kopecks).scaleb(-2)


def money(locale: str, amount: Decimal, currency: str = CURRENCY) -> str:
    """An amount as money in `locale`: «2 400,00 ₽», «2,400.00 RUB»; in another currency (a ВЗР
    sum insured) the same way: «50 000,00 €», «50,000.00 EUR»."""
    if locale not in PATTERNS:
        locale = DEFAULT
    return format_currency(amount, currency, format=PATTERNS[locale], locale=locale)


def kopecks(locale: str, amount: int) -> str:
    """An amount in kopecks as money in `locale`."""
    return money(locale, roubles(amount))


def minor_digits(currency: str) -> int:
    """How many digits the currency's minor unit has: 2 for RUB, EUR, USD; 0 for JPY."""
    return int(get_currency_precision(currency))


def major(amount: int, currency: str = CURRENCY) -> Decimal:
    """An amount in the currency's minor units (kopecks, cents) as the major unit's Decimal."""
    return Decimal(amount).scaleb(-minor_digits(currency))


def in_currency(locale: str, amount: int, currency: str = CURRENCY) -> str:
    """An amount in minor units of `currency` as money in `locale` («120,50 €», «120.50 EUR»)."""
    return money(locale, major(amount, currency), currency)
