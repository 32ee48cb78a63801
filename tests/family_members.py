"""A family member's policy held by an account, as the roster and «👨‍👩‍👧 Семья» leave it: imported
with the member's own name and birth date, then held by the account (`holder_profile_id`) with
`member_relation` (core/family.py)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from core.people import canonical_policy_number
from core.services import Services
from storage.models import Policy, Profile
from tests.rosters import POLICY_HEADER, load, policy

CHILD = {"first_name": "Мария", "middle_name": "Андреевна", "birth_date": "2015-05-01"}


async def held_member(
    services: Services,
    tmp_path: Path,
    number: str,
    holder_email: str,
    *,
    program: str = "P1",
    relation: str = "child",
    **person: str,
) -> int:
    """The policy `number` of a family member (Мария, a child, by default) imported and held by
    the account whose e-mail is `holder_email`; its id (the member's `Patient` key when it is
    their first policy)."""
    named = {**CHILD, **person}
    row = policy(number, program=program, email="masha@example.ru", phone="+79990000077", **named)
    await load(services, tmp_path, "policies", POLICY_HEADER + row)  # not a full roster: adds
    async with services.db.unit_of_work() as session:
        holder = await session.scalar(select(Profile).where(Profile.email == holder_email))
        held = await session.scalar(
            select(Policy).where(Policy.number == canonical_policy_number(number))
        )
        assert holder is not None
        assert held is not None
        await services.holders.change(held, holder, relation=relation)
        return held.id


async def policy_id(services: Services, number: str) -> int:
    async with services.db.unit_of_work() as session:
        found = await session.scalar(
            select(Policy.id).where(Policy.number == canonical_policy_number(number))
        )
    assert found is not None
    return found
