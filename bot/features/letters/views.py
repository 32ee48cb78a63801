"""The letters' texts: pure functions of data and a translator."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from bot.common.clinic_views import numbered
from bot.common.formats import day
from bot.common.screens import duration_params
from core.clinics import located
from core.i18n import Markup, Translator
from core.letters import MAX_OPEN, MAX_PHOTOS, MAX_SERVICE, MIN_SERVICE, shown_status
from storage.models import Clinic, GuaranteeLetter, Policy

PREVIEW = 1500


def section_text(
    _: Translator,
    count: int,
    found: Sequence[tuple[GuaranteeLetter, str | None]],
    today: date,
    whose: Mapping[int, str] | None = None,
) -> str:
    """A page of «Мои письма»; `whose`: the family member each of a member's letters is for, by
    the letter's id (their lines say so)."""
    if not count:
        return _("letters-section-empty", max=MAX_OPEN)
    whose = whose or {}
    lines = Markup(  # each line the catalogue's, already escaped
        "\n".join(
            _(
                "letters-line-until" if letter.valid_until else "letters-line",
                number=letter.label,
                kind=letter.kind,
                clinic=clinic or "—",
                status=shown_status(letter, today),
                valid_until=day(_, letter.valid_until) if letter.valid_until else "",
            )
            + (" · " + _("family-for", name=whose[letter.id]) if letter.id in whose else "")
            for letter, clinic in found
        )
    )
    return _("letters-section", count=count, lines=lines)


def found_text(_: Translator, query: str, count: int, found: Sequence[Clinic]) -> str:
    if not found:
        return _("letters-clinic-none", query=query)
    lines = numbered(_, found)
    key = "letters-clinic-found-more" if count > len(found) else "letters-clinic-found"
    return _(key, count=count, shown=len(found), lines=lines)


def service_problem(_: Translator, text: str) -> str | None:
    if len(text) < MIN_SERVICE:
        return _("letters-service-short", min=MIN_SERVICE)
    if len(text) > MAX_SERVICE:
        return _("letters-service-long", max=MAX_SERVICE, length=len(text))
    return None


def ask_photos_text(_: Translator, photos: int) -> str:
    key = "letters-photo-added" if photos else "letters-ask-photos"
    return _(key, count=photos, max=MAX_PHOTOS)


def ask_day_text(_: Translator, kind: str, first: date, last: date) -> str:
    return _("letters-ask-day", kind=kind, first=day(_, first), last=day(_, last))


def summary_text(
    _: Translator, policy: str, kind: str, clinic: str, service: str, photos: int, wanted: date
) -> str:
    return _(
        "letters-summary",
        policy=policy,
        kind=kind,
        clinic=clinic,
        service=service if len(service) <= PREVIEW else service[:PREVIEW] + "…",
        photos=photos,
        date=day(_, wanted),
    )


def sent_text(_: Translator, number: str, desk_on: bool, sla: timedelta) -> str:
    key = "letters-sent" if desk_on else "letters-sent-desk-off"
    return _(key, number=number, **duration_params(sla))


def card_text(
    _: Translator,
    letter: GuaranteeLetter,
    policy: Policy | None,
    clinic: Clinic | None,
    today: date,
) -> str:
    status = shown_status(letter, today)
    text = _(
        "letters-card",
        number=letter.label,
        kind=letter.kind,
        status=status,
        policy=policy.printed_number if policy else "—",
        clinic=f"{clinic.name}, {located(clinic)}" if clinic else "—",
        service=letter.service if len(letter.service) <= PREVIEW else letter.service[:PREVIEW],
        date=day(_, letter.wanted_date),
        photos=len(letter.photos or []),
    )
    if letter.number and letter.valid_until is not None:
        text += "\n" + _(
            "letters-card-approved",
            letter=letter.number,
            valid_until=day(_, letter.valid_until),
            limited="yes" if letter.amount_limit is not None else "no",
            limit=letter.amount_limit or 0,
        )
    if letter.status == "refused" and letter.reason:
        text += "\n" + _("letters-card-reason", reason=letter.reason)
    if letter.status == "clarify" and letter.question:
        text += "\n" + _("letters-card-question", question=letter.question)
    return text
