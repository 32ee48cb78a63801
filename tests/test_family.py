"""The family model (core/family.py): whom an account may choose between, which of the roster's
family members come to it on their own, and what moves with a member's policy (core/holders.py).
The roster: tests/family_rig.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from core import demo
from core.family import SELF, Patient
from core.importing import Importer
from core.people import age_on, canonical_policy_number
from core.policies import LinkOutcome
from core.services import Services
from storage.models import Appointment, AuditEvent, Policy, Profile, ScheduledMessage, User
from tests.booking_rig import msk
from tests.family_rig import (
    JOHN,
    MASHA,
    OLEG,
    ROSTER,
    a_policy,
    anna_linked,
    booked,
    held,
    loaded,
    someone,
    with_slots,
)
from tests.rosters import POLICY_HEADER, PROGRAMS, load, policy

pytestmark = pytest.mark.db


async def patients(
    services: Services, profile: Profile, wanted: Callable[[Policy], bool] | None = None
) -> list[Patient]:
    async with services.db.unit_of_work():
        return await services.family.patients(profile, wanted)


async def test_linking_ones_policy_links_the_roster_family_at_once_and_only_it(
    services: Services, tmp_path: Path
) -> None:
    """Only the members the roster ties to the person's own policy, held by nobody, in force;
    not Маша's child (tied to a member's policy), not John's son."""
    await loaded(services, tmp_path)
    anna = await anna_linked(services)
    john = (await held(services))["ДМС-9"][0]
    assert await held(services) == {
        "ДМС-1": (anna.id, None),
        "ДМС-2": (anna.id, "child"),
        "ВЗР-3": (anna.id, "child"),
        "ДМС-4": (anna.id, "spouse"),
        "ДМС-5": (None, None),  # ended
        "ДМС-6": (john, None),  # John's already: left to the identity check
        "ДМС-7": (None, None),  # Маша's child: tied to a member's policy, not Anna's own
        "ДМС-9": (john, None),
        "ДМС-10": (None, None),  # John's son: John never linked ДМС-9 through link_proven
    }
    async with services.db.unit_of_work() as session:
        linked = await session.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == "policy.family-linked")
        )
        ids = {p.printed_number: p.id for p in await session.scalars(select(Policy))}
        assert sorted(linked) == sorted(ids[n] for n in ("ДМС-2", "ВЗР-3", "ДМС-4"))


async def test_a_member_with_two_policies_is_one_patient_after_the_own_person(
    services: Services, tmp_path: Path
) -> None:
    await loaded(services, tmp_path)
    anna = await anna_linked(services)
    ids = {
        number: (await a_policy(services, number)).id
        for number in ("ДМС-1", "ДМС-2", "ВЗР-3", "ДМС-4")
    }
    people = await patients(services, anna)
    assert [(p.key, p.full_name, p.relation, p.policy_ids) for p in people] == [
        (SELF, "Петрова Анна", None, frozenset({ids["ДМС-1"]})),
        (ids["ДМС-2"], "Петрова Мария Олеговна", "child", frozenset({ids["ДМС-2"], ids["ВЗР-3"]})),
        (ids["ДМС-4"], "Петров Олег", "spouse", frozenset({ids["ДМС-4"]})),
    ]
    assert people[0].own
    assert not people[1].own
    assert people[1].birth_date == date(2016, 5, 20)
    assert [p.key for p in people if not p.own] == [ids["ДМС-2"], ids["ДМС-4"]]


async def test_wanted_keeps_only_those_with_a_policy_it_accepts(
    services: Services, tmp_path: Path
) -> None:
    """A section's filter: only people with a policy it accepts, so a section asks between those
    it can serve, and not at all when there is one (core/family.py, `patients`): a section for
    the only one of the family who can use it goes on for them, saying whose it is."""
    await loaded(services, tmp_path)
    anna = await anna_linked(services)
    masha = (await a_policy(services, "ДМС-2")).id
    oleg = (await a_policy(services, "ДМС-4")).id

    def keys(people: list[Patient]) -> list[int]:
        return [p.key for p in people]

    assert keys(await patients(services, anna, wanted=lambda p: p.kind == "DMS")) == [
        SELF,
        masha,
        oleg,
    ]
    travel = await patients(services, anna, wanted=lambda p: p.kind == "VZR")
    assert keys(travel) == [masha]  # only Маша has one: nobody else to offer
    only_oleg = await patients(services, anna, wanted=lambda p: p.member_relation == "spouse")
    assert keys(only_oleg) == [oleg]
    own = await patients(services, anna, wanted=lambda p: p.member_relation is None)
    assert keys(own) == [SELF]
    assert await patients(services, anna, wanted=lambda p: False) == []


