"""The help text: every section the person sees, and the insurer's contacts."""

from __future__ import annotations

from collections.abc import Sequence

from bot.features import MenuSection
from core.i18n import Translator
from core.settings import Settings


def help_text(_: Translator, shown: Sequence[MenuSection], settings: Settings) -> str:
    """`shown`: the sections of the person's main menu (`Menu.shown`)."""
    sections = "\n".join(_(section.help_key) for section in shown)
    return _(
        "help-text",
        insurer=settings.insurer_name,
        sections=sections,
        phone=settings.hotline_phone,
        email=settings.support_email,
    )
