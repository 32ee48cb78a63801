"""The identity check: when a policy's data do not match the profile, or another account holds
it, three photos go to an operator, who approves (the policy is linked, moving from another
holder if need be) or rejects with a reason. The person is told either way."""

from __future__ import annotations

from sqlalchemy import update

from core.audit import Audit
from core.clock import Clock
from core.desk import AlreadyDecided, ProfileFrozen, full_name
from core.holders import Holders
from core.notifications import Button, Group, Media, Notifications, Payload, Person
from core.policies import schedule_expiry_reminders
from core.settings import Settings
from storage.db import Database
from storage.models import IdentityCheck, Policy, Profile, ScheduledMessage

SLOTS = ("passport", "selfie", "registration")


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

    async def submit(self, profile: Profile, policy_id: int, photos: list[str]) -> IdentityCheck:
        """File the check and put it on the desk: the album (protected) and a message with the
        person's and the policy's data and the decision buttons."""
        session, now = self.db.session, self.clock.now()
        policy = await session.get(Policy, policy_id)
        assert policy is not None
        check = IdentityCheck(
            profile_id=profile.id,
            policy_id=policy.id,
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
            held = policy.holder_profile_id is not None
            post = await self.notifications.schedule(
                "operator_post",
                Group(self.settings.operators_chat_id),
                now,
                Payload(
                    "desk-identity",
                    {
                        "number": check.id,
                        "profile_name": full_name(profile),
                        "profile_birth": profile.birth_date.strftime("%d.%m.%Y"),
                        "policy": policy.number,
                        "policy_name": " ".join(
                            p
                            for p in (policy.last_name, policy.first_name, policy.middle_name)
                            if p
                        ),
                        "policy_birth": policy.birth_date.strftime("%d.%m.%Y"),
                        "held": "yes" if held else "no",
                    },
                    buttons=[
                        [
                            Button("desk-approve", callback_data=f"dk:idok:{check.id}"),
                            Button("desk-reject", callback_data=f"dk:idno:{check.id}"),
                        ]
                    ],
                    media=[Media("photo", file_id=file_id) for file_id in photos],
                    protect=True,
                ),
                f"desk:identity:{check.id}",
            )
            check.desk_post_id = post
        return check

    async def decide(
        self, check_id: int, operator_id: int, *, approve: bool, reason: str | None = None
    ) -> tuple[IdentityCheck, list[int]]:
        """Approve (link, moving the policy if another holds it) or reject; the check and the
        desk messages to take down. A frozen profile's check is not approved (ProfileFrozen)
        until its incident is decided: the photos may be a stranger's."""
        session, now = self.db.session, self.clock.now()
        check = await session.get(IdentityCheck, check_id, with_for_update=True)
        if check is None or check.status != "pending":
            raise AlreadyDecided
        profile = await session.get(Profile, check.profile_id)
        policy = await session.get(Policy, check.policy_id)
        assert profile is not None
        assert policy is not None
        if approve and profile.frozen_at is not None:
            raise ProfileFrozen
        check.status = "approved" if approve else "rejected"
        check.reason = reason
        check.decided_at, check.decided_by = now, operator_id
        if approve:
            await self.holders.change(policy, profile)
            await schedule_expiry_reminders(
                self.notifications, policy.number, policy.end_date, profile.user_id, now
            )
        await self.notifications.schedule(
            "identity_decision",
            Person(profile.user_id),
            now,
            Payload(
                "identity-approved" if approve else "identity-rejected",
                {"number": policy.number, "reason": reason or ""},
            ),
            f"identity:{check.id}:decision",
        )
        await self.audit.record(
            "operator", operator_id, f"identity.{check.status}", "identity", check.id
        )
        ids: list[int] = []
        if check.desk_post_id is not None:
            post = await session.get(ScheduledMessage, check.desk_post_id)
            if post is not None:
                ids = list(post.telegram_message_ids or [])
        return check, ids

    async def forget_files(self) -> int:
        """File ids of decided checks older than IDENTITY_FILES_RETENTION are forgotten."""
        cutoff = self.clock.now() - self.settings.identity_files_retention
        result = await self.db.session.execute(
            update(IdentityCheck)
            .where(
                IdentityCheck.decided_at < cutoff,
                IdentityCheck.files_forgotten_at.is_(None),
            )
            .values(photos=[], files_forgotten_at=self.clock.now())
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
