"""The help text: every section the person sees, and the insurer's contacts."""

from __future__ import annotations

from bot.features import Menu
from core.i18n import Translator
from core.settings import Settings


def help_text(_: Translator, menu: Menu, settings: Settings) -> str:
    sections = "\n".join(_(section.help_key) for section in menu.sections)
    return _(
        "help-text",
        insurer=settings.insurer_name,
        sections=sections,
        phone=settings.hotline_phone,
        email=settings.support_email,
    )
