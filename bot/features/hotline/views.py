"""The hotline's text: the phone (Telegram makes a +7… number a link that dials it), the support
e-mail and the hours."""

from __future__ import annotations

from core.i18n import Translator
from core.settings import Settings


def contacts(_: Translator, settings: Settings) -> str:
    return _(
        "hotline-contacts",
        insurer=settings.insurer_name,
        phone=settings.hotline_phone,
        email=settings.support_email,
    )
