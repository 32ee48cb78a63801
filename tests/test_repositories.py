"""The repositories of tables with several owners: each one's ownership rule, in one place
(storage/repositories/policies.py, appointments.py, tickets.py, card_bindings.py). A forged id of
another person's row finds nothing, whichever feature asks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from core.clock import ManualClock
from storage.db import Database
from storage.models import (
    Appointment,
    CardBinding,
    Clinic,
    Policy,
    Profile,
    Program,
    Slot,
    Ticket,
    TicketMessage,
    User,
)
from storage.repositories.appointments import AppointmentRepository
from storage.repositories.card_bindings import CardBindingRepository
from storage.repositories.policies import PolicyRepository
from storage.repositories.tickets import TicketRepository

pytestmark = pytest.mark.db


@dataclass
class World:
    """Two people, Anna and Boris, each with a policy, a visit, a ticket and an open binding."""

    anna: int
    boris: int
    policies: dict[int, int]  # profile id -> policy id
    visits: dict[int, int]
    tickets: dict[int, int]
    orders: dict[int, str]


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def world(db: Database) -> World:
    now = ManualClock().now()
    async with db.unit_of_work() as session:
        session.add(Program(code="BASE", name="Базовая", kind="DMS", updated_at=now))
        clinic = Clinic(external_id="C1", name="Клиника", lat=55.75, lon=37.61, updated_at=now)
        session.add(clinic)
        await session.flush()
        ids: dict[str, dict[int, object]] = {"p": {}, "v": {}, "t": {}, "o": {}}
        profiles = []
        for n, (last, first) in enumerate((("Петрова", "Анна"), ("Смирнов", "Борис")), 1):
            user = User(telegram_id=100 + n, language="ru", created_at=now, seen_at=now)
            session.add(user)
            await session.flush()
            profile = Profile(
                user_id=user.id, email=f"p{n}@example.ru", phone=f"+7999000000{n}",
                last_name=last, first_name=first, birth_date=date(1990, 3, 7), sex="f",
                document_type="rf-passport", document_encrypted="sealed", created_at=now,
                updated_at=now,
            )  # fmt: skip
            session.add(profile)
            await session.flush()
            profiles.append(profile.id)
            policy = Policy(
                number=f"ДМС-{n}", printed_number=f"ДМС-{n}", kind="DMS", program_code="BASE",
                last_name=last, first_name=first, birth_date=date(1990, 3, 7),
                start_date=date(2020, 1, 1),
                end_date=date(2099, 1, 1), employer="ООО", holder_profile_id=profile.id,
                updated_at=now,
            )  # fmt: skip
            starts = now + timedelta(days=n)
            slot = Slot(
                clinic_id=clinic.id, specialty="терапевт", doctor="Иванов", starts_at=starts,
                duration_min=30, updated_at=now,
            )  # fmt: skip
            session.add_all([policy, slot])
            await session.flush()
            visit = Appointment(
                profile_id=profile.id, slot_id=slot.id, policy_id=policy.id, status="confirmed",
                starts_at=starts, ends_at=starts + timedelta(minutes=30), created_at=now,
                updated_at=now,
            )  # fmt: skip
            ticket = Ticket(
                profile_id=profile.id, kind="complaint", status="new", created_at=now,
                updated_at=now,
            )  # fmt: skip
            binding = CardBinding(
                order=f"order-{n}", profile_id=profile.id, provider="sandbox", status="pending",
                declines=0, created_at=now, expires_at=now + timedelta(minutes=30),
            )  # fmt: skip
            session.add_all([visit, ticket, binding])
            await session.flush()
            session.add(
                TicketMessage(
                    ticket_id=ticket.id,
                    author="person",
                    text="Долго ждали",
                    photos=[],
                    created_at=now,
                )
            )
            ids["p"][profile.id], ids["v"][profile.id] = policy.id, visit.id
            ids["t"][profile.id], ids["o"][profile.id] = ticket.id, binding.order
    anna, boris = profiles
    return World(anna, boris, ids["p"], ids["v"], ids["t"], ids["o"])  # type: ignore[arg-type]


async def test_a_policy_is_found_only_for_its_holder(db: Database, world: World) -> None:
    async with db.unit_of_work() as session:
        policies = PolicyRepository(session)
        own = await policies.owned(world.anna, world.policies[world.anna])
        assert own is not None
        assert own.number == "ДМС-1"
        assert await policies.owned(world.anna, world.policies[world.boris]) is None
        assert await policies.owned(world.anna, 10**9) is None
        assert await policies.printed_numbers_of(world.anna) == ["ДМС-1"]
        assert [p.number for p in await policies.of_holder(world.boris)] == ["ДМС-2"]


async def test_a_visit_is_found_only_for_its_person(db: Database, world: World) -> None:
    now = ManualClock().now()
    async with db.unit_of_work() as session:
        visits = AppointmentRepository(session)
        own = await visits.owned(world.anna, world.visits[world.anna])
        assert own is not None
        assert own.profile_id == world.anna
        assert await visits.owned(world.anna, world.visits[world.boris]) is None
        boris_slot = (await visits.upcoming(world.boris, now))[0].slot_id
        assert await visits.holding(world.anna, boris_slot, now) is None
        assert await visits.holding(world.boris, boris_slot, now) is not None
        assert [v.id for v in await visits.upcoming(world.anna, now)] == [world.visits[world.anna]]


async def test_a_ticket_is_found_only_for_its_person(db: Database, world: World) -> None:
    async with db.unit_of_work() as session:
        tickets = TicketRepository(session)
        own = await tickets.owned(world.anna, world.tickets[world.anna])
        assert own is not None
        assert own.profile_id == world.anna
        assert await tickets.owned(world.anna, world.tickets[world.boris]) is None
        assert await tickets.owned(world.anna, world.tickets[world.boris], lock=True) is None
        locked = await tickets.owned(world.boris, world.tickets[world.boris], lock=True)
        assert locked is not None
        assert await tickets.page_of(world.anna, 0, 10) == (1, [own])
        assert [m.text for m in await tickets.messages(own.id)] == ["Долго ждали"]
        assert [t.label for t, _m, _c in await tickets.export(world.anna)] == [own.label]


async def test_an_open_binding_is_found_only_for_its_person(db: Database, world: World) -> None:
    async with db.unit_of_work() as session:
        bindings = CardBindingRepository(session)
        own = await bindings.open_of(world.anna)
        assert own is not None
        assert own.order == world.orders[world.anna]
        found = await bindings.by_order(world.orders[world.boris])
        assert found is not None
        assert found.profile_id == world.boris
        await bindings.delete_of(world.anna)
        assert await bindings.open_of(world.anna) is None
        assert await bindings.open_of(world.boris) is not None