async def test_patient_finds_only_whom_the_account_holds_a_first_policy_of(
    services: Services, tmp_path: Path
) -> None:
    await loaded(services, tmp_path)
    anna = await anna_linked(services)
    masha, travel, johns = [
        (await a_policy(services, number)).id for number in ("ДМС-2", "ВЗР-3", "ДМС-9")
    ]
    async with services.db.unit_of_work():
        found = services.family.patient
        own = await found(anna, SELF)
        assert own is not None
        assert own.own
        chosen = await found(anna, masha)
        assert chosen is not None
        assert chosen.first_name == "Мария"
        assert await found(anna, johns) is None  # another account's policy
        assert await found(anna, travel) is None  # Маша's, but not the key she is known by
        assert await found(anna, -1) is None
        assert await found(anna, 2**62) is None


async def test_a_roster_import_with_the_family_links_members_to_the_account_holding_the_policy(
    services: Services, tmp_path: Path
) -> None:
    """Anna already holds ДМС-1; the employer's next file ties her family to it: the import
    with the family links them (ImportReport.family_linked, its summary line); one without it
    only stores the tie, and a second import links nothing more."""
    await load(services, tmp_path, "programs", PROGRAMS + "V1,Путешествие,VZR,,\n")
    await load(
        services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-1") + policy("ДМС-9", **JOHN)
    )
    anna = await someone(services, 1, None, "ДМС-1")
    john = await someone(services, 2, JOHN, "ДМС-9")
    path = tmp_path / "family.csv"
    path.write_text(ROSTER, encoding="utf-8")

    plain = await Importer(services.db, services.clock, services.notifications).run(
        "policies", path
    )
    assert plain.family_linked == 0
    assert "family" not in plain.summary()
    assert (await held(services))["ДМС-2"] == (None, None)

    importer = Importer(services.db, services.clock, services.notifications, services.family)
    report = await importer.run("policies", path)
    assert report.rejected == []
    # ДМС-2, ВЗР-3, ДМС-4, ДМС-5 and ДМС-6 are Anna's (none ended or held here), ДМС-10 John's.
    assert report.family_linked == 6
    assert report.summary() == ("policies: 9 taken, 0 rejected, 6 family members' policies linked")
    now = await held(services)
    assert now["ДМС-2"] == (anna.id, "child")
    assert now["ДМС-4"] == (anna.id, "spouse")
    assert now["ДМС-10"] == (john.id, "child")
    assert now["ДМС-7"] == (None, None)  # tied to Маша's policy: a member's, not an own one
    again = await importer.run("policies", path)
    assert again.family_linked == 0
    assert await held(services) == now


async def test_holders_change_sets_and_clears_the_members_relation(
    services: Services, tmp_path: Path
) -> None:
    await loaded(services, tmp_path)
    anna = await someone(services, 1, None, "ДМС-1")
    john = await someone(services, 2, JOHN, "ДМС-9")
    number = canonical_policy_number("ДМС-2")

    async def change(
        holder: Profile | None, relation: str | None = None
    ) -> tuple[int | None, str | None]:
        async with services.db.unit_of_work() as session:
            found = await session.scalar(select(Policy).where(Policy.number == number))
            assert found is not None
            await services.holders.change(found, holder, relation=relation)
        return (await held(services))["ДМС-2"]

    assert await change(anna, "child") == (anna.id, "child")
    assert await change(anna, "parent") == (anna.id, "parent")  # the same holder, told anew
    assert await change(anna) == (anna.id, None)  # her own now
    assert await change(john, "child") == (john.id, "child")
    assert await change(None, "child") == (None, None)  # nobody's: no relation to anybody


