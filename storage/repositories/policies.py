"""Policies: the roster's rows and who holds each.

Several features read them (policies, booking, clinics, the franchise, co-payments, tickets, the
desk, identity checks, invitations, imports, data rights), so the queries live here, and with them
the one ownership rule: a policy is a person's when `holder_profile_id` is their profile's id.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Date,
    Exists,
    Select,
    and_,
    bindparam,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, aliased

from storage.models import (
    Card,
    Charge,
    Clinic,
    ClinicProgram,
    Franchise,
    Policy,
    Profile,
    ServiceReceived,
)


class Standing(NamedTuple):
    dms: bool
    copayment: bool
    vzr: bool
    recent: bool
    card: bool
    charges: bool


# session.info: profile id -> the policies it holds, as read in this unit of work.
HELD = "dms_held_policies"


def _pending(session: AsyncSession) -> bool:
    """A policy added, changed or deleted in the session and not flushed yet: what is kept may
    be wrong, and the next read (autoflushing) is the truth."""
    return any(isinstance(row, Policy) for row in (*session.new, *session.dirty, *session.deleted))


@event.listens_for(Session, "after_flush")
def _forget_on_flush(session: Session, _context: Any) -> None:
    """A policy written (linked, taken over, released, imported): read the holdings again."""
    if HELD in session.info and any(
        isinstance(row, Policy) for row in (*session.new, *session.dirty, *session.deleted)
    ):
        del session.info[HELD]


@event.listens_for(Session, "do_orm_execute")
def _forget_on_statement(state: ORMExecuteState) -> None:
    """Policies written by a statement (an import's upsert, a release of many, an erasure's
    cascade): likewise."""
    if (state.is_insert or state.is_update or state.is_delete) and HELD in state.session.info:
        del state.session.info[HELD]


@event.listens_for(Session, "after_commit")
def _forget_on_commit(session: Session) -> None:
    """A commit inside an update (before a reply, an outside call) lets other updates change
    the holdings meanwhile: what was read before it is read again."""
    session.info.pop(HELD, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, _previous: Any) -> None:
    """A rollback (a savepoint's too) may take back what was read or written meanwhile."""
    session.info.pop(HELD, None)


def _among(ids: Collection[int] | None) -> list[ColumnElement[bool]]:
    """Only these policies (one person's of an account holding a family's), when given."""
    return [] if ids is None else [Policy.id.in_(ids)]


def _standing() -> Select[bool, bool, bool, bool, bool, bool]:
    """What decides which sections of the menu apply to the person of an account (`user_id`):
    a ДМС policy in force `today`, one of them with a co-payment (a franchise); a ВЗР policy in
    force; a policy in force since `recent_since` (care it paid for may still be claimed); a card
    bound; charges «Мои счета» lists (not the replaced versions)."""
    profile = select(Profile.id).where(Profile.user_id == bindparam("user_id")).scalar_subquery()
    today = bindparam("today", type_=Date)

    def held(*where: ColumnElement[bool]) -> Exists:
        return (
            select(Policy.id)
            .where(
                Policy.holder_profile_id == profile,
                Policy.terminated_at.is_(None),
                Policy.start_date <= today,
                *where,
            )
            .exists()
        )

    in_force = Policy.end_date >= today
    return select(
        held(Policy.kind == "DMS", in_force),
        held(Policy.kind == "DMS", Policy.franchise_percent > 0, in_force),
        held(Policy.kind == "VZR", in_force),
        held(Policy.end_date >= bindparam("recent_since", type_=Date)),
        select(Card.id).where(Card.profile_id == profile).exists(),
        select(Charge.id)
        .where(Charge.profile_id == profile, Charge.amount > 0, Charge.status != "replaced")
        .exists(),
    )


# Built once, as the menu asks on every showing: building it took longer than running it.
_STANDING = _standing()
# A holder's policies in import order (`PolicyRepository.of_holder_by_id`), likewise.
# Rows loaded before a commit are refreshed (`populate_existing`): the sessions keep their objects
# across commits (`expire_on_commit=False`), and a policy may have changed hands meanwhile.
_HELD_BY = (
    select(Policy)
    .where(Policy.holder_profile_id == bindparam("profile_id"))
    .order_by(Policy.id)
    .execution_options(populate_existing=True)
)


class PolicyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- one policy --------------------------------------------------------------------------

    async def any(self) -> bool:
        """Whether there is any policy at all (a new installation has none)."""
        return await self.session.scalar(select(Policy.id).limit(1)) is not None

    async def get(self, policy_id: int | None) -> Policy | None:
        """By id, whoever holds it (the identity map answers when the row is loaded already);
        None for none (a visit kept from an erasure has none)."""
        return None if policy_id is None else await self.session.get(Policy, policy_id)

    async def by_number(self, number: str) -> Policy | None:
        """By its canonical number (`core.people.canonical_policy_number`)."""
        return await self.session.scalar(select(Policy).where(Policy.number == number))

    async def number_exists(self, number: str) -> bool:
        return (
            await self.session.scalar(select(Policy.id).where(Policy.number == number)) is not None
        )

    async def owned(self, profile_id: int, policy_id: int) -> Policy | None:
        """The policy, if `profile_id` holds it: every button naming a policy checks this, so a
        forged id of someone else's finds nothing. Answered from what the holder holds
        (`of_holder_by_id`, read again after any commit), never from an object the session kept
        from before one."""
        return next((p for p in await self.of_holder_by_id(profile_id) if p.id == policy_id), None)

    # -- a holder's policies ------------------------------------------------------------------

    async def of_holder(self, profile_id: int) -> list[Policy]:
        """The person's policies as they are shown to them: latest end first."""
        held = await self.of_holder_by_id(profile_id)
        return sorted(held, key=lambda policy: (-policy.end_date.toordinal(), policy.id))

    async def of_holder_by_id(self, profile_id: int) -> list[Policy]:
        """The person's policies in the order they were imported. Read once per unit of work
        (an update asks several times: «Для кого?», the programmes, the section), and again as
        soon as any policy is written (`_forget_on_flush`, `_forget_on_statement`) or about to
        be (a change not flushed yet), and after a commit (`_forget_on_commit`)."""
        known: dict[int, list[Policy]] = self.session.info.setdefault(HELD, {})
        held = known.get(profile_id)
        if held is None or _pending(self.session):
            found = await self.session.scalars(_HELD_BY, {"profile_id": profile_id})
            held = known[profile_id] = list(found.all())
        return list(held)

    def remember(self, profile_id: int, held: list[Policy]) -> None:
        """The policies `profile_id` holds, as read with the person (`UserRepository.
        with_profile`, in import order): `of_holder_by_id` answers from them."""
        self.session.info.setdefault(HELD, {})[profile_id] = held

    async def printed_numbers_of(self, profile_id: int) -> list[str]:
        """The printed numbers of the person's policies, in import order (the desk's summary and
        its ticket posts)."""
        found = await self.session.scalars(
            select(Policy.printed_number)
            .where(Policy.holder_profile_id == profile_id)
            .order_by(Policy.id)
        )
        return list(found.all())

    async def dms_of(self, profile_id: int, among: Collection[int] | None = None) -> list[Policy]:
        """The person's ДМС policies, in force or not (the caller judges the day); `among`: only
        these (one family member's, core/family.py)."""
        return [
            policy
            for policy in await self.of_holder_by_id(profile_id)
            if policy.kind == "DMS" and (among is None or policy.id in among)
        ]

    async def dms_covering(
        self, profile_id: int, clinic_id: int, among: Collection[int] | None = None
    ) -> list[Policy]:
        """The person's ДМС policies whose programme covers the clinic, latest end first;
        `among`: only these."""
        found = await self.session.scalars(
            select(Policy)
            .join(ClinicProgram, ClinicProgram.program_code == Policy.program_code)
            .where(
                Policy.holder_profile_id == profile_id,
                Policy.kind == "DMS",
                ClinicProgram.clinic_id == clinic_id,
                *_among(among),
            )
            .order_by(Policy.end_date.desc(), Policy.id)
        )
        return list(found.all())

    async def with_copayment_of(self, profile_id: int) -> list[Policy]:
        """The person's ДМС policies whose programme has a co-payment, in import order."""
        found = await self.session.scalars(
            select(Policy)
            .where(
                Policy.holder_profile_id == profile_id,
                Policy.kind == "DMS",
                Policy.franchise_percent > 0,
            )
            .order_by(Policy.id)
        )
        return list(found.all())

    async def standing(self, user_id: int, today: date, recent_since: date) -> Standing:
        """What decides which sections of the menu apply to the person of this account, in one
        statement (`_STANDING`)."""
        values = {"user_id": user_id, "today": today, "recent_since": recent_since}
        found = (await self.session.execute(_STANDING, values)).one()
        return Standing(*(bool(value) for value in found))

    async def franchises_of(self, profile_id: int) -> list[tuple[Franchise, str]]:
        """The person's franchises with their policy's printed number (the data export)."""
        found = await self.session.execute(
            select(Franchise, Policy.printed_number)
            .join(Policy, Policy.id == Franchise.policy_id)
            .where(Franchise.profile_id == profile_id)
            .order_by(Franchise.policy_id)
        )
        return [(franchise, number) for franchise, number in found]

    async def clinics_served(
        self, profile_id: int, since: date, limit: int
    ) -> list[tuple[int, date]]:
        """(Clinic id, day) of services billed to the person's policies since `since`, latest
        first."""
        found = await self.session.execute(
            select(Clinic.id, ServiceReceived.date)
            .join(Policy, Policy.number == ServiceReceived.policy_number)
            .join(Clinic, Clinic.external_id == ServiceReceived.clinic_external_id)
            .where(Policy.holder_profile_id == profile_id, ServiceReceived.date >= since)
            .order_by(ServiceReceived.date.desc())
            .limit(limit)
        )
        return [(clinic_id, day) for clinic_id, day in found]

    # -- co-payments --------------------------------------------------------------------------

    async def services_to_charge(
        self, now: datetime
    ) -> list[tuple[ServiceReceived, Policy, Franchise]]:
        """(Service, policy, franchise) rows co-payments may plan: services billed to a held
        policy with a co-payment whose holder's own franchise is active, that have no charge
        yet or whose cost differs from their last charge's; by day, then service."""
        latest = (
            select(Charge.service_id, func.max(Charge.version).label("version"))
            .group_by(Charge.service_id)
            .subquery()
        )
        last = aliased(Charge)
        found = await self.session.execute(
            select(ServiceReceived, Policy, Franchise)
            .join(Policy, Policy.number == ServiceReceived.policy_number)
            .join(
                Franchise,
                and_(
                    Franchise.policy_id == Policy.id,
                    Franchise.profile_id == Policy.holder_profile_id,  # the holder's own consent
                ),
            )
            .outerjoin(latest, latest.c.service_id == ServiceReceived.service_id)
            .outerjoin(
                last,
                and_(
                    last.service_id == latest.c.service_id,
                    last.version == latest.c.version,
                    last.part == 0,
                ),
            )
            .where(
                Policy.holder_profile_id.is_not(None),
                Policy.franchise_percent > 0,
                Franchise.active_at.is_not(None),
                Franchise.active_at <= now,
                or_(last.id.is_(None), last.cost != ServiceReceived.cost),
            )
            .order_by(ServiceReceived.date, ServiceReceived.service_id)
        )
        return [(service, policy, franchise) for service, policy, franchise in found]

    # -- imports ------------------------------------------------------------------------------

    async def known_numbers(self, numbers: Collection[str]) -> set[str]:
        """Which of `numbers` are imported policies."""
        found = await self.session.scalars(select(Policy.number).where(Policy.number.in_(numbers)))
        return set(found.all())

    async def linked_ends(self, numbers: Collection[str]) -> dict[str, tuple[date, str, int]]:
        """End dates, printed numbers and holders' accounts of those of `numbers` that someone
        has linked."""
        found = await self.session.execute(
            select(Policy.number, Policy.end_date, Policy.printed_number, Profile.user_id)
            .join(Profile, Profile.id == Policy.holder_profile_id)
            .where(Policy.number.in_(numbers))
        )
        return {number: (end, printed, user) for number, end, printed, user in found}

    async def in_force_of_employer(self, employer: str) -> list[tuple[str, str, int | None]]:
        """(number, printed_number, holder's account or None) of the employer's policies not
        terminated."""
        found = await self.session.execute(
            select(Policy.number, Policy.printed_number, Profile.user_id)
            .outerjoin(Profile, Profile.id == Policy.holder_profile_id)
            .where(Policy.employer == employer, Policy.terminated_at.is_(None))
        )
        return [(number, printed, user_id) for number, printed, user_id in found.all()]

    async def terminate(self, numbers: Collection[str], now: datetime) -> None:
        await self.session.execute(
            update(Policy).where(Policy.number.in_(numbers)).values(terminated_at=now)
        )
