"""`dmsbot import programs|policies|services`: upserts by key, bad rows with line numbers and
reasons, placeholders, duplicate keys, unknown policies, full rosters, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from core.importing import Importer, Unreadable
from core.people import canonical_policy_number
from core.services import Services
from storage.models import Policy, Program, ServiceReceived
from tests.command_line import dmsbot
from tests.rosters import CLINIC_HEADER, POLICY_HEADER, policy


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def importer(services: Services) -> Importer:
    return Importer(services.db, services.clock, services.notifications)


async def rows(services: Services, model: type) -> list:  # type: ignore[type-arg]
    async with services.db.unit_of_work() as session:
        return list((await session.scalars(select(model))).all())


@pytest.mark.db
async def test_policies_are_upserted_bad_rows_reported_and_placeholders_made(
    tmp_path: Path, importer: Importer, services: Services
) -> None:
    text = POLICY_HEADER + "".join(
        [
            policy("ДМС-001"),
            policy("ДМС-002", birth_date="07.03.1990"),
            policy("ДМС-003", kind="OMS"),
            policy("ДМС-004", end_date="2025-12-31"),
            policy("дмс 001"),  # the same number as line 2, spaces, dashes and case aside
            policy("ДМС-005", franchise_percent="150"),
            policy("  ДМС-006 ", program="NEW"),  # kept as printed, trimmed
            policy("ДМС " + "-" * 60 + " 007"),
            policy("ДМС" + "0" * 41),  # 44 characters, none to forgive: longer than a key
            policy("ДМС\u2009001"),  # a thin space is a space: line 2's number again
        ]
    )
    report = await importer.run("policies", write(tmp_path, "p.csv", text))
    assert report.taken == 2
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "bad date in birth_date: '07.03.1990' (expected YYYY-MM-DD)"),
        (4, "unknown kind 'OMS' (expected DMS or VZR)"),
        (5, "end_date 2025-12-31 is before start_date 2026-01-01"),
        (6, "duplicate number 'ДМС001' (first on line 2)"),
        (7, "franchise_percent 150 is not within 0–100"),
        (9, "policy_number is longer than 40 characters (or 60 with spaces and dashes)"),
        (10, "policy_number is longer than 40 characters (or 60 with spaces and dashes)"),
        (11, "duplicate number 'ДМС001' (first on line 2)"),
    ]
    assert sorted(report.placeholders) == ["NEW", "P1"]
    assert report.exit_code == 1
    programs = {p.code: p.placeholder for p in await rows(services, Program)}
    assert programs == {"P1": True, "NEW": True}

    programs_csv = "code,name,kind,description,covers\nP1,Стандарт,DMS,Поликлиника,приём;анализы\n"
    assert (await importer.run("programs", write(tmp_path, "pr.csv", programs_csv))).exit_code == 0
    again = await importer.run(
        "policies",
        write(tmp_path, "p2.csv", POLICY_HEADER + policy("ДМС-001", last_name="Иванова")),
    )
    assert (again.taken, again.rejected, again.placeholders) == (1, [], [])
    stored = {p.number: p for p in await rows(services, Policy)}
    assert stored["ДМС001"].last_name == "Иванова"  # updated, not duplicated
    assert len(stored) == 2
    assert {p.number: p.printed_number for p in stored.values()} == {
        "ДМС001": "ДМС-001",
        "ДМС006": "ДМС-006",
    }
    respelled = POLICY_HEADER + policy("ДМС 001", last_name="Иванова")
    await importer.run("policies", write(tmp_path, "p3.csv", respelled))
    [respelled_policy] = [p for p in await rows(services, Policy) if p.number == "ДМС001"]
    assert respelled_policy.printed_number == "ДМС 001"  # the roster's latest spelling
    [standard] = [p for p in await rows(services, Program) if p.code == "P1"]
    assert (standard.name, standard.placeholder) == ("Стандарт", False)


async def test_services_need_a_known_policy_and_a_corrected_row_updates(
    tmp_path: Path, importer: Importer, services: Services
) -> None:
    await importer.run("policies", write(tmp_path, "p.csv", POLICY_HEADER + policy("ДМС-001")))
    header = "service_id,policy_number,date,clinic_external_id,service,cost\n"
    text = header + (
        "S1,ДМС-001,2026-02-01,C1,Приём терапевта,1500.00\n"
        "S2,ДМС-999,2026-02-01,C1,Анализ крови,700.00\n"
        "S3,ДМС-001,2026-02-02,C1,Рентген,12.345\n"
    )
    report = await importer.run("services", write(tmp_path, "s.csv", text))
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "unknown policy 'ДМС999'"),
        (4, "bad cost '12.345' (expected roubles like 1500.00)"),
    ]
    fixed = header + "S1,ДМС-001,2026-02-01,C1,Приём терапевта,1600.00\n"
    await importer.run("services", write(tmp_path, "s2.csv", fixed))
    [service] = await rows(services, ServiceReceived)
    assert (service.service_id, str(service.cost)) == ("S1", "1600.00")


async def test_a_full_roster_terminates_the_employers_missing_policies(
    tmp_path: Path, importer: Importer, services: Services
) -> None:
    first = POLICY_HEADER + policy("A-1") + policy("A-2") + policy("B-1", employer="ООО Лютик")
    await importer.run("policies", write(tmp_path, "p.csv", first))
    roster = POLICY_HEADER + policy("A-1")
    report = await importer.run(
        "policies", write(tmp_path, "r.csv", roster), full_roster="ООО Ромашка"
    )
    assert report.terminated == 1
    state = {p.number: p.terminated_at is not None for p in await rows(services, Policy)}
    assert state == {"A1": False, "A2": True, "B1": False}


async def test_unreadable_files(tmp_path: Path, importer: Importer) -> None:
    with pytest.raises(Unreadable, match="no such file"):
        await importer.run("policies", tmp_path / "none.csv")
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(Unreadable, match="not UTF-8"):
        await importer.run("policies", tmp_path / "bin.csv")
    with pytest.raises(Unreadable, match="missing columns"):
        await importer.run("policies", write(tmp_path, "c.csv", "policy_number,kind\nX,DMS\n"))


def test_the_command_line_exit_codes(tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", POLICY_HEADER + policy("ДМС-1"))
    bad = write(tmp_path, "bad.csv", POLICY_HEADER + policy("ДМС-2", kind="X"))
    result = dmsbot(tmp_path, "import", "policies", str(good))
    assert result.returncode == 0, result.stderr
    assert "policies: 1 taken, 0 rejected" in result.stdout
    result = dmsbot(tmp_path, "import", "policies", str(bad))
    assert result.returncode == 1
    assert f"{bad}:2: rejected: unknown kind 'X' (expected DMS or VZR)" in result.stderr
    assert dmsbot(tmp_path, "import", "policies", str(tmp_path / "missing.csv")).returncode == 2


def test_policy_numbers_forgive_spaces_dashes_and_case() -> None:
    assert canonical_policy_number(" дмс 12-345 ") == canonical_policy_number("ДМС12345")


@pytest.mark.db
async def test_clinics_coordinates_phones_programmes_and_search_text(
    tmp_path: Path, importer: Importer, services: Services
) -> None:
    from storage.models import Clinic, ClinicProgram

    text = CLINIC_HEADER + (
        "C1,Клиника «Ёлка»,ул. Ленина 1,8 (495) 123-45-67,55.75,37.61,true,терапевт;лор,P1;P2,,\n"
        "C2,Без координат,,,0,0,false,,P1,,\n"
        "C3,Северный полюс,,,91,0,false,,P1,,\n"
        "C4,Телефон странный,,доб. 123,55.7,37.6,false,,P1,,\n"
        "C5,Иркутск,,,52.29,104.28,maybe,,P1,,\n"
        "C6,Иркутск,,,52.29,104.28,false,,P1,Asia/Irkutsk,info@clinic.ru\n"
        "C7,Почти ноль,,,1e-310,0.123456789,false,,P1,,\n"
    )
    report = await importer.run("clinics", write(tmp_path, "c.csv", text))
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "coordinates 0,0 (missing, not a place in Moscow)"),
        (4, "lat 91.0 is out of range (−90…90)"),
        (6, "online_booking 'maybe' (expected true or false)"),
    ]
    assert [(w.line, w.reason) for w in report.warnings] == [
        (5, "phone 'доб. 123' kept as given (not a number we can dial)")
    ]
    clinics = {c.external_id: c for c in await rows(services, Clinic)}
    assert clinics["C1"].phone == "+74951234567"
    assert clinics["C1"].search_text == "клиника елка ул ленина 1"
    assert clinics["C6"].timezone == "Asia/Irkutsk"
    assert (clinics["C7"].lat, clinics["C7"].lon) == (0.0, 0.1234568)  # to a centimetre
    links = {(p.clinic_id, p.program_code) for p in await rows(services, ClinicProgram)}
    assert (clinics["C1"].id, "P2") in links
    assert sorted(report.placeholders) == ["P1", "P2"]

    again = CLINIC_HEADER + "C1,Клиника «Ёлка»,ул. Ленина 1,,55.75,37.61,true,терапевт,P2,,\n"
    await importer.run("clinics", write(tmp_path, "c2.csv", again))
    links = {(p.clinic_id, p.program_code) for p in await rows(services, ClinicProgram)}
    assert {code for clinic, code in links if clinic == clinics["C1"].id} == {"P2"}


async def test_family_members_policies_name_the_employees_and_the_relation(
    tmp_path: Path, importer: Importer, services: Services
) -> None:
    """The optional `holder_policy_number` and `relation`: both or neither, a known relation, not
    the policy's own number; the employee's policy may come later (no check of it here). A file
    without the columns stays valid, and a roster sent again without them unties the member."""
    header = POLICY_HEADER.rstrip("\n") + ",holder_policy_number,relation\n"
    text = header + "".join(
        policy(number, first_name=name).rstrip("\n") + f",{holder},{relation}\n"
        for number, name, holder, relation in [
            ("ДМС-001", "Анна", "", ""),
            ("ДМС-002", "Маша", "дмс 001", "Child"),  # any spelling of the number and the case
            ("ДМС-003", "Иван", "ДМС-001", "brother"),
            ("ДМС-004", "Олег", "ДМС-001", ""),
            ("ДМС-005", "Вера", "ДМС-005", "spouse"),
            ("ДМС-006", "Пётр", "ДМС-009", "parent"),  # the employee's policy listed elsewhere
        ]
    )
    report = await importer.run("policies", write(tmp_path, "p.csv", text))
    assert [(r.line, r.reason) for r in report.rejected] == [
        (4, "relation 'brother' is not one of spouse, child, parent"),
        (5, "holder_policy_number and relation go together: give both or neither"),
        (6, "holder_policy_number is the policy's own number"),
    ]
    family = {p.number: (p.family_of, p.relation) for p in await rows(services, Policy)}
    assert family == {
        "ДМС001": (None, None),
        "ДМС002": ("ДМС001", "child"),
        "ДМС006": ("ДМС009", "parent"),
    }
    await importer.run("policies", write(tmp_path, "q.csv", POLICY_HEADER + policy("ДМС-002")))
    family = {p.number: (p.family_of, p.relation) for p in await rows(services, Policy)}
    assert family["ДМС002"] == (None, None)
