"""What a typed answer names, at the steps that take one."""

from __future__ import annotations

import re
from datetime import date

from core.i18n import fold

DAY = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?")
TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


def pick(options: list[str], typed: str | None) -> str | None:
    """The option a typed answer names: all of it, or the start of just one (case, ё aside)."""
    wanted = fold(typed or "")
    if not wanted:
        return None
    whole = [option for option in options if fold(option) == wanted]
    if whole:
        return whole[0]
    starting = [option for option in options if fold(option).startswith(wanted)]
    return starting[0] if len(starting) == 1 else None


def typed_day(text: str | None, today: date) -> date | None:
    """25.11, 25.11.2026, 25/11/26: the next such date from today."""
    found = DAY.fullmatch((text or "").strip())
    if found is None:
        return None
    day, month, year = found.groups()
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
        this_year = date(today.year, int(month), int(day))
    except ValueError:
        return None
    return this_year if this_year >= today else this_year.replace(year=today.year + 1)


def typed_time(text: str | None) -> tuple[int, int] | None:
    """11:00, 9.30: the hour and the minute (not checked: no free time has minute 75)."""
    found = TIME.fullmatch((text or "").strip())
    return (int(found.group(1)), int(found.group(2))) if found else None
