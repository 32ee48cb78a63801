"""The texts of «Франшиза и карта»: data and a translator in, text out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from bot.common.formats import moment
from bot.common.screens import duration
from core.franchise import Offer
from core.i18n import Markup, Translator
from storage.models import Card, Policy


def when(_: Translator, value: datetime | None, zone: tzinfo) -> str:
    return "" if value is None else moment(_, value, zone)


def card_line(_: Translator, card: Card | None) -> str:
    if card is None:
        return _("franchise-no-card")
    year, month = card.expiry.split("-")
    return _(
        "franchise-card",
        brand=card.brand.capitalize(),
        last4=card.last4,
        expiry=f"{month}/{year[2:]}",
    )


def overview(_: Translator, offers: Sequence[Offer], card: Card | None) -> str:
    """Each co-payment policy with its stage, and the card bound (or none)."""
    lines = "\n".join(
        _(
            "franchise-line",
            policy=o.policy.printed_number,
            percent=o.policy.franchise_percent,
            stage=o.stage.value,
        )
        for o in offers
    ) or _("franchise-no-policies")
    return _("franchise-overview", lines=Markup(lines), card=card_line(_, card))


def terms(_: Translator, policy: Policy, access: timedelta, activation: timedelta) -> str:
    """The terms of a policy's co-payment: the share, and when clinics and the programme start."""
    return _(
        "franchise-terms",
        policy=policy.printed_number,
        percent=policy.franchise_percent,
        access=duration(_, access),
        activation=duration(_, activation),
    )


def pin_question(_: Translator, then: str, card: Card | None) -> str:
    """The PIN step's question, saying what it is asked for: unbinding, or a card over this one."""
    if then == "bind" and card is not None:
        return _("franchise-replace-ask-pin", last4=card.last4)
    return _("franchise-ask-pin")


def unbind_confirmation(_: Translator, card: Card, started: Sequence[str]) -> str:
    """What unbinding `card` suspends: the co-payments `started` (policy numbers)."""
    return _("franchise-unbind-confirm", last4=card.last4, policies=", ".join(started) or "none")
