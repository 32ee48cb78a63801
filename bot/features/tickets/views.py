"""The tickets' texts: pure functions of data and a translator."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from bot.common.clinic_views import numbered
from bot.common.formats import day, moment, time_of_day
from bot.common.screens import duration_params
from core.family import Patient
from core.i18n import Translator
from core.tickets import MAX_PHOTOS, MAX_TEXT, MIN_TEXT, NEW_PER_DAY, Entry
from storage.models import Clinic, Ticket

PREVIEW = 1500  # of the text, on the summary
CHUNK = 3800  # a thread is shown in messages of at most this many characters


def limit_text(_: Translator, until: datetime, zone: tzinfo) -> str:
    """NEW_PER_DAY tickets in 24 hours: when the next may be filed, in the person's time."""
    local = until.astimezone(zone)
    return _("tickets-limit", max=NEW_PER_DAY, day=day(_, local), time=time_of_day(_, local))


def patient_line(_: Translator, whom: Patient, policies: Sequence[str]) -> str:
    """Whom a ticket about a family member is about, as its text begins (plain text: the desk
    shows it as the person's words): their full name, who they are, birth date, policies."""
    return _.plain(
        "tickets-patient-line",
        name=whom.full_name,
        relation=whom.relation,
        birth_date=day(_, whom.birth_date),
        policies=", ".join(policies) or "—",
    )


def ask_clinic_text(_: Translator, kind: str, recent: bool) -> str:
    return _("tickets-ask-clinic-recent" if recent else "tickets-ask-clinic", kind=kind)


def found_text(_: Translator, query: str, count: int, found: Sequence[Clinic]) -> str:
    """The clinics found by a typed name (`count` in all, `found` of them shown)."""
    if not found:
        return _("tickets-clinic-none", query=query)
    lines = numbered(_, found)
    return _(
        "tickets-clinic-found-more" if count > len(found) else "tickets-clinic-found",
        count=count,
        shown=len(found),
        lines=lines,
    )


def ask_text_text(_: Translator, kind: str) -> str:
    return _("tickets-ask-text", kind=kind, min=MIN_TEXT, max=MAX_TEXT)


def text_problem(_: Translator, text: str) -> str | None:
    if len(text) < MIN_TEXT:
        return _("tickets-text-short", min=MIN_TEXT)
    if len(text) > MAX_TEXT:
        return _("tickets-text-long", max=MAX_TEXT, length=len(text))
    return None


def ask_photos_text(_: Translator, photos: int) -> str:
    key = "tickets-photo-added" if photos else "tickets-ask-photos"
    return _(key, count=photos, max=MAX_PHOTOS)


def summary_text(_: Translator, kind: str, clinic_name: str | None, text: str, photos: int) -> str:
    return _(
        "tickets-summary",
        kind=kind,
        clinic=clinic_name or _("tickets-summary-no-clinic"),
        text=text if len(text) <= PREVIEW else text[:PREVIEW] + "…",
        photos=photos,
    )


def sent_text(_: Translator, number: str, desk_on: bool, sla: timedelta) -> str:
    key = "tickets-sent" if desk_on else "tickets-sent-desk-off"
    return _(key, number=number, **duration_params(sla))


def list_text(_: Translator, count: int, found: Sequence[Ticket], zone: tzinfo) -> str:
    """A page of «Мои обращения» (`count` in all), dates in `zone`."""
    lines = "\n".join(
        _(
            "tickets-line",
            number=t.label,
            kind=t.kind,
            status=t.status,
            date=day(_, t.created_at.astimezone(zone)),
        )
        for t in found
    )
    return _("tickets-list", count=count, lines=lines)


def thread_head(_: Translator, ticket: Ticket, clinic: Clinic | None) -> str:
    return _(
        "tickets-thread",
        number=ticket.label,
        kind=ticket.kind,
        status=ticket.status,
        clinic=clinic.name if clinic else _("tickets-summary-no-clinic"),
    )


def entry_block(_: Translator, entry: Entry, zone: tzinfo) -> str:
    when = moment(_, entry.at, zone)
    return _("tickets-entry", author=entry.author, when=when, text=entry.text, photos=entry.photos)


def chunks(blocks: list[str], limit: int = CHUNK) -> list[str]:
    """Blocks joined into messages of at most `limit` characters (a longer block is cut)."""
    parts: list[str] = []
    for block in blocks:
        pieces = [block[i : i + limit] for i in range(0, len(block), limit)] or [""]
        for piece in pieces:
            if parts and len(parts[-1]) + 2 + len(piece) <= limit:
                parts[-1] += "\n\n" + piece
            else:
                parts.append(piece)
    return parts
