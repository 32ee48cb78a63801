"""An approved guarantee letter as a PDF, in the person's language (Russian or English): the
letter's number, to which clinic, for whom (name, birth date, policy), what and when, how long it
is valid and up to what amount, and a QR code holding the letter's number. Drawn as the policy
copies are (core/policy_pdf.py: fonts, wrapping, pages)."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from core.i18n import Catalogue
from core.latin import latin
from core.letters import LetterCopy
from core.money import kopecks
from core.policy_pdf import MONTHS, Pages, _qr, register_fonts
from core.settings import Settings


def letter_pdf(copy: LetterCopy, catalogue: Catalogue, settings: Settings, *, locale: str) -> bytes:
    register_fonts()
    translator = catalogue.translator(locale)
    _, datum, english = translator.plain, translator.datum, translator.locale == "en"
    letter = copy
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    title = _("letter-pdf-title", letter=letter.number)
    canvas.setTitle(title)
    _qr(canvas, letter.number)
    pages = Pages(canvas, _("letter-pdf-note", number=letter.label), lambda text: text)
    pages.title(title)
    person = copy.person
    if english and latin(person) != person:
        person = f"{person} ({latin(person)})"
    rows = [
        (_("letter-pdf-issued"), _day(copy.issued, english)),
        (_("letter-pdf-insurer"), datum(settings.insurer_name)),
        (_("letter-pdf-clinic"), ", ".join(p for p in (copy.clinic, copy.clinic_address) if p)),
        (_("letter-pdf-person"), person),
        (_("letter-pdf-birth-date"), _day(copy.birth_date, english)),
        (_("letter-pdf-policy"), copy.policy),
        (_("letter-pdf-kind"), _("letters-kind", kind=letter.kind)),
        (_("letter-pdf-service"), letter.service),
        (_("letter-pdf-date", kind=letter.kind), _day(letter.wanted_date, english)),
        (_("letter-pdf-valid-until"), _day(letter.valid_until, english)),
        (
            _("letter-pdf-limit"),
            kopecks(translator.locale, letter.amount_limit)
            if letter.amount_limit is not None
            else _("letter-pdf-no-limit"),
        ),
        (_("letter-pdf-request"), letter.label),
    ]
    if letter.scope:  # what exactly is approved, when the operator said: after what was asked
        rows.insert(8, (_("letter-pdf-scope"), letter.scope))
    for label, value in rows:
        pages.row(label, value)
    pages.heading(_("letter-pdf-terms-heading"))
    pages.paragraph(
        _(
            "letter-pdf-terms",
            insurer=datum(settings.insurer_name),
            valid_until=_day(letter.valid_until, english),
            phone=datum(settings.hotline_phone),
        )
    )
    pages.finish()
    canvas.save()
    return buffer.getvalue()


def _day(value: date, english: bool) -> str:
    if english:
        return f"{value.day:02d} {MONTHS[value.month - 1]} {value.year}"
    return f"{value:%d.%m.%Y}"
