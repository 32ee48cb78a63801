"""A family on the roster, for the family's tests: Anna's own ДМС-1; her daughter Маша on ДМС-2
and ВЗР-3 (one person, two policies, her first name in capitals on the second); her husband Олег
on ДМС-4; a son whose policy ended (ДМС-5); a daughter already held by John (ДМС-6); Маша's own
child tied to Маша's policy (ДМС-7, a member's, not Anna's); John's ДМС-9 and his son on ДМС-10.
Visits are written straight into the database: they are about whom, not about booking."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from core.people import canonical_policy_number
from core.policies import LinkOutcome
from core.services import Services
from storage.models import Appointment, Policy, Profile, Slot
from tests.people import person
from tests.rosters import CLINIC_HEADER, POLICY_HEADER, PROGRAMS, SLOT_HEADER, load, policy

FAMILY_HEADER = POLICY_HEADER.rstrip("\n") + ",holder_policy_number,relation\n"
MASHA = {"first_name": "Мария", "middle_name": "Олеговна", "birth_date": "2016-05-20"}
OLEG = {"last_name": "Петров", "first_name": "Олег", "middle_name": "", "birth_date": "1988-01-15"}
KOLYA = {"first_name": "Николай", "middle_name": "", "birth_date": "2018-09-01"}
VERA = {"first_name": "Вера", "middle_name": "", "birth_date": "2014-02-02"}
JOHN = {"last_name": "Смитов", "first_name": "Джон", "middle_name": "", "birth_date": "1985-05-05"}
JOHNS_SON = {**JOHN, "first_name": "Том", "birth_date": "2015-04-04"}


def member(number: str, holder: str = "", relation: str = "", **changes: str) -> str:
    """A row of the policies file with the family columns."""
    return policy(number, **changes).rstrip("\n") + f",{holder},{relation}\n"


ROSTER = FAMILY_HEADER + "".join(
    (
        member("ДМС-1"),
        member("ДМС-2", "ДМС-1", "child", **MASHA),
        # The same Маша, her first name in capitals, on a travel policy.
        member(
            "ВЗР-3", "ДМС-1", "child", kind="VZR", program="V1", **{**MASHA, "first_name": "МАРИЯ"}
        ),
        member("ДМС-4", "ДМС-1", "spouse", **OLEG),
        member("ДМС-5", "ДМС-1", "child", **KOLYA),
        member("ДМС-6", "ДМС-1", "child", **VERA),
        member("ДМС-7", "ДМС-2", "child", first_name="Ева", birth_date="2025-01-01"),
        member("ДМС-9", **JOHN),
        member("ДМС-10", "ДМС-9", "child", **JOHNS_SON),
    )
)


async def loaded(services: Services, tmp_path: Path) -> None:
    await load(services, tmp_path, "programs", PROGRAMS + "V1,Путешествие,VZR,,\n")
    await load(services, tmp_path, "policies", ROSTER)


async def a_policy(services: Services, number: str) -> Policy:
    async with services.db.unit_of_work() as session:
        found = await session.scalar(
            select(Policy).where(Policy.number == canonical_policy_number(number))
        )
    assert found is not None
    return found


async def held(services: Services) -> dict[str, tuple[int | None, str | None]]:
    """Each policy's printed number: its holder's profile and the member's relation."""
    async with services.db.unit_of_work() as session:
        rows = await session.execute(
            select(Policy.printed_number, Policy.holder_profile_id, Policy.member_relation)
        )
        return {number: (holder, relation) for number, holder, relation in rows}


async def someone(
    services: Services, n: int, names: dict[str, str] | None = None, *numbers: str
) -> Profile:
    """A signed-up person holding `numbers` as their own (no family linked), named as `names`
    (Anna by default)."""
    profile = await person(services, n, *numbers)
    if names:
        async with services.db.unit_of_work() as session:
            await session.execute(
                update(Profile)
                .where(Profile.id == profile.id)
                .values(
                    last_name=names.get("last_name", profile.last_name),
                    first_name=names["first_name"],
                    middle_name=names.get("middle_name") or None,
                    birth_date=date.fromisoformat(names["birth_date"]),
                )
            )
            renamed = await session.get(Profile, profile.id)
        assert renamed is not None
        return renamed
    return profile


async def anna_linked(services: Services) -> Profile:
    """Anna signs up and links ДМС-1 (the other accounts hold what the roster says they do):
    her family comes with it."""
    john = await someone(services, 2, JOHN, "ДМС-9")
    async with services.db.unit_of_work() as session:
        await session.execute(
            update(Policy)
            .where(Policy.number == canonical_policy_number("ДМС-6"))
            .values(holder_profile_id=john.id)
        )
        await session.execute(
            update(Policy)
            .where(Policy.number == canonical_policy_number("ДМС-5"))
            .values(terminated_at=services.clock.now())
        )
    anna = await someone(services, 1)
    async with services.db.unit_of_work():
        outcome = await services.policies.link_proven(anna, await a_policy(services, "ДМС-1"))
    assert outcome.outcome == LinkOutcome.LINKED
    return anna


async def with_slots(services: Services, tmp_path: Path, *starts: str) -> None:
    """Клиника «Ромашка» (C1) and a therapist's free times at `starts` (Moscow time,
    2026-11-25T10:00), for past and coming visits alike."""
    await load(
        services,
        tmp_path,
        "clinics",
        CLINIC_HEADER + "C1,Клиника «Ромашка»,ул. Ленина 1,,55.75,37.61,true,терапевт,P1,,\n",
    )
    rows = "".join(f"C1,терапевт,Андреева,{start},30\n" for start in starts)
    await load(services, tmp_path, "slots", SLOT_HEADER + rows)


async def booked(services: Services, profile: Profile, number: str, when: datetime) -> int:
    """A confirmed visit of the account's at the free time `when` on the policy `number`; its
    id."""
    now = services.clock.now()
    on = await a_policy(services, number)
    async with services.db.unit_of_work() as session:
        slot = await session.scalar(select(Slot).where(Slot.starts_at == when))
        assert slot is not None
        visit = Appointment(
            profile_id=profile.id, slot_id=slot.id, policy_id=on.id, status="confirmed",
            starts_at=when, ends_at=when + timedelta(minutes=slot.duration_min),
            created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(visit)
        await session.flush()
        return visit.id
