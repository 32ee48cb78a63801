"""A date as people type it, in Russian or English: «14.03.1985», «14.3.85», «14/03/1985»,
«1985-03-14», «14 марта 1985», «14 March 1985», «March 14, 1985».

A two-digit year is the century's that makes the date the latest one not after `today` (a date
of birth: the person is 0–99 years old). Raises `NotADate` for text that is no date, `NoSuchDay`
for one the calendar does not have (31.02.1990)."""

from __future__ import annotations

import re
from datetime import date


class NotADate(ValueError):
    """The text has no date's shape."""


class NoSuchDay(ValueError):
    """A date's shape, but no such day in the calendar (31.02.1990)."""


_MONTH_NAMES = (
    ("январь", "января", "янв", "january", "jan"),
    ("февраль", "февраля", "фев", "february", "feb"),
    ("март", "марта", "мар", "march", "mar"),
    ("апрель", "апреля", "апр", "april", "apr"),
    ("май", "мая", "may"),
    ("июнь", "июня", "июн", "june", "jun"),
    ("июль", "июля", "июл", "july", "jul"),
    ("август", "августа", "авг", "august", "aug"),
    ("сентябрь", "сентября", "сен", "сент", "september", "sep", "sept"),
    ("октябрь", "октября", "окт", "october", "oct"),
    ("ноябрь", "ноября", "ноя", "нояб", "november", "nov"),
    ("декабрь", "декабря", "дек", "december", "dec"),
)
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}

_YEAR = r"(\d{4}|\d{2})"
_NUMERIC = re.compile(r"(\d{1,2})[./\- ](\d{1,2})[./\- ]" + _YEAR)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})\s*([a-zа-я]+)\.?,?\s*" + _YEAR)
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*" + _YEAR)
# «1985 г.», «1985 года», «1985y»: what may follow the year.
_YEAR_WORD = re.compile(r"\s*(?:г|гг|год|года|y)\.?$")


def _two_digit(year: int, month: int, day: int, today: date) -> int:
    """The latest year ending in `year` whose (month, day) is not after `today`."""
    full = today.year // 100 * 100 + year
    if (full, month, day) > (today.year, today.month, today.day):
        full -= 100
    return full


def _parts(text: str) -> tuple[str, int, int] | None:
    """(year as typed, month, day), or None when the text has no date's shape."""
    if found := _ISO.fullmatch(text):
        return found.group(1), int(found.group(2)), int(found.group(3))
    if found := _NUMERIC.fullmatch(text):
        return found.group(3), int(found.group(2)), int(found.group(1))
    if (found := _DAY_MONTH.fullmatch(text)) and found.group(2) in MONTHS:
        return found.group(3), MONTHS[found.group(2)], int(found.group(1))
    if (found := _MONTH_DAY.fullmatch(text)) and found.group(1) in MONTHS:
        return found.group(3), MONTHS[found.group(1)], int(found.group(2))
    return None


def parse_date(text: str, today: date) -> date:
    cleaned = " ".join(text.casefold().replace("ё", "е").split())
    cleaned = _YEAR_WORD.sub("", cleaned).strip()
    parts = _parts(cleaned)
    if parts is None:
        raise NotADate(text)
    typed_year, month, day = parts
    year = int(typed_year)
    if len(typed_year) == 2:
        year = _two_digit(year, month, day, today)
    try:
        return date(year, month, day)
    except ValueError:
        raise NoSuchDay(text) from None
