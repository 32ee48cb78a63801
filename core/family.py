"""Family: one account for a person and the people on their policies («👨‍👩‍👧 Семья»).

Insurers cover an employee's spouse, children and parents under the employee's contract, and a
child cannot sign up in Telegram. A family member's policy is held by the account of the person
it is tied to: `holder_profile_id` is that account's profile (the one ownership rule, so every
button naming the policy is checked as for the holder's own), and `member_relation` says who the
member is to the account's person. A family member is not an account: they are the people the
account's member policies name, told apart by name and birth date.

A member's policy comes to the account either at once, when the roster ties it to a policy the
person holds (`family_of`, the policies file's `holder_policy_number`), or through the identity
check with the relation's document (core/identity.py). An adult member who signs up themselves
takes their policy over (`Policies.link_proven`): it leaves the account like any policy changing
holder (core/holders.py), and the account is told.

Every section about a person asks «Для кого?» (`patients`): the account's own person (`key` 0) or
a member (`key`: the id of their first policy, stable while the account holds it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Exists, select

from core.clock import Clock, local_today
from core.folding import fold
from core.people import age_on
from storage.db import Database
from storage.models import AuditEvent, Policy, Profile
from storage.repositories.policies import PolicyRepository

if TYPE_CHECKING:  # they import what names a visit's person: `patient_of`, from here
    from core.audit import Audit
    from core.holders import Holders
    from core.settings import Settings

RELATIONS = ("spouse", "child", "parent")
ADULT_AGE = 18  # a member this old may take their policy over by signing up themselves
SELF = 0  # the key of the account's own person


@dataclass(frozen=True)
class Patient:
    """Whom a section is about: the account's own person (`key` SELF, `relation` None) or a
    family member. `policy_ids`: the account's policies naming them."""

    key: int
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date
    relation: str | None
    policy_ids: frozenset[int]

    @property
    def own(self) -> bool:
        return self.relation is None

    @property
    def person(self) -> tuple[str, str, date]:
        """What tells them apart (`person_of`)."""
        return fold(self.last_name), fold(self.first_name), self.birth_date

    @property
    def full_name(self) -> str:
        return " ".join(filter(None, (self.last_name, self.first_name, self.middle_name)))


def person_of(policy: Policy) -> tuple[str, str, date]:
    """What tells one family member from another: last and first name (case and ё aside) and
    birth date."""
    return fold(policy.last_name), fold(policy.first_name), policy.birth_date


def patients_of(profile: Profile, held: list[Policy]) -> list[Patient]:
    """The account's own person first, then each family member in the order their first policy
    was imported; `held`: the account's policies."""
    own = frozenset(policy.id for policy in held if policy.member_relation is None)
    people = [
        Patient(
            SELF,
            profile.last_name,
            profile.first_name,
            profile.middle_name,
            profile.birth_date,
            None,
            own,
        )
    ]
    members: dict[tuple[str, str, date], list[Policy]] = {}
    for policy in sorted(held, key=lambda policy: policy.id):
        if policy.member_relation is not None:
            members.setdefault(person_of(policy), []).append(policy)
    for policies in members.values():
        first = policies[0]
        people.append(
            Patient(
                first.id,
                first.last_name,
                first.first_name,
                first.middle_name,
                first.birth_date,
                first.member_relation,
                frozenset(policy.id for policy in policies),
            )
        )
    return people


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


def patient_of(policy: Policy | None, profile: Profile | None) -> Policy | Profile | None:
    """Whose name and birth date a row under `policy` made from `profile`'s account names (a
    visit, a letter, a claim): the policy's person when they are not the account's own (a family
    member's, whoever holds the policy now: a member who took it over is still who the row was
    for), else the account's person (None for none: a row kept from an erasure)."""
    if policy is None or profile is None or same_person(policy, profile):
        return profile
    return policy


# How a policy comes to be its own person's: linked by them (proven contacts, or an identity check
# approved), or taken over from the account that held it for them (audit events of the policy).
OWN_LINKS = ("policy.linked", "policy.taken-over")


def _had_its_own_holder() -> Exists:
    """The policy has been its own person's once: such a policy never goes back to a family's
    account by itself (an adult who took theirs over and then left, say); only through «Семья»'s
    identity check."""
    return (
        select(AuditEvent.id)
        .where(
            AuditEvent.object_type == "policy",
            AuditEvent.object_id == Policy.id,
            AuditEvent.action.in_(OWN_LINKS),
        )
        .exists()
    )


