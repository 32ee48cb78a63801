"""«Выгрузить мои данные» as a page a person reads (the JSON beside it is the same data for
machines): every heading, label and known value in their language, dates as 14.03.2026 and
times in their time zone, the messages they were sent as they read them, and none of our
internal ids (account, chat, row ids). It fits a phone: the viewport is the device's, text wraps
anywhere, and a list's table becomes one card per row on a narrow screen.

What each section shows is listed here, field by field (`SECTIONS`); a field of the export that
is not listed stays in the JSON only."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from core.i18n import Translator
from core.money import money
from core.specialties import specialty_in

# How a value reads: the value, the row it is in, the page (translator and zone).
Show = Callable[[Any, Mapping[str, Any], "Page"], str]


@dataclass(frozen=True)
class Page:
    _: Translator
    zone: tzinfo
    known: frozenset[str]  # the catalogue's keys in the person's language

    def key_or(self, key: str, value: Any, **args: Any) -> str:
        """The catalogue's text of `key`, or the value as it is when there is no such text."""
        return self._.plain(key, **args) if key in self.known else str(value)


def text(value: Any, _row: Mapping[str, Any], page: Page) -> str:
    """As stored, a demonstration's «(демо)» in the reader's words."""
    return page._.datum(str(value))


def day(value: Any, _row: Mapping[str, Any], _page: Page) -> str:
    return f"{date.fromisoformat(value):%d.%m.%Y}"


def moment(value: Any, _row: Mapping[str, Any], page: Page) -> str:
    return f"{datetime.fromisoformat(value).astimezone(page.zone):%d.%m.%Y %H:%M}"


def amount(value: Any, _row: Mapping[str, Any], page: Page) -> str:
    """Roubles («1234.50» in the JSON) in the person's money format."""
    return money(page._.locale, Decimal(value))


def in_currency(value: Any, row: Mapping[str, Any], page: Page) -> str:
    """An amount in the row's `currency` («120.50» and «EUR» in the JSON) as money."""
    return "" if value is None else money(page._.locale, Decimal(value), row["currency"])


def specialty(value: Any, _row: Mapping[str, Any], page: Page) -> str:
    return specialty_in(page._.locale, str(value))


def yes_no(value: Any, _row: Mapping[str, Any], page: Page) -> str:
    return page._.plain("data-yes" if value else "data-no")


def relation(value: Any, _row: Mapping[str, Any], page: Page) -> str:
    """Who a family member is to the person (core/family.py)."""
    return page._.plain("family-relation", relation=str(value))


def listed(value: Any, row: Mapping[str, Any], page: Page) -> str:
    return ", ".join(text(item, row, page) for item in value)


def named(pattern: str) -> Show:
    """The value's own text: `pattern` with the value in it (signup-sex-{} → signup-sex-f)."""

    def show(value: Any, _row: Mapping[str, Any], page: Page) -> str:
        return page.key_or(pattern.format(value), value)

    return show


def chosen(key: str, **also: str) -> Show:
    """A text choosing by the value (`$value`; a dot in it is a dash: Fluent's variant names
    have none), and by other fields of the row (`also`: the text's variable → the field); an
    unknown value reads as it is (the texts' default)."""

    def show(value: Any, row: Mapping[str, Any], page: Page) -> str:
        others = {variable: row.get(field) for variable, field in also.items()}
        return page._.plain(key, value=str(value).replace(".", "-"), **others)

    return show


_TELEGRAM_TAGS = re.compile(r"</?(?:b|i|u|s|a|code|pre|blockquote|tg-spoiler)(?:\s[^>]*)?>")


def message(value: Any, row: Mapping[str, Any], page: Page) -> str:
    """A message to the person as they read it (the export holds its text's key and values)."""
    if value not in page.known:
        return str(value)
    said = page._.plain(value, **(row.get("parameters") or {}))
    return html.unescape(_TELEGRAM_TAGS.sub("", said))


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # catalogue key
    show: Show = text


@dataclass(frozen=True)
class Section:
    name: str
    heading: str  # catalogue key
    fields: tuple[Field, ...]


WHEN = "data-label-when"
STATUS = "data-label-status"
POLICY = "data-label-policy"
CLINIC = "data-label-clinic"
TEXT = "data-label-text"
FOR = "data-label-for"  # whom a row naming a policy was for: the person the policy names

