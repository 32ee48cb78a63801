"""Sign-up's texts: data and a translator in, text out."""

from __future__ import annotations

from datetime import date, timedelta

from bot.common.formats import day
from bot.features.signup.dialogue import SignupData
from core.codes import Channel
from core.i18n import Translator
from core.masking import mask_email
from core.people import Document

PAGE = 4000  # a legal document goes out in pieces Telegram takes (4,096 at most)


def code_minutes(ttl: timedelta) -> int:
    """How long a code lasts, as the code steps say it."""
    return max(1, int(ttl.total_seconds() // 60))


def contact_key(channel: Channel) -> str:
    """The dialogue data's key (and the catalogue's word) for a channel's contact."""
    return "email" if channel is Channel.EMAIL else "phone"


def other_address_key(channel: Channel) -> str:
    return "signup-other-email" if channel is Channel.EMAIL else "signup-other-phone"


def email_sent(_: Translator, data: SignupData, minutes: int) -> str:
    address = data.email or ""
    if address == data.invite_email:
        # The roster's address, not typed here: a forwarded link must not show it whole.
        address = mask_email(address)
    return _("signup-email-sent", address=address, minutes=minutes)


def sms_sent(_: Translator, data: SignupData, minutes: int) -> str:
    return _("signup-sms-sent", address=data.phone or "", minutes=minutes)


def delivery_failed(_: Translator, channel: Channel) -> str:
    return _("signup-mail-failed" if channel is Channel.EMAIL else "signup-sms-failed")


def confirmed(_: Translator, channel: Channel, address: str) -> str:
    return _(f"signup-{contact_key(channel)}-confirmed", address=address)


def taken(_: Translator, channel: Channel) -> str:
    return _("signup-taken-recover", what=_(f"signup-what-{contact_key(channel)}"))


def summary(_: Translator, data: SignupData, document: Document) -> str:
    assert data.birth_date is not None
    return _(
        "signup-summary",
        email=data.email,
        phone=data.phone,
        last_name=data.last_name,
        first_name=data.first_name,
        middle_name=data.middle_name or _("signup-no-middle-name-shown"),
        birth_date=day(_, date.fromisoformat(data.birth_date)),
        sex=_(f"signup-sex-{data.sex}"),
        document_type=_(f"signup-doc-{document.type}"),
        document=document.masked(),  # the owner just typed it; the screen need not repeat it
    )


def pages(text: str) -> list[str]:
    return [text[start : start + PAGE] for start in range(0, len(text), PAGE)]
