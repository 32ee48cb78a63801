"""«Скачать полис»: an information copy of a policy as a PDF, in the person's language (Russian
or English), with a QR code holding the policy's number: who is insured, for how long, the
programme with what it covers, how to get care, the 24/7 line and, for ДМС, the programme's
clinics. A ВЗР policy also gets a copy for consulates, entirely in Latin script: every text it
draws is transliterated (`core.latin`), the programme's English wording or none
(`core.programmes.latin_wording`), its territory, sum insured and assistance company.

Text flows down as many A4 pages as it needs: lines are wrapped by their measured width, never
run under the QR code (top right of the first page) nor into the foot of a page, which carries
the note on every page. Fonts: the bundled DejaVu (Cyrillic), `core/fonts/`."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from core.i18n import Catalogue, Translator
from core.latin import latin
from core.money import money
from core.people import international
from core.policies import PolicyCopy
from core.programmes import Wording, latin_wording, wording
from core.settings import Settings
from storage.models import Policy, Program

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"

# Points (reportlab's unit); `mm` is 72 / 25.4 of them.
PAGE_WIDTH: float
PAGE_HEIGHT: float
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN: float = 20 * mm
QR_SIZE: float = 40 * mm
QR_LEFT, QR_BOTTOM = PAGE_WIDTH - MARGIN - QR_SIZE, PAGE_HEIGHT - MARGIN - QR_SIZE
GAP: float = 4 * mm  # between a label and its value, and between the text and the QR code
VALUE_X: float = 70 * mm  # where a row's value begins (its label is left of it)
BOTTOM: float = 25 * mm  # no text line goes lower: the note is below
NOTE_Y: float = 15 * mm
ENTRY_GAP: float = 1.5 * mm  # under a clinic's entry
TITLE, HEADING, BODY, SMALL, NOTE = 16, 12, 10, 9, 8  # font sizes, points
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Translate = Callable[..., str]


def register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def leading(size: float) -> float:
    return size * 1.35


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` in lines no wider than `width` points in that font: broken at spaces, and inside a
    word only when the word alone is wider."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if pdfmetrics.stringWidth(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            *whole, line = _pieces(word, font, size, width)
            lines += whole
        lines.append(line)
    return lines


def _pieces(word: str, font: str, size: float, width: float) -> list[str]:
    """A word cut into parts that each fit `width` (one part when it fits whole)."""
    pieces, piece = [], ""
    for char in word:
        if piece and pdfmetrics.stringWidth(piece + char, font, size) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


class Pages:
    """Text flowing down the pages from the top left. `script` is applied to everything drawn
    (for a consulate: Latin script, whatever the data holds)."""

    def __init__(self, canvas: Canvas, note: str, script: Callable[[str], str]) -> None:
        self.canvas = canvas
        self.note = note
        self.script = script
        self.first = True
        self.y = PAGE_HEIGHT - MARGIN  # the top of the next line

    def right(self) -> float:
        """The right edge of a block beginning here: left of the QR code when beside it."""
        beside_qr = self.first and self.y > QR_BOTTOM - GAP
        return QR_LEFT - GAP if beside_qr else PAGE_WIDTH - MARGIN

    def lines(self, text: str, font: str, size: float, left: float) -> list[str]:
        return wrap(self.script(text), font, size, self.right() - left)

    def room(self, height: float) -> bool:
        """A new page unless `height` points fit above the bottom margin; whether it took one."""
        if self.y - height >= BOTTOM:
            return False
        self._foot()
        self.canvas.showPage()
        self.first = False
        self.y = PAGE_HEIGHT - MARGIN
        return True

    def space(self, height: float) -> None:
        self.y -= height

    def draw(self, left: float, lines: list[str], font: str, size: float) -> None:
        """Lines one under another from here, moving down past them (room made by the caller)."""
        self.canvas.setFont(font, size)
        for line in lines:
            self.canvas.drawString(left, self.y - size, line)
            self.y -= leading(size)

    def title(self, text: str) -> None:
        self.draw(MARGIN, self.lines(text, BOLD, TITLE, MARGIN), BOLD, TITLE)
        self.space(5 * mm)

    def heading(self, text: str) -> None:
        """Kept with the line after it."""
        self.space(3 * mm)
        lines = self.lines(text, BOLD, HEADING, MARGIN)
        if self.room(len(lines) * leading(HEADING) + leading(BODY)):
            lines = self.lines(text, BOLD, HEADING, MARGIN)
        self.draw(MARGIN, lines, BOLD, HEADING)
        self.space(1 * mm)

    def paragraph(self, text: str) -> None:
        """May go on over a page, line by line."""
        for line in self.lines(text, REGULAR, BODY, MARGIN):
            self.room(leading(BODY))
            self.draw(MARGIN, [line], REGULAR, BODY)

    def bullet(self, text: str) -> None:
        mark = "• "
        indent = pdfmetrics.stringWidth(mark, REGULAR, BODY)
        for at, line in enumerate(self.lines(text, REGULAR, BODY, MARGIN + indent)):
            self.room(leading(BODY))
            if at == 0:
                self.draw(MARGIN, [mark + line], REGULAR, BODY)
            else:
                self.draw(MARGIN + indent, [line], REGULAR, BODY)

    def row(self, label: str, value: str) -> None:
        """A label and its value side by side, kept together."""
        labels = wrap(self.script(label), BOLD, BODY, VALUE_X - MARGIN - GAP)
        values = self.lines(value, REGULAR, BODY, VALUE_X)
        if self.room(max(len(labels), len(values)) * leading(BODY)):
            values = self.lines(value, REGULAR, BODY, VALUE_X)  # a new page: wider, maybe
        top = self.y
        self.draw(MARGIN, labels, BOLD, BODY)
        below_label, self.y = self.y, top
        self.draw(VALUE_X, values, REGULAR, BODY)
        self.y = min(self.y, below_label) - 1 * mm

    def entry_height(self, title: str, detail: str) -> float:
        """The height of an `entry` below the QR code."""
        width = PAGE_WIDTH - 2 * MARGIN
        count = len(wrap(self.script(title), BOLD, SMALL, width))
        if detail:
            count += len(wrap(self.script(detail), REGULAR, SMALL, width))
        return count * leading(SMALL) + ENTRY_GAP

    def entry(self, title: str, detail: str) -> None:
        """A bold line and a plain one under it (a clinic and its address), kept together."""
        self.room(self.entry_height(title, detail))
        self.draw(MARGIN, self.lines(title, BOLD, SMALL, MARGIN), BOLD, SMALL)
        if detail:
            self.draw(MARGIN, self.lines(detail, REGULAR, SMALL, MARGIN), REGULAR, SMALL)
        self.space(ENTRY_GAP)

    def finish(self) -> None:
        self._foot()
        self.canvas.showPage()

    def _foot(self) -> None:
        lines = wrap(self.script(self.note), REGULAR, NOTE, PAGE_WIDTH - 2 * MARGIN)
        self.canvas.setFont(REGULAR, NOTE)
        for at, line in enumerate(lines):
            self.canvas.drawString(MARGIN, NOTE_Y - at * leading(NOTE), line)


def policy_pdf(
    copy: PolicyCopy,
    catalogue: Catalogue,
    settings: Settings,
    *,
    locale: str = "ru",
    for_consulate: bool = False,
) -> bytes:
    """The copy in `locale` (ru or en), or (`for_consulate`) in English, in Latin script only."""
    register_fonts()
    translator = catalogue.translator("en" if for_consulate else locale)
    _, english = translator.plain, translator.locale == "en"
    policy, program = copy.policy, copy.program
    if for_consulate:
        words = latin_wording(program, policy.program_code)
    else:
        words = wording(program, policy.program_code, translator.locale)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(_("pdf-title"))
    _qr(canvas, policy.printed_number)
    pages = Pages(canvas, _("pdf-note"), latin if for_consulate else _as_it_is)
    pages.title(_("pdf-title"))
    # In English, names as the roster has them (what a clinic checks) and as a passport has them.
    latin_name = english and not for_consulate
    for label, value in _rows(policy, program, words, translator, settings, latin_name=latin_name):
        pages.row(label, value)
    if words.description or words.covers:
        pages.heading(_("pdf-covers"))
        if words.description:
            pages.paragraph(words.description)
        for item in words.covers:
            pages.bullet(item)
    pages.heading(_("pdf-how"))
    pages.paragraph(_how_to_get_care(policy, program, _, settings))
    if policy.kind == "DMS" and not for_consulate:
        _clinics(pages, copy, _)
    pages.finish()
    canvas.save()
    return buffer.getvalue()


def _as_it_is(text: str) -> str:
    return text


def _holder(policy: Policy) -> str:
    names = (policy.last_name, policy.first_name, policy.middle_name)
    return " ".join(name for name in names if name)


def _rows(
    policy: Policy,
    program: Program | None,
    words: Wording,
    translator: Translator,
    settings: Settings,
    *,
    latin_name: bool,
) -> Iterator[tuple[str, str]]:
    """The copy's rows; values from settings and the roster with «(демо)» in the reader's words."""
    _, datum, english = translator.plain, translator.datum, translator.locale == "en"
    term = f"{_date(policy.start_date, english)} — {_date(policy.end_date, english)}"
    holder = _holder(policy)
    yield _("pdf-holder"), holder
    if latin_name and latin(holder) != holder:
        yield _("pdf-holder-latin"), latin(holder)
    yield _("pdf-birth-date"), _date(policy.birth_date, english)
    yield _("pdf-number"), policy.printed_number
    yield _("pdf-kind"), _(f"pdf-kind-{policy.kind}")
    yield _("pdf-term"), term
    yield _("pdf-program"), words.name
    if program is not None:
        if program.territory:
            yield _("pdf-territory"), program.territory
        if program.sum_insured is not None and program.currency:
            amount = money(translator.locale, program.sum_insured, program.currency)
            yield _("pdf-sum-insured"), amount
        if program.assistance_company:
            yield _("pdf-assistance-company"), program.assistance_company
        if program.assistance_phone:
            yield _("pdf-assistance-phone"), international(program.assistance_phone)
    yield _("pdf-employer"), datum(policy.employer)
    yield _("pdf-insurer"), datum(settings.insurer_name)
    yield _("pdf-hotline"), datum(settings.hotline_phone)
    yield _("pdf-email"), settings.support_email


def _how_to_get_care(
    policy: Policy, program: Program | None, _: Translate, settings: Settings
) -> str:
    if policy.kind == "DMS":
        return _("pdf-how-dms", phone=settings.hotline_phone)
    company = program.assistance_company if program else None
    phone = program.assistance_phone if program else None
    return _(
        "pdf-how-vzr",
        company=company or settings.insurer_name,
        phone=international(phone) if phone else settings.hotline_phone,
        number=policy.printed_number,
    )


def _clinics(pages: Pages, copy: PolicyCopy, _: Translate) -> None:
    """As many of the programme's clinics as a whole page holds, then how many more."""
    pages.heading(_("pdf-clinics"))
    if not copy.clinics:
        pages.paragraph(_("pdf-clinics-none"))
        return
    budget, shown = PAGE_HEIGHT - MARGIN - BOTTOM, 0
    for name, address in copy.clinics:
        budget -= pages.entry_height(name, address)
        if budget < 0:
            break
        pages.entry(name, address)
        shown += 1
    if copy.clinics_total > shown:
        pages.paragraph(_("pdf-clinics-more", count=copy.clinics_total - shown))


def _date(value: date, english: bool) -> str:
    """07.03.1990 in Russian; 07 Mar 1990 in English (a day and a month no reader confuses)."""
    if english:
        return f"{value.day:02d} {MONTHS[value.month - 1]} {value.year}"
    return f"{value:%d.%m.%Y}"


def _qr(canvas: Canvas, number: str) -> None:
    """Top right of the first page."""
    qr = QrCodeWidget(number)
    left, bottom, right, top = qr.getBounds()
    drawing = Drawing(
        QR_SIZE,
        QR_SIZE,
        transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0],
    )
    drawing.add(qr)
    renderPDF.draw(drawing, canvas, QR_LEFT, QR_BOTTOM)
