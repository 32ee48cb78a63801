"""The profile's texts: pure, a test calls them without a bot."""

from __future__ import annotations

from datetime import tzinfo

from bot.common.formats import day, time_of_day
from core.data_rights import AtStake, ComingVisit
from core.i18n import Translator
from core.people import Document
from storage.models import Profile

TICKETS_LISTED = 10  # in the erasure's question; more are counted


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


def visit_said(_: Translator, visit: ComingVisit, zone: tzinfo) -> dict[str, str]:
    """A visit's date and time in the person's zone, and its clinic."""
    local = visit.starts_at.astimezone(zone)
    return {"date": day(_, local), "time": time_of_day(_, local), "clinic": visit.clinic}


def erase_question(_: Translator, stake: AtStake, zone: tzinfo) -> str:
    """«Удалить все ваши данные?», with the visits it cancels and the open tickets it deletes."""
    parts = [_("profile-erase-ask")]
    if stake.visits:
        lines = [_("profile-erase-visit", **visit_said(_, v, zone)) for v in stake.visits]
        parts.append("\n".join([_("profile-erase-visits"), *lines]))
    if stake.tickets:
        lines = [
            _("profile-erase-ticket", number=t.number, kind=t.kind, clinic=t.clinic)
            if t.clinic
            else _("profile-erase-ticket-no-clinic", number=t.number, kind=t.kind)
            for t in stake.tickets[:TICKETS_LISTED]
        ]
        more = len(stake.tickets) - TICKETS_LISTED
        if more > 0:
            lines.append(_("profile-erase-tickets-more", count=more))
        parts.append("\n".join([_("profile-erase-tickets"), *lines]))
    if stake.letters:
        parts.append(_("profile-erase-letters", numbers=", ".join(stake.letters)))
    if stake.claims:
        parts.append(_("profile-erase-claims", numbers=", ".join(stake.claims)))
    return "\n\n".join(parts)
