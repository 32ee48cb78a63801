"""The policy copies as people read them (core/policy_pdf.py), checked by pypdf's text and its
positions: the Russian and English ДМС copies with the programme, what it covers, how to get
care, the 24/7 line and the programme's clinics; the ВЗР copy for consulates in Latin script
only; long programmes flowing over pages without a line over another, the QR code or the foot.
And the programmes file's optional columns that feed them."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from sqlalchemy import select

from core import demo
from core.i18n import Catalogue
from core.importing import Importer
from core.people import canonical_policy_number
from core.policies import PolicyCopy
from core.policy_pdf import (
    BOTTOM,
    MARGIN,
    NOTE_Y,
    PAGE_WIDTH,
    QR_BOTTOM,
    QR_LEFT,
    policy_pdf,
    register_fonts,
    wrap,
)
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import Policy, Program
from tests.conftest import make_settings
from tests.people import JOHN_CONTACTS, signed_up_other
from tests.rosters import CLINIC_HEADER, POLICY_HEADER, load, policy

CYRILLIC = re.compile("[\u0400-\u04ff]")
FULL_HEADER = (
    "code,name,kind,description,covers,name_en,description_en,covers_en,territory,sum_insured,"
    "currency,assistance_company,assistance_phone\n"
)
TRAVEL_ROW = (
    "V1,Путешествия,VZR,Для поездок,Помощь за рубежом;Транспортировка,,,Medical care abroad;"
    'Repatriation,"Worldwide, except the USA",50000,eur,Demo Assistance Ltd,+44 20 7946 0321\n'
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)  # a whole sign-up at once


@pytest.fixture
def paper_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, "sqlite+aiosqlite:///unused.db")


def a_policy(number: str = "ДМС-100", kind: str = "DMS", code: str = "P1") -> Policy:
    return Policy(
        number=canonical_policy_number(number),
        printed_number=number,
        kind=kind,
        program_code=code,
        last_name="Петрова",
        first_name="Анна",
        middle_name="Сергеевна",
        birth_date=date(1990, 3, 7),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        employer="ООО Ромашка",
        franchise_percent=0,
    )


def standard(**changes: str) -> Program:
    values = {
        "code": "P1",
        "name": "Стандарт",
        "kind": "DMS",
        "description": "Амбулаторная помощь",
        "covers": "Приём врача;Анализы",
        **changes,
    }
    return Program(placeholder=False, **values)


def travel(**changes: object) -> Program:
    values: dict[str, object] = {
        "code": "V1",
        "name": "Путешествия",
        "kind": "VZR",
        "description": "Для поездок за границу",
        "covers": "Помощь за рубежом;Транспортировка",
        "covers_en": "Medical care abroad;Repatriation",
        "territory": "Worldwide, except the USA",
        "sum_insured": Decimal("50000"),
        "currency": "EUR",
        "assistance_company": "Demo Assistance Ltd",
        "assistance_phone": "+442079460321",
        "placeholder": False,
        **changes,
    }
    return Program(**values)


CLINICS = [("Клиника «Здоровье»", "Москва, Тверская улица, 1"), ("Медцентр", "Москва, Арбат, 2")]


def words(pdf: bytes) -> str:
    """The text of every page, whatever the line breaks."""
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_the_russian_dms_copy_carries_the_programme_care_and_clinics(
    catalogue: Catalogue, paper_settings: Settings
) -> None:
    copy = PolicyCopy(a_policy(), standard(), CLINICS, 2)
    text = words(policy_pdf(copy, catalogue, paper_settings))
    for expected in (
        "Информационная копия полиса", "Петрова Анна Сергеевна", "ДМС-100", "Программа Стандарт",
        "Что входит в программу", "Амбулаторная помощь", "• Приём врача", "• Анализы",
        "Как получить помощь", "Горячая линия 24/7 +7 800 555-35-35", "help@insurer.test",
        "Клиники программы", "Клиника «Здоровье» Москва, Тверская улица, 1",
        "Медцентр Москва, Арбат, 2",
    ):  # fmt: skip
        assert expected in text, expected
    assert "И ещё" not in text  # every clinic is listed
    assert "Name in Latin script" not in text


def test_a_programme_without_clinics_points_to_the_bot(
    catalogue: Catalogue, paper_settings: Settings
) -> None:
    text = words(policy_pdf(PolicyCopy(a_policy(), standard(), [], 0), catalogue, paper_settings))
    assert "Клиники программы — в разделе «Клиники рядом» бота." in text


def test_the_english_dms_copy_is_in_english_with_the_names_in_both_scripts(
    catalogue: Catalogue, paper_settings: Settings
) -> None:
    program = standard(name_en="Standard", covers_en="Doctor's appointments;Tests")
    copy = PolicyCopy(a_policy(), program, CLINICS, 2)
    text = words(policy_pdf(copy, catalogue, paper_settings, locale="en"))
    for expected in (
        "Information copy of the insurance policy", "Insured person Петрова Анна Сергеевна",
        "Name in Latin script Petrova Anna Sergeevna", "Date of birth 07 Mar 1990",
        "Period of cover 01 Jan 2026 — 31 Dec 2026", "Programme Standard",
        "• Doctor's appointments", "• Tests", "How to get care", "Hotline 24/7 +7 800 555-35-35",
        "Clinics of the programme", "Медцентр Москва, Арбат, 2",
        "Амбулаторная помощь",  # no English description: the insurer's own, not nothing
    ):  # fmt: skip
        assert expected in text, expected
    assert "Приём врача" not in text
    # No English name at all: the Russian one, as the insurer named it.
    fallback = words(policy_pdf(PolicyCopy(a_policy(), standard(), [], 0), catalogue,
                                paper_settings, locale="en"))  # fmt: skip
    assert "Programme Стандарт" in fallback
    assert "• Приём врача" in fallback


def test_the_consulate_copy_is_in_latin_script_only(
    catalogue: Catalogue, paper_settings: Settings
) -> None:
    copy = PolicyCopy(a_policy("ВЗР-ДЕМО-0005", "VZR", "V1"), travel(), [], 0)
    pdf = policy_pdf(copy, catalogue, paper_settings, for_consulate=True)
    text = words(pdf)
    assert CYRILLIC.findall(text) == []
    assert CYRILLIC.findall(str(PdfReader(io.BytesIO(pdf)).metadata)) == []
    for expected in (
        "Insured person Petrova Anna Sergeevna", "Policy number VZR-DEMO-0005",
        "Type of insurance Travel medical insurance (VZR)", "Programme Puteshestviia",
        "Territory of cover Worldwide, except the USA", "Sum insured 50,000.00 EUR",
        "Assistance company Demo Assistance Ltd", "Assistance phone 24/7 +44 20 7946 0321",
        "Policyholder OOO Romashka", "Insurer SK «Test»", "• Medical care abroad",
        "• Repatriation", "first call Demo Assistance Ltd on +44 20 7946 0321",
    ):  # fmt: skip
        assert expected in text, expected
    assert "Dlia poezdok" not in text  # a transliterated Russian paragraph helps nobody
    laid_out(pdf, "Information copy from the DMS assistant")
    named = words(policy_pdf(PolicyCopy(copy.policy, travel(name_en="Travel"), [], 0), catalogue,
                             paper_settings, for_consulate=True))  # fmt: skip
    assert "Programme Travel" in named


def test_the_russian_copy_of_a_travel_policy_names_its_assistance(
    catalogue: Catalogue, paper_settings: Settings
) -> None:
    copy = PolicyCopy(a_policy("ВЗР-7", "VZR", "V1"), travel(), [], 0)
    text = words(policy_pdf(copy, catalogue, paper_settings))
    for expected in (
        "Территория Worldwide, except the USA", "Страховая сумма 50 000,00 €",
        "Ассистанс Demo Assistance Ltd",
        "позвоните в Demo Assistance Ltd по номеру +44 20 7946 0321",
    ):  # fmt: skip
        assert expected in text, expected
    assert "Клиники программы" not in text  # help abroad comes through the assistance company


def placed(pdf: bytes) -> list[tuple[int, float, float, float, float, str]]:
    """(page, left, baseline, right, font size, text) of every piece of text drawn."""
    register_fonts()
    pieces = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):

        def visit(text: str, _cm: list[float], tm: list[float], font: object, size: float,
                  page_number: int = number) -> None:  # fmt: skip
            line = text.strip("\n")
            if not line.strip():
                return
            name = "DejaVuSans-Bold" if "Bold" in str(font) else "DejaVuSans"
            width = pdfmetrics.stringWidth(line, name, size)
            pieces.append((page_number, tm[4], tm[5], tm[4] + width, size, line))

        page.extract_text(visitor_text=visit)
    return pieces


def test_a_long_programme_flows_over_pages_and_nothing_overlaps(
    catalogue: Catalogue, paper_settings: Settings
) -> None:
    covers = ";".join(
        f"Пункт {n}: консультации врачей-специалистов и диагностические исследования по назначению"
        for n in range(45)
    )
    program = standard(covers=covers, description="Очень подробное описание программы. " * 30)
    clinics = [(f"Клиника номер {n}", f"Москва, улица Без Пробелов{'-' * 5}{n}" + "Д" * 60)
               for n in range(12)]  # fmt: skip
    pdf = policy_pdf(PolicyCopy(a_policy(), program, clinics, 12), catalogue, paper_settings)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1
    text = words(pdf)
    for n in range(45):
        assert f"• Пункт {n}: консультации" in text, n
    for name, _address in clinics:
        assert name in text, name
    laid_out(pdf, "Информационная копия из ДМС-помощника")


def laid_out(pdf: bytes, note: str) -> None:
    """Every line within the margins, above the foot (but the note, in it), beside the QR code
    and never over it, and no line over another."""
    pieces = placed(pdf)
    for page, left, baseline, right, size, line in pieces:
        assert left >= MARGIN - 0.01, line
        assert right <= PAGE_WIDTH - MARGIN + 0.01, line
        if line.startswith(note):
            assert baseline <= NOTE_Y + 0.01, line
        else:
            assert baseline >= BOTTOM - 0.01, line
        if page == 0 and baseline + size > QR_BOTTOM:
            assert right <= QR_LEFT, line
    for a in pieces:
        for b in pieces:
            if a is b or a[0] != b[0]:
                continue
            across = a[1] < b[3] and b[1] < a[3]
            above = a[2] - 0.2 * a[4] < b[2] + 0.8 * b[4] and b[2] - 0.2 * b[4] < a[2] + 0.8 * a[4]
            assert not (across and above), (a, b)


def test_clinics_past_a_page_are_counted_not_listed(
    catalogue: Catalogue, paper_settings: Settings
) -> None:
    clinics = [(f"Клиника {n:03d}", f"Москва, улица {n}") for n in range(100)]
    pdf = policy_pdf(PolicyCopy(a_policy(), standard(), clinics, 340), catalogue, paper_settings)
    text = words(pdf)
    shown = [name for name, _address in clinics if f"{name} " in text]
    assert 15 < len(shown) < 100
    assert shown == [name for name, _address in clinics[: len(shown)]]  # the first, in order
    more = 340 - len(shown)
    assert f"И ещё {more} клиник — все клиники программы в разделе «Клиники рядом» бота." in text


def test_lines_are_wrapped_by_their_measured_width(catalogue: Catalogue) -> None:
    register_fonts()
    width = 100.0
    for text in ("Ш" * 80, "i" * 80, "широкие ШШШ слова " * 10 + "и" * 5):
        lines = wrap(text, "DejaVuSans", 10, width)
        assert all(pdfmetrics.stringWidth(line, "DejaVuSans", 10) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # Narrow letters fit more to a line than wide ones: by width, not by count.
    assert len(wrap("i" * 80, "DejaVuSans", 10, width)) < len(
        wrap("Ш" * 80, "DejaVuSans", 10, width)
    )


async def test_the_programmes_file_takes_the_optional_columns_and_old_files_stay_valid(
    services: Services, tmp_path: Path
) -> None:
    await load(
        services, tmp_path, "programs", "code,name,kind,description,covers\nP1,Стандарт,DMS,,\n"
    )
    await load(
        services,
        tmp_path,
        "programs",
        FULL_HEADER
        + "P2,Оптимум,DMS,,Приём,Optimum,An outpatient programme,Appointments,,,,,\n"
        + TRAVEL_ROW,
    )
    async with services.db.unit_of_work() as session:
        found = {p.code: p for p in await session.scalars(select(Program))}
    old, optimum, trip = found["P1"], found["P2"], found["V1"]
    assert (old.name, old.name_en, old.territory, old.sum_insured) == ("Стандарт", None, None, None)
    assert (optimum.name_en, optimum.description_en, optimum.covers_en) == (
        "Optimum",
        "An outpatient programme",
        "Appointments",
    )
    assert (trip.territory, trip.sum_insured, trip.currency) == (
        "Worldwide, except the USA",
        Decimal("50000"),
        "EUR",
    )
    assert (trip.assistance_company, trip.assistance_phone) == (
        "Demo Assistance Ltd",
        "+442079460321",
    )


async def test_bad_optional_columns_are_refused_with_the_reason(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "programs.csv"
    path.write_text(
        FULL_HEADER
        + "A,А,VZR,,,,,,,50000,,,\n"  # a sum with no currency
        + "B,Б,VZR,,,,,,,много,EUR,,\n"
        + "C,В,VZR,,,,,,,100,EURO,,\n"
        + "D,Г,VZR,,,,,,Весь мир,100,USD,Ассистанс,не телефон\n",  # taken, with remarks
        encoding="utf-8",
    )
    report = await Importer(services.db, services.clock, services.notifications).run(
        "programs", path
    )
    assert [(r.line, r.reason) for r in report.rejected] == [
        (2, "sum_insured and currency go together (e.g. 50000,EUR)"),
        (3, "bad sum_insured 'много' (expected a number like 50000)"),
        (4, "bad currency 'EURO' (expected a code like EUR or USD)"),
    ]
    assert report.taken == 1
    [remark] = report.warnings
    assert remark.line == 5
    assert "territory 'Весь мир' is not in Latin script" in remark.reason
    assert "assistance_company 'Ассистанс' is not in Latin script" in remark.reason
    assert "assistance_phone 'не телефон' kept as given" in remark.reason


async def test_an_english_speaker_pressing_download_gets_the_english_copy(
    rig: InProcessBot, john: Person, services: Services, tmp_path: Path
) -> None:
    await load(
        services,
        tmp_path,
        "programs",
        FULL_HEADER + "P1,Стандарт,DMS,Амбулаторная помощь,Приём врача;Анализы,Standard,"
        "Outpatient care,Doctor's appointments;Tests,,,,,\n",
    )
    await load(
        services,
        tmp_path,
        "clinics",
        CLINIC_HEADER + 'C1,Клиника «Здоровье»,"Москва, Тверская, 1",,55.75,37.61,true,'
        "терапевт,P1,,\nC2,Чужая клиника,Москва,,55.76,37.62,true,терапевт,P9,,\n",
    )
    await load(services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-7", **JOHN_CONTACTS))
    await signed_up_other(john, services)
    await john.send("/policies")
    await john.press("➕ Add a policy")
    await john.send("ДМС-7")
    assert "Programme: Standard" in (john.last.text or "")
    await john.press("⬇️ Download the policy")
    [sent] = [m for m in john.bot_messages if "document" in m.payload]
    assert sent.text == "Information copy of policy ДМС-7."
    assert sent.payload["document"]["file_name"] == "policy-ДМС-7.pdf"
    text = words(rig.standin.files[sent.payload["document"]["file_id"]].data)
    for expected in (
        "Information copy of the insurance policy", "Insured person Петрова Анна Сергеевна",
        "Name in Latin script Petrova Anna Sergeevna", "Programme Standard", "• Tests",
        "Clinics of the programme", "Клиника «Здоровье» Москва, Тверская, 1",
    ):  # fmt: skip
        assert expected in text, expected
    assert "Чужая клиника" not in text  # another programme's
    assert "Информационная копия" not in text


async def test_the_demo_programmes_show_their_english_and_travel_details(
    services: Services, catalogue: Catalogue, paper_settings: Settings
) -> None:
    importer = Importer(services.db, services.clock, services.notifications)
    report = await importer.take("programs", demo.program_rows(), source="demo programmes")
    assert (report.rejected, report.warnings, report.taken) == ([], [], len(demo.PROGRAMS))
    async with services.db.unit_of_work() as session:
        trip = await session.get(Program, demo.TRAVEL)
        base = await session.get(Program, demo.BASE)
    assert base is not None
    assert base.name_en == "Basic (demo)"
    holder = a_policy(demo.POLICIES[-1].number, "VZR", demo.TRAVEL)
    text = words(policy_pdf(PolicyCopy(holder, trip, [], 0), catalogue, paper_settings,
                            for_consulate=True))  # fmt: skip
    assert CYRILLIC.findall(text) == []
    for expected in (
        "Programme Travel (demo)", "Sum insured 50,000.00 EUR", "Demo Assistance (fictitious)",
        "+44 20 7946 0321", "Worldwide, except the USA and Canada",
    ):  # fmt: skip
        assert expected in text, expected
