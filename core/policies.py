"""A person's policies: linking one by its number, what state each is in, its programme, the
services billed to it, and reminders before it ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, select

from core.audit import Audit
from core.clock import Clock
from core.holders import Holders
from core.i18n import fold
from core.notifications import Notifications, Payload, Person
from core.people import canonical_policy_number
from storage.db import Database
from storage.models import Clinic, Policy, Profile, Program, ServiceReceived

EXPIRY_REMINDERS = (30, 3)  # days before the end
SERVICES_PAGE = 5


class PolicyState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    NOT_STARTED = "not-started"
    TERMINATED = "terminated"


def state_of(policy: Policy, today: date) -> PolicyState:
    if policy.terminated_at is not None:
        return PolicyState.TERMINATED
    if today < policy.start_date:
        return PolicyState.NOT_STARTED
    if today > policy.end_date:
        return PolicyState.EXPIRED
    return PolicyState.ACTIVE


class LinkOutcome(StrEnum):
    LINKED = "linked"
    ALREADY_YOURS = "already-yours"
    NOT_FOUND = "not-found"
    TERMINATED = "terminated"
    MISMATCH = "mismatch"  # the policy names someone else: an identity check is needed
    HELD = "held"  # another account holds it: an identity check is needed


@dataclass(frozen=True)
class LinkResult:
    outcome: LinkOutcome
    policy: Policy | None = None


@dataclass(frozen=True)
class ServicesPage:
    items: list[ServiceReceived]
    page: int
    pages: int
    count: int
    total: Decimal
    # The clinics' names by external id, for those the insurer has imported (DESIGN.md: the id is
    # shown until the clinic is known).
    clinic_names: dict[str, str]

    def clinic_of(self, item: ServiceReceived) -> str:
        return self.clinic_names.get(item.clinic_external_id, item.clinic_external_id)


def same_person(policy: Policy, profile: Profile) -> bool:
    """Last name, first name and birth date, case and ё/е aside; the middle name when both
    have one."""
    if (fold(policy.last_name), fold(policy.first_name)) != (
        fold(profile.last_name),
        fold(profile.first_name),
    ):
        return False
    if policy.birth_date != profile.birth_date:
        return False
    if policy.middle_name and profile.middle_name:
        return fold(policy.middle_name) == fold(profile.middle_name)
    return True


class Policies:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        notifications: Notifications,
        audit: Audit,
        holders: Holders,
    ) -> None:
        self.db = db
        self.clock = clock
        self.notifications = notifications
        self.audit = audit
        self.holders = holders

    async def is_known_number(self, text: str) -> bool:
        number = canonical_policy_number(text)
        found = await self.db.session.scalar(select(Policy.id).where(Policy.number == number))
        return found is not None

    async def link(self, profile: Profile, typed: str) -> LinkResult:
        number = canonical_policy_number(typed)
        policy = await self.db.session.scalar(select(Policy).where(Policy.number == number))
        if policy is None:
            return LinkResult(LinkOutcome.NOT_FOUND)
        return await self.link_policy(profile, policy)

    async def link_policy(self, profile: Profile, policy: Policy) -> LinkResult:
        """Link `policy` to the person when it is theirs by its data (an invitation's policy
        comes here without its number being typed)."""
        if policy.holder_profile_id == profile.id:
            return LinkResult(LinkOutcome.ALREADY_YOURS, policy)
        if policy.terminated_at is not None:
            return LinkResult(LinkOutcome.TERMINATED, policy)
        if policy.holder_profile_id is not None:
            return LinkResult(LinkOutcome.HELD, policy)
        if not same_person(policy, profile):
            await self.audit.record(
                "person", profile.user_id, "policy.mismatch", "policy", policy.id
            )
            return LinkResult(LinkOutcome.MISMATCH, policy)
        await self.holders.change(policy, profile)
        await self.audit.record("person", profile.user_id, "policy.linked", "policy", policy.id)
        await self.schedule_expiry(policy, profile)
        return LinkResult(LinkOutcome.LINKED, policy)

    async def of_profile(self, profile: Profile) -> list[Policy]:
        result = await self.db.session.scalars(
            select(Policy)
            .where(Policy.holder_profile_id == profile.id)
            .order_by(Policy.end_date.desc(), Policy.id)
        )
        return list(result.all())

    async def owned(self, profile: Profile, policy_id: int) -> Policy | None:
        """The policy, if this person holds it (every button naming one checks this)."""
        policy = await self.db.session.get(Policy, policy_id)
        return policy if policy is not None and policy.holder_profile_id == profile.id else None

    async def program(self, policy: Policy) -> Program | None:
        return await self.db.session.get(Program, policy.program_code)

    async def services(self, policy: Policy, page: int) -> ServicesPage:
        session = self.db.session
        where = ServiceReceived.policy_number == policy.number
        count, total = (
            await session.execute(
                select(func.count(), func.coalesce(func.sum(ServiceReceived.cost), 0)).where(where)
            )
        ).one()
        pages = max(1, -(-int(count) // SERVICES_PAGE))
        page = min(max(page, 0), pages - 1)
        items = await session.scalars(
            select(ServiceReceived)
            .where(where)
            .order_by(ServiceReceived.date.desc(), ServiceReceived.service_id)
            .offset(page * SERVICES_PAGE)
            .limit(SERVICES_PAGE)
        )
        shown = list(items.all())
        known = await session.execute(
            select(Clinic.external_id, Clinic.name).where(
                Clinic.external_id.in_({item.clinic_external_id for item in shown})
            )
        )
        names = {external: name for external, name in known}
        return ServicesPage(shown, page, pages, int(count), Decimal(total), names)

    async def schedule_expiry(self, policy: Policy, profile: Profile) -> None:
        await schedule_expiry_reminders(
            self.notifications, policy.number, policy.end_date, profile.user_id, self.clock.now()
        )


async def schedule_expiry_reminders(
    notifications: Notifications, number: str, end: date, user_id: int, now: datetime
) -> None:
    """Reminders 30 and 3 days before `end` (idempotent: one per policy, end date and offset;
    a new end date from a re-import gets its own, after the old ones are cancelled)."""
    for days in EXPIRY_REMINDERS:
        # 10:00 in Moscow; quiet hours hold it for people in other zones.
        due = datetime.combine(end - timedelta(days=days), time(7, 0), tzinfo=UTC)
        if due < now:
            continue
        await notifications.schedule(
            "policy_expiry",
            Person(user_id),
            due,
            Payload(
                "policy-expiry",
                {"number": number, "days": days, "end": end.strftime("%d.%m.%Y")},
            ),
            f"policy-expiry:{number}:{end}:{days}",
            group=f"policy:{number}",
            expires_at=datetime.combine(end, time.max, tzinfo=UTC),
        )
