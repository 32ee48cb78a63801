"""What a person holds decides the sections their menu shows: a ДМС policy in force, one with a
co-payment, a ВЗР policy in force, a policy whose care may still be claimed."""

from __future__ import annotations

from pathlib import Path

from core.holdings import Holding
from core.services import Services
from tests.people import person
from tests.rosters import POLICY_HEADER, load, policy

# The tests' clock stands at 2026-11-24.
ROSTER = POLICY_HEADER + "".join(
    (
        policy("ДМС-1"),
        policy("ДМС-2", franchise_percent="10"),
        policy("ДМС-ENDED", end_date="2026-11-23"),
        policy("ДМС-LATER", start_date="2026-12-01"),
        policy("ВЗР-1", kind="VZR", program="V1"),
        policy("ВЗР-RECENT", kind="VZR", program="V1", end_date="2026-08-27"),
        policy("ВЗР-OLD", kind="VZR", program="V1", end_date="2026-08-25"),
    )
)
PROGRAMS = "code,name,kind,description,covers\nP1,Стандарт,DMS,,\nV1,Путешествие,VZR,,\n"


async def held(services: Services, n: int, *numbers: str) -> frozenset[Holding]:
    profile = await person(services, n, *numbers)
    async with services.db.unit_of_work():
        return await services.holdings.of(profile.user_id)


async def test_each_kind_of_policy_is_told_apart(services: Services, tmp_path: Path) -> None:
    await load(services, tmp_path, "programs", PROGRAMS)
    await load(services, tmp_path, "policies", ROSTER)
    assert await held(services, 1, "ДМС-1") == {Holding.DMS_POLICY, Holding.RECENT_POLICY}
    assert await held(services, 2, "ДМС-2", "ВЗР-1") == {
        Holding.DMS_POLICY,
        Holding.COPAYMENT_POLICY,
        Holding.VZR_POLICY,
        Holding.RECENT_POLICY,
    }
    # Ended yesterday: nothing in force, but its care may still be claimed for 90 days.
    assert await held(services, 3, "ДМС-ENDED", "ВЗР-RECENT") == {Holding.RECENT_POLICY}
    # Ended 91 days ago, or not started yet: nothing.
    assert await held(services, 4, "ВЗР-OLD", "ДМС-LATER") == frozenset()
