"""A person's policies: linking one by its number, what state each is in, its programme, the
services billed to it, and reminders before it ends.

Linking (DESIGN.md, flow 3): a name and a birth date are no proof, anyone may know them. A typed
number links at once only when the roster's e-mail or phone for that policy is one the person has
confirmed (sign-up and profile edits confirm both by a code, or Telegram's own contact for the
phone) and the roster's name and birth date are the profile's; an invitation's link, mailed to the
roster's e-mail, proves that address as well. Anything else goes to the identity check. A number
that is not provably the person's gets one answer whether it exists, is held by someone else or
does not exist at all, and look-ups are capped per person, so typing numbers tells a stranger
nothing about which exist or whose they are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, select

from core.audit import Audit
from core.clock import Clock
from core.family import Family, same_person
from core.holders import Holders
from core.notifications import Notifications, Payload, Person
from core.people import (
    Invalid,
    canonical_policy_number,
    normalize_email,
    normalize_phone,
    typed_policy_number,
)
from storage.db import Database
from storage.models import AuditEvent, Clinic, Policy, Profile, Program, ServiceReceived
from storage.repositories.clinics import ClinicRepository
from storage.repositories.policies import PolicyRepository

EXPIRY_REMINDERS = (30, 3)  # days before the end
SERVICES_PAGE = 5
# A ДМС copy lists the programme's clinics, as many as a page holds (about 25): more than that
# are only counted ("and N more").
CLINICS_ON_COPY = 100
LOOKUPS_PER_HOUR = 10  # typed numbers per person: enough for typos, too few to search the roster
HOUR = timedelta(hours=1)


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
    # Not provably theirs, or no such number: one outcome, so the answer cannot tell them apart.
    UNCONFIRMED = "unconfirmed"
    # Told only to whom the policy is provably theirs (its roster contacts are theirs):
    TERMINATED = "terminated"
    MISMATCH = "mismatch"  # the policy names someone else: an identity check is needed
    HELD = "held"  # another account holds it: an identity check is needed
    # A family member's number («👨‍👩‍👧 Семья», `link_member`) that is provably the person's own
    # policy: «Мои полисы» links it.
    OWN = "own"


@dataclass(frozen=True)
class LinkResult:
    outcome: LinkOutcome
    # As the person is shown it: the policy's printed number when the outcome is told only to
    # its provable holder, else what they typed (UNCONFIRMED tells nothing of the roster).
    number: str
    policy: Policy | None = None
    # Family members' policies the roster ties to it, linked with it (core/family.py).
    family: tuple[Policy, ...] = ()


class TooManyLookups(Exception):
    """`LOOKUPS_PER_HOUR` numbers typed within the hour; `minutes` until the next may be."""

    def __init__(self, minutes: int) -> None:
        super().__init__(f"policy look-ups capped for {minutes} min")
        self.minutes = minutes


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


@dataclass(frozen=True)
class PolicyCopy:
    """What a policy's PDF copy says, read before it is made (it is made in a worker thread,
    which reads no database)."""

    policy: Policy
    program: Program | None
    clinics: list[tuple[str, str]]  # the programme's (name, address), alphabetically
    clinics_total: int  # how many the programme has in all


def _email(text: str | None) -> str | None:
    try:
        return normalize_email(text) if text else None
    except Invalid:
        return None


def _phone(text: str | None) -> str | None:
    try:
        return normalize_phone(text) if text else None
    except Invalid:
        return None


def contacts_match(policy: Policy, profile: Profile) -> bool:
    """The roster's e-mail (case aside) or phone (in E.164) for the policy is the profile's:
    both of the profile's are confirmed."""
    email, phone = _email(policy.email), _phone(policy.phone)
    return (email is not None and email == _email(profile.email)) or (
        phone is not None and phone == _phone(profile.phone)
    )


