"""Clinics, policies and slots to book in, and the times and slots the booking tests name.

Two `world` fixtures, each imported by name into the test modules that use it (both are
`world` there): `world`, the bot's (Anna's ДМС-1 and John's ДМС-2), and `core_world`, the core
booking tests' (policies П-1…П-30 and two that end early, clinics in two time zones).
The ManualClock starts on Tuesday 2026-11-24, 09:00 UTC (12:00 in Moscow).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from core.booking import Outcome
from core.services import Services
from storage.models import Clinic, Profile, Slot
from tests.people import JOHN_CONTACTS
from tests.rosters import CLINIC_HEADER, POLICY_HEADER, PROGRAMS, SLOT_HEADER, load, policy


@pytest.fixture
async def world(services: Services, tmp_path: Path) -> None:
    await load(services, tmp_path, "programs", PROGRAMS)
    await load(
        services,
        tmp_path,
        "clinics",
        CLINIC_HEADER
        + "C1,Клиника «Ромашка»,ул. Ленина 1,,55.75,37.61,true,терапевт;лор,P1,,reg@romashka.ru\n"
        + "C4,Чужая программа,,,55.77,37.63,true,терапевт,P2,,\n",
    )
    roster = policy("ДМС-1") + policy("ДМС-2", **JOHN_CONTACTS)  # Anna's, John's
    await load(services, tmp_path, "policies", POLICY_HEADER + roster)
    rows = [
        f"C1,терапевт,Андреева,2026-11-{day}T{hour}:00,30\n"
        for day in (25, 26)
        for hour in ("10", "11", "12")
    ]
    rows += ["C1,лор,Ухова,2026-11-27T09:00,30\n", "C1,терапевт,Андреева,2026-12-01T10:00,30\n"]
    rows.append("C4,терапевт,Чужова,2026-11-25T10:00,30\n")
    path = tmp_path / "slots.csv"
    path.write_text(SLOT_HEADER + "".join(rows), encoding="utf-8")
    assert (await services.slots.run(path)).rejected == []


@pytest.fixture
async def core_world(services: Services, tmp_path: Path) -> None:
    await load(services, tmp_path, "programs", PROGRAMS)
    await load(
        services,
        tmp_path,
        "clinics",
        CLINIC_HEADER
        + "C1,Клиника,ул. Ленина 1,,55.75,37.61,true,терапевт,P1,,\n"
        + "C2,Иркутская,,,52.29,104.28,true,терапевт,P1,Asia/Irkutsk,\n"
        + "C3,Только по телефону,,,55.76,37.62,false,терапевт,P1,,\n"
        + "C4,Чужая программа,,,55.77,37.63,true,терапевт,P2,,\n",
    )
    policies = [policy(f"П-{n}") for n in range(1, 31)]
    policies.append(policy("П-СТАРЫЙ", end_date="2026-06-30"))
    policies.append(policy("П-КОНЕЦ", end_date="2026-11-30"))
    await load(services, tmp_path, "policies", POLICY_HEADER + "".join(policies))
    slots = [
        f"C1,терапевт,Андреева,2026-11-{day}T{hour}:00,30\n"
        for day in (25, 26, 27)
        for hour in ("10", "11", "12")
    ]
    slots.append("C2,терапевт,Байкалова,2026-11-25T10:00,30\n")  # 10:00 in Irkutsk
    slots.append("C3,терапевт,Звонкова,2026-11-25T10:00,30\n")
    slots.append("C4,терапевт,Чужова,2026-11-25T10:00,30\n")
    slots.append("C1,терапевт,Андреева,2026-12-01T10:00,30\n")
    await load(services, tmp_path, "slots", SLOT_HEADER + "".join(slots))


async def slot_at(services: Services, clinic: str, when: datetime) -> int:
    async with services.db.unit_of_work() as session:
        found = await session.scalar(
            select(Slot.id)
            .join(Clinic, Clinic.id == Slot.clinic_id)
            .where(Clinic.external_id == clinic, Slot.starts_at == when)
        )
    assert found is not None
    return found


def msk(day: int, hour: int, month: int = 11) -> datetime:
    """Moscow wall-clock time as an instant (UTC+3 all year)."""
    return datetime(2026, month, day, hour - 3, tzinfo=UTC)


async def book(services: Services, profile: Profile, slot_id: int) -> Outcome:
    async with services.db.unit_of_work():
        return (await services.booking.book(profile, slot_id)).outcome
