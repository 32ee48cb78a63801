"""«Скачать полис»: an information copy of a policy as a PDF (Cyrillic in a bundled DejaVu font,
a QR code with the policy number). A ВЗР policy also gets a Latin-script copy for consulates, with
the programme's description (where the insurer puts the assistance numbers abroad)."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from core.i18n import Catalogue
from core.settings import Settings
from storage.models import Policy, Program

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"

# ICAO Doc 9303 transliteration, as in Russian international passports.
ICAO = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "ie",
            "y",
            "",
            "e",
            "iu",
            "ia",
        ],
        strict=True,
    )
)


def latin(text: str) -> str:
    out = []
    for char in text:
        plain = ICAO.get(char.lower())
        if plain is None:
            out.append(char)
        else:
            out.append(plain.capitalize() if char.isupper() else plain)
    return "".join(out)


def _fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def policy_pdf(
    policy: Policy,
    program: Program | None,
    catalogue: Catalogue,
    settings: Settings,
    *,
    for_consulate: bool = False,
) -> bytes:
    """The copy in Russian, or (`for_consulate`) in English with Latin-script names."""
    _fonts()
    _ = catalogue.translator("en" if for_consulate else "ru").plain
    names = [policy.last_name, policy.first_name, policy.middle_name or ""]
    holder = " ".join(latin(n) if for_consulate else n for n in names if n)
    program_name = program.name if program else policy.program_code
    rows = [
        (_("pdf-holder"), holder),
        (_("pdf-birth-date"), policy.birth_date.strftime("%d.%m.%Y")),
        (_("pdf-number"), policy.number),
        (_("pdf-kind"), _(f"pdf-kind-{policy.kind}")),
        (_("pdf-term"), f"{policy.start_date:%d.%m.%Y} — {policy.end_date:%d.%m.%Y}"),
        (_("pdf-program"), latin(program_name) if for_consulate else program_name),
        (_("pdf-employer"), latin(policy.employer) if for_consulate else policy.employer),
        (
            _("pdf-insurer"),
            latin(settings.insurer_name) if for_consulate else settings.insurer_name,
        ),
        (_("pdf-hotline"), settings.hotline_phone),
        (_("pdf-email"), settings.support_email),
    ]
    buffer = io.BytesIO()
    page = Canvas(buffer, pagesize=A4)
    page.setTitle(_("pdf-title"))
    width, height = A4
    page.setFont(BOLD, 18)
    page.drawString(20 * mm, height - 25 * mm, _("pdf-title"))
    y = height - 40 * mm
    for label, value in rows:
        page.setFont(BOLD, 10)
        page.drawString(20 * mm, y, label)
        page.setFont(REGULAR, 10)
        page.drawString(70 * mm, y, value)
        y -= 7 * mm
    if for_consulate and program is not None and program.description:
        y -= 4 * mm
        page.setFont(BOLD, 10)
        page.drawString(20 * mm, y, _("pdf-assistance"))
        page.setFont(REGULAR, 9)
        for line in _wrap(program.description, 95):
            y -= 5 * mm
            page.drawString(20 * mm, y, line)
    qr = QrCodeWidget(policy.number)
    left, bottom, right, top = qr.getBounds()
    size = 40 * mm
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(qr)
    renderPDF.draw(drawing, page, width - 20 * mm - size, height - 20 * mm - size)
    page.setFont(REGULAR, 8)
    page.drawString(20 * mm, 15 * mm, _("pdf-note"))
    page.showPage()
    page.save()
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            if len(line) + len(word) + 1 > width and line:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return lines