class Family:
    def __init__(
        self, db: Database, clock: Clock, settings: Settings, holders: Holders, audit: Audit
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.holders = holders
        self.audit = audit

    def today(self) -> date:
        return local_today(self.clock, self.settings.timezone)

    async def _held(self, profile: Profile) -> list[Policy]:
        return await PolicyRepository(self.db.session).of_holder_by_id(profile.id)

    async def patients(
        self, profile: Profile, wanted: Callable[[Policy], bool] | None = None
    ) -> list[Patient]:
        """The account's own person, then its family members; with `wanted`, only those with a
        policy it accepts (a section's: a ДМС policy in force, say), so that a section asks
        only between people it can serve, and asks nothing when only one of them it can."""
        held = await self._held(profile)
        people = patients_of(profile, held)
        if wanted is None:
            return people
        accepted = {policy.id for policy in held if wanted(policy)}
        return [person for person in people if person.policy_ids & accepted]

    async def own(self, profile: Profile) -> Patient:
        """The account's own person."""
        people = await self.patients(profile)
        return people[0]

    async def listing(self, profile: Profile) -> list[tuple[Patient, list[Policy]]]:
        """The family members with their policies (in the order imported): «👨‍👩‍👧 Семья»."""
        held = await self._held(profile)
        by_id = {policy.id: policy for policy in held}
        return [
            (person, [by_id[key] for key in sorted(person.policy_ids)])
            for person in patients_of(profile, held)
            if not person.own
        ]

    async def ties(self, profile: Profile, policy: Policy) -> bool:
        """Whether the roster names `policy` a family member's of a policy the person holds as
        their own (`family_of`, with a relation): theirs to add without a check."""
        if policy.family_of is None or policy.relation is None:
            return False
        own = await self.db.session.scalar(
            select(Policy.id).where(
                Policy.number == policy.family_of,
                Policy.holder_profile_id == profile.id,
                Policy.member_relation.is_(None),
            )
        )
        return own is not None

    async def patient(self, profile: Profile, key: int) -> Patient | None:
        """Whom `key` names, if the account holds a policy of theirs (a forged or stale key finds
        nobody; the own person always is)."""
        for person in await self.patients(profile):
            if person.key == key:
                return person
        return None

    async def patient_of_policy(self, profile: Profile, policy_id: int | None) -> Patient | None:
        """Whom the account's policy names (a visit moved: the same person it was booked for)."""
        for person in await self.patients(profile):
            if policy_id in person.policy_ids:
                return person
        return None

    async def attach(self, profile: Profile) -> list[Policy]:
        """The roster's family members of the person's own policies, held by nobody yet, linked
        to the account now: when the person links a policy, and after each roster import."""
        session = self.db.session
        own = select(Policy.number).where(
            Policy.holder_profile_id == profile.id, Policy.member_relation.is_(None)
        )
        found = await session.scalars(
            select(Policy)
            .where(
                Policy.family_of.in_(own),
                Policy.holder_profile_id.is_(None),
                Policy.terminated_at.is_(None),
                Policy.relation.is_not(None),
                ~_had_its_own_holder(),
            )
            .order_by(Policy.id)
        )
        attached = []
        for policy in found:
            await self.holders.change(policy, profile, relation=policy.relation)
            await self.audit.record("system", None, "policy.family-linked", "policy", policy.id)
            attached.append(policy)
        return attached

    async def attach_all(self) -> int:
        """`attach` for every account holding a policy a family member's unheld policy is tied
        to (after a roster import); how many were linked."""
        session = self.db.session
        tied = (
            select(Policy.family_of)
            .where(
                Policy.holder_profile_id.is_(None),
                Policy.terminated_at.is_(None),
                Policy.relation.is_not(None),
                ~_had_its_own_holder(),
            )
            .scalar_subquery()
        )
        holders = await session.scalars(
            select(Profile)
            .join(Policy, Policy.holder_profile_id == Profile.id)
            .where(Policy.member_relation.is_(None), Policy.number.in_(tied))
            .distinct()
            .order_by(Profile.id)
        )
        linked = 0
        for profile in list(holders.all()):
            linked += len(await self.attach(profile))
        return linked

    def may_take_over(self, policy: Policy) -> bool:
        """A member's policy its own person may take from the account holding it: an adult's."""
        return (
            policy.member_relation is not None
            and age_on(policy.birth_date, self.today()) >= ADULT_AGE
        )
