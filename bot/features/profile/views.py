"""The profile's texts: pure, a test calls them without a bot."""

from __future__ import annotations

from bot.common.formats import day
from core.i18n import Translator
from core.people import Document
from storage.models import Profile


def full_name(profile: Profile) -> str:
    return " ".join(p for p in (profile.last_name, profile.first_name, profile.middle_name) if p)


def card(_: Translator, profile: Profile, document: Document, zone: str) -> str:
    """The card: the document masked, the PIN on or off, the time zone shown."""
    return _(
        "profile-card",
        name=full_name(profile),
        birth_date=day(_, profile.birth_date),
        sex=_(f"signup-sex-{profile.sex}"),
        email=profile.email,
        phone=profile.phone,
        document_type=_(f"signup-doc-{document.type}"),
        document=document.masked(),
        pin=_("profile-pin-on" if profile.pin_hash else "profile-pin-off"),
        zone=zone,
    )


def full_document(_: Translator, document: Document) -> str:
    return _(
        "profile-document-full",
        document_type=_(f"signup-doc-{document.type}"),
        document=document.full(),
    )