SECTIONS = (
    # The account's Telegram id and those it was recovered from: ids, left out.
    Section("telegram_account", "data-section-account", (
        Field("language", "data-label-language", named("language-{}")),
        Field("time_zone", "data-label-time-zone"),
        Field("first_seen", "data-label-first-seen", moment),
    )),
    Section("profile", "data-section-profile", (
        Field("last_name", "data-label-last-name"),
        Field("first_name", "data-label-first-name"),
        Field("middle_name", "data-label-middle-name"),
        Field("birth_date", "data-label-birth-date", day),
        Field("sex", "data-label-sex", named("signup-sex-{}")),
        Field("email", "data-label-email"),
        Field("phone", "data-label-phone"),
        Field("document_type", "data-label-document-type", named("signup-doc-{}")),
        Field("document", "data-label-document"),
        Field("pin_set", "data-label-pin", yes_no),
        Field("signed_up", "data-label-signed-up", moment),
    )),
    Section("policies", "data-section-policies", (
        Field("number", "data-label-number"),
        Field("for", FOR),
        Field("kind", "data-label-kind", named("policy-kind-{}")),
        Field("program_name", "data-label-program"),  # its code is the insurer's, left out
        Field("start", "data-label-start", day),
        Field("end", "data-label-end", day),
        Field("employer", "data-label-employer"),
        Field("terminated", "data-label-terminated", yes_no),
    )),
    Section("family", "data-section-family", (
        Field("last_name", "data-label-last-name"),
        Field("first_name", "data-label-first-name"),
        Field("middle_name", "data-label-middle-name"),
        Field("birth_date", "data-label-birth-date", day),
        Field("relation", "data-label-relation", relation),
        Field("policies", "data-label-policies", listed),
    )),
    Section("services", "data-section-services", (
        Field("date", "data-label-date", day),
        Field("policy", POLICY),
        Field("for", FOR),
        Field("clinic", CLINIC),
        Field("service", "data-label-service"),
        Field("cost", "data-label-cost", amount),
    )),
    Section("saved_places", "data-section-places", (
        Field("place", "data-label-place", named("clinics-place-name-{}")),
        Field("lat", "data-label-lat"),
        Field("lon", "data-label-lon"),
        Field("saved_at", "data-label-saved-at", moment),
    )),
    Section("visits", "data-section-visits", (
        Field("starts_at", "data-label-visit-at", moment),
        Field("policy", POLICY),
        Field("for", FOR),
        Field("clinic", CLINIC),
        Field("specialty", "data-label-specialty", specialty),
        Field("doctor", "data-label-doctor"),
        Field("status", STATUS, chosen("data-visit-status")),
        Field("booked_at", "data-label-booked-at", moment),
    )),
    Section("tickets", "data-section-tickets", (
        Field("ticket", "data-label-ticket"),
        Field("kind", "data-label-kind", chosen("data-ticket-kind")),
        Field("status", STATUS, chosen("data-ticket-status")),
        Field("clinic", CLINIC),
        Field("author", "data-label-author", chosen("data-ticket-author")),
        Field("text", TEXT),
        Field("photos", "data-label-photos"),
        Field("at", WHEN, moment),
    )),
    # A check's number is its row id: left out.
    Section("identity_checks", "data-section-identity", (
        Field("policy", POLICY),
        Field("status", STATUS, chosen("data-check-status")),
        Field("submitted_at", "data-label-submitted-at", moment),
        Field("decided_at", "data-label-decided-at", moment),
        Field("reason", "data-label-reason"),
        Field("relation", "data-label-relation", relation),  # a family member's check
        Field("photos_kept", "data-label-photos-kept"),
    )),
    Section("card", "data-section-card", (
        Field("brand", "data-label-brand"),
        Field("last4", "data-label-last4"),
        Field("expiry", "data-label-expiry"),
        Field("bound_at", "data-label-bound-at", moment),
    )),
    Section("franchises", "data-section-franchises", (
        Field("policy", POLICY),
        Field("consented_at", "data-label-consented-at", moment),
        Field("stage", "data-label-stage", chosen("data-franchise-stage")),
    )),
    Section("charges", "data-section-charges", (
        Field("at", WHEN, moment),
        Field("service", "data-label-service-ref"),
        Field("amount", "data-label-amount", amount),
        Field("percent", "data-label-percent"),
        Field("card", "data-label-last4"),
        Field("status", STATUS, chosen("data-charge-status", kind="kind")),
    )),
    Section("consents", "data-section-consents", (
        Field("document", "data-label-consent", chosen("data-consent-document")),
        Field("version", "data-label-version"),
        Field("accepted_at", "data-label-accepted-at", moment),
    )),
    Section("messages", "data-section-messages", (
        Field("due_at", WHEN, moment),
        Field("status", STATUS, chosen("data-message-status")),
        Field("text", TEXT, message),
    )),
    Section("clinic_mail", "data-section-clinic-mail", (
        Field("queued_at", WHEN, moment),
        Field("to", "data-label-to"),
        Field("status", STATUS, chosen("data-message-status")),
        Field("subject", "data-label-subject"),
        Field("text", TEXT),
    )),
    Section("audit", "data-section-audit", (
        Field("at", WHEN, moment),
        Field("action", "data-label-action", chosen("data-audit-action")),
    )),
    Section("letters", "data-section-letters", (
        Field("letter", "data-label-letter"),
        Field("kind", "data-label-kind", chosen("data-letter-kind")),
        Field("status", STATUS, chosen("data-letter-status")),
        Field("policy", POLICY),
        Field("for", FOR),
        Field("clinic", CLINIC),
        Field("service", "data-label-service"),
        Field("date", "data-label-date", day),
        Field("number", "data-label-letter-number"),
        Field("valid_until", "data-label-valid-until", day),
        Field("amount_limit", "data-label-amount-limit", amount),
        Field("approved_scope", "data-label-approved-scope"),
        Field("reason", "data-label-reason"),
        Field("requested_at", "data-label-submitted-at", moment),
    )),
    Section("abroad_cases", "data-section-abroad", (
        Field("at", WHEN, moment),
        Field("case", "data-label-case"),
        Field("policy", POLICY),
        Field("for", FOR),
        Field("status", STATUS, chosen("data-abroad-status")),
        Field("lat", "data-label-lat"),
        Field("lon", "data-label-lon"),
        Field("place", "data-label-place-typed"),
        Field("text", TEXT),
    )),
    # The bank account masked in the export itself; the BIC is the bank's, shown whole.
    Section("claims", "data-section-claims", (
        Field("claim", "data-label-claim"),
        Field("policy", POLICY),
        Field("for", FOR),
        Field("care_date", "data-label-care-date", day),
        Field("care", "data-label-care", named("claims-care-{}")),
        Field("amount", "data-label-amount", in_currency),
        Field("status", STATUS, chosen("data-claim-status")),
        Field("approved", "data-label-approved", in_currency),
        Field("reason", "data-label-reason"),
        Field("request", "data-label-request"),
        Field("account", "data-label-account"),
        Field("bic", "data-label-bic"),
        Field("recipient", "data-label-recipient"),
        Field("photos", "data-label-photos"),
        Field("filed_at", "data-label-filed-at", moment),
        Field("decided_at", "data-label-decided-at", moment),
    )),
)  # fmt: skip

STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.45;"
    "color:#222;max-width:48rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}"
    "td{overflow-wrap:anywhere}"
    "th{background:#f6f6f6;font-weight:600;overflow-wrap:break-word;hyphens:auto}"
    ".record th{width:40%}"
    "@media (max-width:40rem){"
    ".list thead{display:none}"
    ".list tr{display:block;border:1px solid #ddd;margin-bottom:.75rem}"
    ".list td{display:block;border:0;border-bottom:1px solid #eee}"
    ".list td::before{content:attr(data-label);display:block;font-size:.85em;color:#555}}"
)


def render_html(data: Mapping[str, Any], _: Translator, zone: tzinfo) -> str:
    """The export (`DataRights.export`) as a page in the person's language and `zone`."""
    page = Page(_, zone, frozenset(_.catalogue.keys(_.locale)))
    title = _esc(_.plain("data-export-title"))
    when = moment(data["exported_at"], data, page)
    parts = [
        f"<!doctype html><html lang='{_esc(_.locale)}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>{_esc(_.plain('data-export-when', when=when, zone=_zone_name(zone)))}</p>",
    ]
    for section in SECTIONS:
        parts.append(f"<h2>{_esc(_.plain(section.heading))}</h2>")
        parts.append(_section(section, data.get(section.name), page))
    parts.append("</body></html>")
    return "".join(parts)


def _section(section: Section, value: Any, page: Page) -> str:
    if not value:
        return f"<p>{_esc(page._.plain('data-none'))}</p>"
    labels = [_esc(page._.plain(field.label)) for field in section.fields]
    if isinstance(value, Mapping):
        rows = "".join(
            f"<tr><th>{label}</th><td>{_cell(field, value, page)}</td></tr>"
            for field, label in zip(section.fields, labels, strict=True)
        )
        return f"<table class='record'>{rows}</table>"
    head = "".join(f"<th>{label}</th>" for label in labels)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td data-label='{label}'>{_cell(field, item, page)}</td>"
            for field, label in zip(section.fields, labels, strict=True)
        )
        + "</tr>"
        for item in value
    )
    return f"<table class='list'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _cell(field: Field, row: Mapping[str, Any], page: Page) -> str:
    value = row.get(field.name)
    if value is None or value == "":
        return "—"
    return _esc(field.show(value, row, page))


def _zone_name(zone: tzinfo) -> str:
    return str(getattr(zone, "key", zone))


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
