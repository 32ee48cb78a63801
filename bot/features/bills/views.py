"""The list of «Мои счета»: data and a translator in, text and markup out."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.common.formats import day, kopecks
from bot.common.keyboards import inline
from bot.features.bills.callbacks import pay, turn
from core.copayments import Line, Month
from core.i18n import Markup, Translator

PAGE = 10  # charges per page
MONTHS_SHOWN = 3


def pages(count: int) -> int:
    return max(1, -(-count // PAGE))


def listing(
    _: Translator, count: int, lines: Sequence[Line], months: Sequence[Month], page: int
) -> str:
    """A page of the charges and refunds, with what was paid in the last months."""
    paid = "\n".join(
        _("bills-month", month=_(f"month-{m.month}", year=str(m.year)), amount=kopecks(_, m.paid))
        for m in months[:MONTHS_SHOWN]
    )
    shown = "\n".join(
        _(
            "bills-line",
            date=day(_, line.day) if line.day else "",
            service=line.service,
            amount=kopecks(_, line.charge.amount),
            kind=line.charge.kind,
            status=line.charge.status,
        )
        for line in lines
    )
    return _(
        "bills-list",
        count=count,
        months=Markup(paid or _("bills-no-months")),
        lines=Markup(shown),
        page=page + 1,
        pages=pages(count),
    )


def keyboard(_: Translator, count: int, lines: Sequence[Line], page: int) -> InlineKeyboardMarkup:
    """«Оплатить сейчас» for each charge not paid yet, and the pages."""
    rows = [
        [(_("bills-pay", amount=kopecks(_, line.charge.amount)), pay(line.charge.id, page))]
        for line in lines
        if line.charge.kind == "charge" and line.charge.status in ("awaiting", "declined")
    ]
    nav = []
    if page > 0:
        nav.append((_("bills-prev"), turn(page - 1)))
    if (page + 1) * PAGE < count:
        nav.append((_("bills-next"), turn(page + 1)))
    rows.append(nav)
    return inline([row for row in rows if row])
