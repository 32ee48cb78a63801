"""A family's data (core/data_rights.py): the account's export lists its family members and says
whom each visit, service and claim was for; erasing the account hands the members' policies back
to the roster, unheld and no longer anybody's family, and keeps nothing of the members tied to it.
The roster: tests/family_rig.py."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.claim_details import Amount, BankDetails
from core.claims import NewClaim
from core.clock import ManualClock
from core.data_page import render_html
from core.services import Services
from storage.models import Appointment, Policy, Profile, User
from tests.booking_rig import msk
from tests.family_rig import (
    OLEG,
    a_policy,
    anna_linked,
    booked,
    held,
    loaded,
    someone,
    with_slots,
)
from tests.rosters import SERVICE_HEADER, load
from tests.stored import in_database

pytestmark = pytest.mark.db

MOSCOW = ZoneInfo("Europe/Moscow")


async def user_of(services: Services, profile: Profile) -> User:
    async with services.db.unit_of_work() as session:
        found = await session.get(User, profile.user_id)
    assert found is not None
    return found


async def a_family_with_visits(services: Services, clock: ManualClock, tmp_path: Path) -> Profile:
    """Anna and her family; a past visit for Маша (on ДМС-2), one to come for Anna herself and
    one to come for Олег; a service billed on Маша's policy."""
    await loaded(services, tmp_path)
    await with_slots(services, tmp_path, "2026-11-25T10:00", "2026-11-26T10:00", "2026-11-26T11:00")
    await load(
        services,
        tmp_path,
        "services",
        SERVICE_HEADER + "S-1,ДМС-2,2026-11-20,C1,Приём педиатра,1800.00\n",
    )
    anna = await anna_linked(services)
    await booked(services, anna, "ДМС-2", msk(25, 10))
    await booked(services, anna, "ДМС-1", msk(26, 10))
    await booked(services, anna, "ДМС-4", msk(26, 11))
    clock.advance(msk(25, 10) + timedelta(hours=2) - clock.now())  # Маша's visit is past
    return anna


async def test_the_export_lists_the_family_and_whom_each_row_was_for(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    anna = await a_family_with_visits(services, clock, tmp_path)
    async with services.db.unit_of_work():
        masha_policy = await a_policy(services, "ДМС-2")
        await services.claims.submit(
            anna,
            NewClaim(
                policy_id=masha_policy.id,
                care_date=services.claims.today(),
                care_kind="dental",
                amount=Amount(250_000, "RUB"),
                photos=["receipt-file"],
                bank=BankDetails("044525225", "40817810899991234567", "Петрова Анна"),
            ),
        )
        exported = await services.rights.export(await user_of(services, anna))

    assert exported["family"] == [
        {
            "last_name": "Петрова",
            "first_name": "Мария",
            "middle_name": "Олеговна",
            "birth_date": "2016-05-20",
            "relation": "child",
            "policies": ["ДМС-2", "ВЗР-3"],
        },
        {
            "last_name": "Петров",
            "first_name": "Олег",
            "middle_name": None,
            "birth_date": "1988-01-15",
            "relation": "spouse",
            "policies": ["ДМС-4"],
        },
    ]
    anna_name, masha_name = "Петрова Анна Сергеевна", "Петрова Мария Олеговна"
    policies = {row["number"]: row["for"] for row in exported["policies"]}
    assert policies == {
        "ДМС-1": anna_name,
        "ДМС-2": masha_name,
        "ВЗР-3": "Петрова МАРИЯ Олеговна",  # as printed on that policy
        "ДМС-4": "Петров Олег",
    }
    visits = [(row["starts_at"], row["policy"], row["for"]) for row in exported["visits"]]
    assert visits == [
        (msk(25, 10).isoformat(), "ДМС-2", masha_name),
        (msk(26, 10).isoformat(), "ДМС-1", anna_name),
        (msk(26, 11).isoformat(), "ДМС-4", "Петров Олег"),
    ]
    [service] = exported["services"]
    assert (service["policy"], service["for"]) == ("ДМС-2", masha_name)
    [claim] = exported["claims"]
    assert (claim["policy"], claim["for"]) == ("ДМС-2", masha_name)

    page = render_html(exported, services.catalogue.translator("ru"), MOSCOW)
    for expected in (
        "<h2>Члены семьи на ваших полисах</h2>",
        "<td data-label='Имя'>Мария</td>",
        "<td data-label='Дата рождения'>20.05.2016</td>",
        "<td data-label='Кем вам приходится'>ребёнок</td>",
        "<td data-label='Кем вам приходится'>супруг(а)</td>",
        "<td data-label='Полисы'>ДМС-2, ВЗР-3</td>",
        "<td data-label='Время визита'>25.11.2026 10:00</td><td data-label='Полис'>ДМС-2</td>"
        f"<td data-label='Для кого'>{masha_name}</td>",
    ):
        assert expected in page, expected
    english = render_html(exported, services.catalogue.translator("en"), MOSCOW)
    assert "<td data-label='Who they are to you'>child</td>" in english
    assert f"<td data-label='For whom'>{masha_name}</td>" in english


async def test_an_account_without_a_family_exports_an_empty_family(
    services: Services, tmp_path: Path
) -> None:
    await loaded(services, tmp_path)
    alone = await someone(services, 5, OLEG)
    async with services.db.unit_of_work():
        exported = await services.rights.export(await user_of(services, alone))
    assert exported["family"] == []
    page = render_html(exported, services.catalogue.translator("ru"), MOSCOW)
    assert "<h2>Члены семьи на ваших полисах</h2><p>—</p>" in page


async def test_erasure_unties_the_family_and_keeps_nothing_of_them_for_the_account(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    """The members' policies stay on the roster, held by nobody and nobody's family (a later
    holder does not inherit «child»); the visits for them go as the account's do; their names
    and birth dates are nowhere but the roster."""
    anna = await a_family_with_visits(services, clock, tmp_path)
    before = await held(services)
    assert before["ДМС-2"] == (anna.id, "child")
    async with services.db.unit_of_work():
        await services.rights.erase(await user_of(services, anna))

    after = await held(services)
    assert {number: after[number] for number in ("ДМС-1", "ДМС-2", "ВЗР-3", "ДМС-4")} == {
        number: (None, None) for number in ("ДМС-1", "ДМС-2", "ВЗР-3", "ДМС-4")
    }
    assert after["ДМС-9"] == before["ДМС-9"]  # John's, untouched
    async with services.db.unit_of_work() as session:
        visits = await session.execute(
            select(Appointment.profile_id, Appointment.policy_id, Appointment.status)
        )
        # Маша's past visit went with the account; the two to come stay, cancelled, naming
        # nobody (the clinics' export).
        assert sorted(visits.all(), key=str) == [(None, None, "cancelled")] * 2
        assert await session.get(Profile, anna.id) is None
    members = ["Мария", "Олеговна", "2016-05-20", "20.05.2016", "Олег", "1988-01-15"]
    found = await in_database(services.db, members, skip={"policies"})
    assert found == [], "\n".join(map(str, found))

    # Олег signs up later and the roster's ДМС-4 becomes his own: not anybody's «spouse».
    oleg = await someone(services, 6, OLEG, "ДМС-4")
    async with services.db.unit_of_work() as session:
        mine = await session.scalar(select(Policy).where(Policy.holder_profile_id == oleg.id))
        assert mine is not None
        assert mine.member_relation is None
        [himself] = await services.family.patients(oleg)
    assert himself.own
    assert himself.policy_ids == {mine.id}
    assert (await held(services))["ДМС-2"] == (None, None)  # Маша waits for a new holder
