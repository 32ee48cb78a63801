"""What a person holds is read once per unit of work (an update asks «Для кого?», the programmes
and the section's own list: each was a statement), and read again as soon as any policy is
written, or about to be: linked, released, changed by a statement."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, update

from core.services import Services
from storage.models import Policy
from storage.repositories.policies import PolicyRepository
from storage.repositories.users import UserRepository
from tests.booking_rig import world as world
from tests.people import person

pytestmark = pytest.mark.db
__all__ = ["world"]


async def test_held_policies_are_read_once_and_again_when_written(
    services: Services, world: None
) -> None:
    anna = await person(services, 1, "ДМС-1")
    selects: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().startswith("SELECT policies"):
            selects.append(statement)

    event.listen(services.db.engine.sync_engine, "before_cursor_execute", record)
    try:
        async with services.db.unit_of_work() as session:
            policies = PolicyRepository(session)
            assert [p.printed_number for p in await policies.of_holder_by_id(anna.id)] == ["ДМС-1"]
            assert [p.printed_number for p in await policies.dms_of(anna.id)] == ["ДМС-1"]
            assert [p.printed_number for p in await policies.of_holder(anna.id)] == ["ДМС-1"]
            assert len(selects) == 1

            # Linked, not flushed yet: the next read sees it.
            john = await session.scalar(select(Policy).where(Policy.printed_number == "ДМС-2"))
            assert john is not None
            john.holder_profile_id = anna.id
            held = await policies.of_holder_by_id(anna.id)
            assert [p.printed_number for p in held] == ["ДМС-1", "ДМС-2"]
            assert [p.printed_number for p in await policies.dms_of(anna.id, {john.id})] == [
                "ДМС-2"
            ]

            # Released by a statement: read again.
            await session.execute(
                update(Policy).where(Policy.id == john.id).values(holder_profile_id=None)
            )
            assert [p.printed_number for p in await policies.of_holder_by_id(anna.id)] == ["ДМС-1"]
    finally:
        event.remove(services.db.engine.sync_engine, "before_cursor_execute", record)


async def test_a_rolled_back_savepoint_takes_what_was_kept_with_it(
    services: Services, world: None
) -> None:
    anna = await person(services, 1, "ДМС-1")
    async with services.db.unit_of_work() as session:
        policies = PolicyRepository(session)
        john = await session.scalar(select(Policy).where(Policy.printed_number == "ДМС-2"))
        assert john is not None
        savepoint = await session.begin_nested()
        await session.execute(
            update(Policy).where(Policy.id == john.id).values(holder_profile_id=anna.id)
        )
        assert len(await policies.of_holder_by_id(anna.id)) == 2  # read, kept
        await savepoint.rollback()
        assert [p.printed_number for p in await policies.of_holder_by_id(anna.id)] == ["ДМС-1"]


@pytest.mark.parametrize("numbers", [(), ("ДМС-1",), ("ДМС-2", "ДМС-1")])
async def test_the_persons_read_brings_what_they_hold(
    services: Services, world: None, numbers: tuple[str, ...]
) -> None:
    """The update's first statement reads the account, the profile and the policies held (one
    row each): nothing is read again for them, and in import order, as a read of their own."""
    anna = await person(services, 1, *numbers)
    async with services.db.unit_of_work() as session:
        expected = [p.id for p in await PolicyRepository(session).of_holder_by_id(anna.id)]
        assert len(expected) == len(numbers)
    selects: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().startswith("SELECT"):  # not SQLite's BEGIN IMMEDIATE
            selects.append(statement)

    event.listen(services.db.engine.sync_engine, "before_cursor_execute", record)
    try:
        async with services.db.unit_of_work() as session:
            found = await UserRepository(session).with_profile(7001, "fsm:1:7001:7001")
            assert found is not None
            assert found[1] is not None
            assert found[1].id == anna.id
            held = await PolicyRepository(session).of_holder_by_id(anna.id)
            assert [p.id for p in held] == expected
            assert len(selects) == 1
    finally:
        event.remove(services.db.engine.sync_engine, "before_cursor_execute", record)


async def test_what_was_held_before_a_commit_is_read_again_after_it(
    services: Services, world: None
) -> None:
    """An update commits before a reply or an outside call (the geocoder, a payment provider),
    and another update may take a policy away meanwhile: neither the list nor a button's
    ownership check answers from what was read before (the session keeps its objects)."""
    anna = await person(services, 1, "ДМС-1", "ДМС-2")
    async with services.db.unit_of_work() as session:
        found = await UserRepository(session).with_profile(7001)  # reads both, keeps them
        assert found is not None
        policies = PolicyRepository(session)
        john = next(p for p in await policies.of_holder_by_id(anna.id) if p.number == "ДМС2")
        await session.commit()
        async with services.db.sessions() as other, other.begin():  # another update's
            await other.execute(
                update(Policy).where(Policy.id == john.id).values(holder_profile_id=None)
            )
        assert [p.printed_number for p in await policies.of_holder_by_id(anna.id)] == ["ДМС-1"]
        assert await policies.owned(anna.id, john.id) is None


async def test_a_read_again_keeps_what_was_changed_and_not_flushed(
    services: Services, world: None
) -> None:
    """Read again (here after a savepoint's release, which counts as a commit), the holdings
    refresh the objects kept: a change not flushed yet is flushed first, never overwritten."""
    anna = await person(services, 1, "ДМС-1", "ДМС-2")
    async with services.db.unit_of_work() as session:
        await UserRepository(session).with_profile(7001)
        policies = PolicyRepository(session)
        first, second = await policies.of_holder_by_id(anna.id)
        savepoint = await session.begin_nested()
        first.member_relation = "child"
        await savepoint.commit()
        second.member_relation = "spouse"  # not flushed
        again = await policies.of_holder_by_id(anna.id)
        assert [p.member_relation for p in again] == ["child", "spouse"]
        assert await policies.owned(anna.id, second.id) is second