class Policies:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        notifications: Notifications,
        audit: Audit,
        holders: Holders,
        family: Family,
    ) -> None:
        self.db = db
        self.clock = clock
        self.notifications = notifications
        self.audit = audit
        self.holders = holders
        self.family = family

    def _policies(self) -> PolicyRepository:
        return PolicyRepository(self.db.session)

    async def is_known_number(self, text: str) -> bool:
        number = canonical_policy_number(text)
        return await self._policies().number_exists(number)

    async def link(self, profile: Profile, typed: str, *, counted: bool = False) -> LinkResult:
        """A number the person typed: linked when provably theirs (see the module's note).
        Raises `TooManyLookups` past `LOOKUPS_PER_HOUR`; every look-up counts, found or not
        (`counted`: this one already has, by the card rule's exemption)."""
        if not counted:
            await self.count_lookup(profile)
        policy = await self._policies().by_number(canonical_policy_number(typed))
        if policy is not None and policy.holder_profile_id == profile.id:
            return LinkResult(LinkOutcome.ALREADY_YOURS, policy.printed_number, policy)
        if policy is None or not contacts_match(policy, profile):
            return LinkResult(LinkOutcome.UNCONFIRMED, typed_policy_number(typed))
        return await self.link_proven(profile, policy)

    async def count_lookup(self, profile: Profile) -> None:
        """Count one answer about a typed number, or raise `TooManyLookups`. Look-ups are audit
        events of the profile (its index serves the count): kept in the database, so a restart
        forgets none."""
        now = self.clock.now()
        since = now - HOUR
        count, oldest = (
            await self.db.session.execute(
                select(func.count(), func.min(AuditEvent.at)).where(
                    AuditEvent.object_type == "profile",
                    AuditEvent.object_id == profile.id,
                    AuditEvent.action == "policy.lookup",
                    AuditEvent.at > since,
                )
            )
        ).one()
        if count >= LOOKUPS_PER_HOUR:
            left = (oldest + HOUR - now).total_seconds()
            raise TooManyLookups(max(1, -(-int(left) // 60)))  # minutes, rounded up
        await self.audit.record("person", profile.user_id, "policy.lookup", "profile", profile.id)

    async def link_proven(self, profile: Profile, policy: Policy) -> LinkResult:
        """Link `policy` to a person who has proven its roster contact: one of theirs is the
        roster's, or they came by the invitation mailed to the roster's e-mail. The names and
        birth date must still be theirs: a family's policies often share one contact."""
        number = policy.printed_number
        if policy.holder_profile_id == profile.id:
            return LinkResult(LinkOutcome.ALREADY_YOURS, number, policy)
        if policy.terminated_at is not None:
            return LinkResult(LinkOutcome.TERMINATED, number, policy)
        # An adult family member takes their own policy over from the account holding it for
        # them (core/family.py); the account is told.
        takes_over = self.family.may_take_over(policy) and same_person(policy, profile)
        if policy.holder_profile_id is not None and not takes_over:
            return LinkResult(LinkOutcome.HELD, number, policy)
        if not same_person(policy, profile):
            await self.audit.record(
                "person", profile.user_id, "policy.mismatch", "policy", policy.id
            )
            return LinkResult(LinkOutcome.MISMATCH, number, policy)
        await self.holders.change(
            policy, profile, notice="family-policy-taken-over" if takes_over else None
        )
        action = "policy.taken-over" if takes_over else "policy.linked"
        await self.audit.record("person", profile.user_id, action, "policy", policy.id)
        await self.schedule_expiry(policy, profile)
        family = tuple(await self.family.attach(profile))
        return LinkResult(LinkOutcome.LINKED, number, policy, family)

    async def link_member(
        self, profile: Profile, typed: str, *, counted: bool = False
    ) -> LinkResult:
        """A family member's policy number the person typed («👨‍👩‍👧 Семья»): linked to the
        account at once when the roster ties it to a policy the person holds as their own and
        nobody holds it yet (core/family.py). The person's own policy, provably theirs as
        `link` would have it, is sent to «Мои полисы». Anything else is UNCONFIRMED, whether the
        number exists, is held by someone or not: the identity check with the relation's
        document decides, and the answer tells a stranger nothing. Counted as a look-up like any
        typed number (`counted`: already, by the card rule's exemption)."""
        if not counted:
            await self.count_lookup(profile)
        policy = await self._policies().by_number(canonical_policy_number(typed))
        unconfirmed = LinkResult(LinkOutcome.UNCONFIRMED, typed_policy_number(typed))
        if policy is None:
            return unconfirmed
        number = policy.printed_number
        if policy.holder_profile_id == profile.id:
            return LinkResult(LinkOutcome.ALREADY_YOURS, number, policy)
        if same_person(policy, profile) and contacts_match(policy, profile):
            return LinkResult(LinkOutcome.OWN, number, policy)
        if not await self.family.ties(profile, policy):
            return unconfirmed
        # Tied to the person's own policy: what the roster says of it is theirs to know.
        if policy.terminated_at is not None:
            return LinkResult(LinkOutcome.TERMINATED, number, policy)
        if policy.holder_profile_id is not None:  # its adult took it over, say: the check
            return unconfirmed
        await self.holders.change(policy, profile, relation=policy.relation)
        await self.audit.record(
            "person", profile.user_id, "policy.family-linked", "policy", policy.id
        )
        await self.schedule_expiry(policy, profile)
        return LinkResult(LinkOutcome.LINKED, number, policy)

    async def of_profile(self, profile: Profile) -> list[Policy]:
        return await self._policies().of_holder(profile.id)

    async def owned(self, profile: Profile, policy_id: int) -> Policy | None:
        """The policy, if this person holds it (every button naming one checks this)."""
        return await self._policies().owned(profile.id, policy_id)

    async def program(self, policy: Policy) -> Program | None:
        return await self.db.session.get(Program, policy.program_code)

    async def copy_of(self, policy: Policy) -> PolicyCopy:
        """Its programme and, for a ДМС policy, the programme's clinics (`CLINICS_ON_COPY` at
        most; a ВЗР programme's help is abroad)."""
        program = await self.program(policy)
        if policy.kind != "DMS":
            return PolicyCopy(policy, program, [], 0)
        total, clinics = await ClinicRepository(self.db.session).covered_by_name(
            {policy.program_code}, "", 0, CLINICS_ON_COPY
        )
        listed = [(clinic.name, clinic.address) for clinic in clinics]
        return PolicyCopy(policy, program, listed, total)

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
            self.notifications, ExpiringPolicy.of(policy), profile.user_id, self.clock.now()
        )


@dataclass(frozen=True)
class ExpiringPolicy:
    """What the expiry reminders need of a policy: its key, how it is shown, its end."""

    number: str
    printed_number: str
    end: date

    @classmethod
    def of(cls, policy: Policy) -> ExpiringPolicy:
        return cls(policy.number, policy.printed_number, policy.end_date)


async def schedule_expiry_reminders(
    notifications: Notifications, policy: ExpiringPolicy, user_id: int, now: datetime
) -> None:
    """Reminders 30 and 3 days before the policy's end (idempotent: one per policy, end date and
    offset; a new end date from a re-import gets its own, after the old ones are cancelled)."""
    number, end = policy.number, policy.end
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
                {"number": policy.printed_number, "days": days, "end": end.strftime("%d.%m.%Y")},
            ),
            f"policy-expiry:{number}:{end}:{days}",
            group=f"policy:{number}",
            expires_at=datetime.combine(end, time.max, tzinfo=UTC),
        )