async def test_a_members_policy_taken_over_releases_the_accounts_visit_on_it(
    services: Services, tmp_path: Path
) -> None:
    """Олег (an adult) signs up and takes his policy over: Anna's visit booked for him on it
    is cancelled and she is told; her own visit stays. A child cannot: the policy stays hers."""
    await loaded(services, tmp_path)
    await with_slots(services, tmp_path, "2026-11-25T10:00", "2026-11-25T11:00")
    anna = await anna_linked(services)
    for_oleg = await booked(services, anna, "ДМС-4", msk(25, 10))
    own = await booked(services, anna, "ДМС-1", msk(25, 11))

    masha = await someone(services, 3, MASHA)
    oleg = await someone(services, 4, OLEG)
    async with services.db.unit_of_work():
        his, hers = await a_policy(services, "ДМС-4"), await a_policy(services, "ДМС-2")
        assert services.family.may_take_over(his)
        assert not services.family.may_take_over(hers)
        refused = await services.policies.link_proven(masha, hers)
        taken = await services.policies.link_proven(oleg, his)
    assert refused.outcome == LinkOutcome.HELD  # Маша is ten: Anna keeps her policy
    assert taken.outcome == LinkOutcome.LINKED
    assert (await held(services))["ДМС-4"] == (oleg.id, None)
    assert (await held(services))["ДМС-2"] == (anna.id, "child")
    async with services.db.unit_of_work() as session:
        visits = await session.execute(select(Appointment.id, Appointment.status))
        assert dict(visits.all()) == {for_oleg: "cancelled", own: "confirmed"}
        user_id = await session.scalar(select(User.id).join(Profile).where(Profile.id == anna.id))
        told = await session.scalars(
            select(ScheduledMessage.payload).where(ScheduledMessage.user_id == user_id)
        )
        texts = [payload.get("text") for payload in told]
    assert "family-policy-taken-over" in texts
    assert "holder-visit-released" in texts


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2026, 11, 24), date(2027, 12, 31)])
def test_the_demo_daughter_is_ten_whatever_day_the_demo_is_loaded(day: date) -> None:
    rows = {values["policy_number"]: values for _line, values in demo.policy_rows(day)}
    daughter = rows["ДМС-ДЕМО-0006"]
    assert (daughter["holder_policy_number"], daughter["relation"]) == ("ДМС-ДЕМО-0001", "child")
    assert age_on(date.fromisoformat(daughter["birth_date"]), day) == 10
    wife = rows["ДМС-ДЕМО-0007"]
    assert (wife["holder_policy_number"], wife["relation"]) == ("ДМС-ДЕМО-0001", "spouse")
    assert rows["ДМС-ДЕМО-0001"]["relation"] == ""  # Иванов's own


async def test_the_demo_employee_links_his_policy_and_his_family_comes_with_it(
    services: Services,
) -> None:
    """README's walk-through: Иванов links ДМС-ДЕМО-0001; his daughter and wife are on his
    account at once, and each of them has a ДМС policy for «Для кого?» to offer."""
    today = services.clock.now().date()
    importer = Importer(services.db, services.clock, services.notifications)
    await importer.take("programs", demo.program_rows(), source="demo programmes")
    report = await importer.take("policies", demo.policy_rows(today), source="demo policies")
    assert (report.rejected, report.taken) == ([], len(demo.POLICIES) + len(demo.FAMILY))
    last, first, middle, born, _email, _phone = demo.IVANOV
    ivanov = await someone(
        services,
        7,
        {"last_name": last, "first_name": first, "middle_name": middle, "birth_date": born},
    )
    async with services.db.unit_of_work():
        linked = await services.policies.link_proven(
            ivanov, await a_policy(services, "ДМС-ДЕМО-0001")
        )
        assert linked.outcome == LinkOutcome.LINKED
        people = await services.family.patients(ivanov, lambda policy: policy.kind == "DMS")
    assert [(p.full_name, p.relation) for p in people] == [
        ("Иванов Иван Иванович", None),
        ("Иванова Мария Ивановна", "child"),
        ("Иванова Елена Петровна", "spouse"),
    ]
    assert age_on(people[1].birth_date, today) == 10
