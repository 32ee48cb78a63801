"""Dates, times and money as the person reads them. Every feature formats through these, so one
change of a format (or a language of its own) is one change here.

Today both languages read dates as 14.03.1985; money has a format per language, kept in
core/money.py (core writes it too, in notifications). The translator is taken everywhere, so that
a language can get its own format without touching a caller."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal

import core.money
from core.i18n import Translator


def day(_: Translator, value: date) -> str:
    """14.03.2026"""
    return f"{value:%d.%m.%Y}"


def day_and_month(_: Translator, value: date) -> str:
    """14.03"""
    return f"{value:%d.%m}"


def time_of_day(_: Translator, value: datetime) -> str:
    """09:30 (a local time: convert it first, or use `moment`)."""
    return f"{value:%H:%M}"


def moment(_: Translator, value: datetime, zone: tzinfo | None = None) -> str:
    """14.03.2026 09:30, in `zone` when given (an aware datetime), else as it is."""
    local = value.astimezone(zone) if zone is not None else value
    return f"{local:%d.%m.%Y %H:%M}"


def money(_: Translator, value: Decimal) -> str:
    """«1 234 567,00 ₽», «1,234,567.00 RUB»: roubles (a service's cost)."""
    return core.money.money(_.locale, value)


def kopecks(_: Translator, amount: int) -> str:
    """«1 234,50 ₽», «1,234.50 RUB»: kopecks (a co-payment)."""
    return core.money.kopecks(_.locale, amount)
