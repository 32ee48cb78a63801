"""The identity check: when a typed policy number is not provably the person's (its roster
contacts are not theirs, its name is someone else's, or another account holds it), three photos go
to an operator, who approves (the policy is linked, moving from another holder if need be) or
rejects with a reason. The person is told either way. A number the roster does not have goes to
the desk as well, so the bot's answers never tell which numbers exist: the operator sees it and
can only reject it."""

from __future__ import annotations

from sqlalchemy import select, update

from core.audit import Audit
from core.clock import Clock
from core.desk import AlreadyDecided, ProfileFrozen, full_name
from core.family import Family
from core.holders import Holders
from core.notifications import Button, Group, Intent, Media, Notifications, Payload, Person
from core.people import canonical_policy_number
from core.policies import ExpiringPolicy, schedule_expiry_reminders
from core.settings import Settings
from storage.db import Database
from storage.models import IdentityCheck, Profile, ScheduledMessage
from storage.repositories.policies import PolicyRepository
from storage.repositories.profiles import ProfileRepository

SLOTS = ("passport", "selfie", "registration")
# A family member's check: this photo is the relation's document instead (core/family.py).
RELATION_SLOT = "registration"
REMOVED = "desk-identity-removed"  # what a desk post becomes once its data are forgotten


# What the person is told of the decision: (a family member's check, approved) → its text.
TOLD = {
    (False, True): "identity-approved",
    (False, False): "identity-rejected",
    (True, True): "family-identity-approved",
    (True, False): "family-identity-rejected",
}


class NoSuchPolicy(Exception):
    """The check names a number the roster does not have: it can only be rejected."""


class CheckOpen(Exception):
    """The person's earlier check still waits for the operators: one at a time, so that one
    person cannot fill the desk and push everyone else's posts back."""

    def __init__(self, check: IdentityCheck) -> None:
        super().__init__(check.id)
        self.check = check


class Identity:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        notifications: Notifications,
        audit: Audit,
        holders: Holders,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.notifications = notifications
        self.audit = audit
        self.holders = holders
        # Set by core/services.py (it is built after): an own policy approved brings the family
        # the roster ties to it, as a link does.
        self.family: Family | None = None

    async def open_check(self, profile: Profile) -> IdentityCheck | None:
        """The person's check waiting for the operators, if any."""
        return await self.db.session.scalar(
            select(IdentityCheck)
            .where(IdentityCheck.profile_id == profile.id, IdentityCheck.status == "pending")
            .order_by(IdentityCheck.id)
            .limit(1)
        )

    async def submit(
        self, profile: Profile, number: str, photos: list[str], *, relation: str | None = None
    ) -> IdentityCheck:
        """File the check for the policy `number` (as the person was shown it: `LinkResult`) and
        put it on the desk: the album (protected) and a message with the person's and the
        policy's data (its printed number) and the decision buttons. `relation`: a family
        member's policy (core/family.py), the third photo the relation's document, which the
        desk's message names. Raises CheckOpen while another of theirs waits (checked under the
        person's lock: two at once do not both get through)."""
        session, now = self.db.session, self.clock.now()
        await ProfileRepository(session).lock(profile.id)
        waiting = await self.open_check(profile)
        if waiting is not None:
            raise CheckOpen(waiting)
        policy = await PolicyRepository(session).by_number(canonical_policy_number(number))
        check = IdentityCheck(
            profile_id=profile.id,
            policy_id=policy.id if policy is not None else None,
            policy_number=number,
            relation=relation,
            status="pending",
            photos=list(photos),
            submitted_at=now,
        )
        session.add(check)
        await session.flush()
        await self.audit.record(
            "person", profile.user_id, "identity.submitted", "identity", check.id
        )
        if self.settings.operators_chat_id is not None:
            held = policy is not None and policy.holder_profile_id is not None
            policy_name = policy_birth = ""
            if policy is not None:
                policy_name = " ".join(
                    p for p in (policy.last_name, policy.first_name, policy.middle_name) if p
                )
                policy_birth = policy.birth_date.strftime("%d.%m.%Y")
            decisions = [Button("desk-reject", Intent.DESK_REJECT_IDENTITY, check.id)]
            if policy is not None:
                decisions.insert(0, Button("desk-approve", Intent.DESK_APPROVE_IDENTITY, check.id))
            post = await self.notifications.schedule(
                "operator_post",
                Group(self.settings.operators_chat_id),
                now,
                Payload(
                    "desk-identity" if relation is None else "desk-identity-family",
                    {
                        "number": check.id,
                        "profile_name": full_name(profile),
                        "profile_birth": profile.birth_date.strftime("%d.%m.%Y"),
                        "policy": policy.printed_number if policy is not None else number,
                        "known": "yes" if policy is not None else "no",
                        "policy_name": policy_name,
                        "policy_birth": policy_birth,
                        "held": "yes" if held else "no",
                        "relation": relation or "",
                    },
                    buttons=[decisions],
                    media=[Media("photo", file_id=file_id) for file_id in photos],
                    protect=True,
                ),
                f"desk:identity:{check.id}",
            )
            check.desk_post_id = post
        return check

    async def decide(
        self, check_id: int, operator_id: int, *, approve: bool, reason: str | None = None
    ) -> IdentityCheck:
        """Approve (link, moving the policy if another holds it) or reject; the desk post (the
        photos and the data) is taken down. A frozen profile's check is not approved
        (ProfileFrozen) until its incident is decided: the photos may be a stranger's.

        A family member's check (`relation`) links the policy as the member's; a person's own
        check on a policy another account holds for them as a member is their taking it over
        (core/family.py), and that account is told so."""
        session, now = self.db.session, self.clock.now()
        check = await session.get(IdentityCheck, check_id, with_for_update=True)
        if check is None or check.status != "pending":
            raise AlreadyDecided
        if approve and check.policy_id is None:
            raise NoSuchPolicy
        profile = await session.get(Profile, check.profile_id)
        assert profile is not None
        if approve and profile.frozen_at is not None:
            raise ProfileFrozen
        check.status = "approved" if approve else "rejected"
        check.reason = reason
        check.decided_at, check.decided_by = now, operator_id
        shown = check.policy_number  # as filed: a rejected check tells nothing of the roster
        if approve:
            assert check.policy_id is not None  # NoSuchPolicy above
            policy = await PolicyRepository(session).get(check.policy_id)
            assert policy is not None
            taken_over = (
                check.relation is None
                and policy.member_relation is not None
                and policy.holder_profile_id not in (None, profile.id)
            )
            await self.holders.change(
                policy,
                profile,
                relation=check.relation,
                notice="family-policy-taken-over" if taken_over else None,
            )
            await schedule_expiry_reminders(
                self.notifications, ExpiringPolicy.of(policy), profile.user_id, now
            )
            if check.relation is None:  # their own: linked as a link by them would be
                action = "policy.taken-over" if taken_over else "policy.linked"
                await self.audit.record("operator", operator_id, action, "policy", policy.id)
                if self.family is not None:
                    await self.family.attach(profile)  # the roster's family of their policy
            shown = policy.printed_number
        await self.notifications.schedule(
            "identity_decision",
            Person(profile.user_id),
            now,
            Payload(
                TOLD[check.relation is not None, approve],
                {"number": shown, "reason": reason or ""},
            ),
            f"identity:{check.id}:decision",
        )
        await self.audit.record(
            "operator", operator_id, f"identity.{check.status}", "identity", check.id
        )
        await self._take_down(check)
        return check

    async def _take_down(self, check: IdentityCheck) -> None:
        """The check's desk post leaves the operators' group, through the sender (within its
        limits, and surviving a restart); once only."""
        if check.desk_post_id is None:
            return
        post = await self.db.session.get(ScheduledMessage, check.desk_post_id)
        if post is None or post.chat_id is None:
            return
        await self.notifications.schedule(
            "operator_post",
            Group(post.chat_id),
            self.clock.now(),
            Payload(REMOVED, {"number": check.id}, take_down=post.id),
            f"desk:identity:{check.id}:down",
        )

    async def _forget_post(self, check: IdentityCheck) -> None:
        """The desk post's row keeps no photo, name or birth date; if not sent yet, it never is."""
        await self.notifications.cancel(dedupe_key=f"desk:identity:{check.id}")
        if check.desk_post_id is not None:
            await self.db.session.execute(
                update(ScheduledMessage)
                .where(ScheduledMessage.id == check.desk_post_id)
                .values(payload=Payload(REMOVED, {"number": check.id}).to_json())
            )

    async def export(self, profile: Profile) -> list[dict[str, object]]:
        """The person's identity checks for their data export: what was asked and decided, and
        whether the photos are still kept (their file ids mean nothing outside Telegram)."""
        checks = await self.db.session.scalars(
            select(IdentityCheck)
            .where(IdentityCheck.profile_id == profile.id)
            .order_by(IdentityCheck.id)
        )
        return [
            {
                "number": check.id,
                "policy": check.policy_number,
                "status": check.status,
                "submitted_at": check.submitted_at.isoformat(),
                "decided_at": check.decided_at.isoformat() if check.decided_at else None,
                "reason": check.reason,
                "relation": check.relation,  # a family member's policy: who they are
                "photos_kept": len(check.photos),
            }
            for check in checks
        ]

    async def forget_files(self) -> int:
        """Decided checks older than IDENTITY_FILES_RETENTION: their file ids are forgotten, and
        their desk posts' copies of the photos and the person's data too."""
        now = self.clock.now()
        cutoff = now - self.settings.identity_files_retention
        checks = await self.db.session.scalars(
            select(IdentityCheck).where(
                IdentityCheck.decided_at < cutoff,
                IdentityCheck.files_forgotten_at.is_(None),
            )
        )
        forgotten = 0
        for check in checks.all():
            check.photos, check.files_forgotten_at = [], now
            await self._forget_post(check)
            forgotten += 1
        return forgotten

    async def forget(self, profile: Profile) -> None:
        """Erasure (the checks go with the profile): their desk posts are forgotten, and taken
        down from the group."""
        checks = await self.db.session.scalars(
            select(IdentityCheck).where(IdentityCheck.profile_id == profile.id)
        )
        for check in checks.all():
            await self._forget_post(check)
            await self._take_down(check)
