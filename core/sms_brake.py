"""The SMS brake: at most `SMS_HOURLY_LIMIT` SMS codes an hour for the whole bot.

SMS pumping (fraud through premium numbers) costs the insurer money, so past the limit no SMS code
goes out, whoever asks. It is a brake, not a cap on anyone: operators see it (`/pending`, the
`dmsbot_sms_brake_*` metrics), are told once on the desk when it first refuses someone, and may
lift it (`/liftsms`). A lift is audited and restarts the count: only SMS sent after the last lift
(and within the hour) count. Its state is its audit trail, so it needs no table of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.audit import Audit
from core.clock import Clock
from core.notifications import Group, Notifications, Payload
from core.settings import Settings
from storage.db import Database
from storage.repositories.profiles import CodeRepository

HOUR = timedelta(hours=1)
OBJECT = "sms_brake"  # the audit trail's object type
ENGAGED, LIFTED = "sms_brake.engaged", "sms_brake.lift"


@dataclass(frozen=True)
class BrakeState:
    sent: int  # SMS codes that count: within the hour and after the last lift
    limit: int
    oldest: datetime | None  # the oldest of them: the brake frees an hour after it

    @property
    def engaged(self) -> bool:
        return self.sent >= self.limit

    def free_at(self, now: datetime) -> datetime:
        return (self.oldest or now) + HOUR


class SmsBrake:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        notifications: Notifications,
        audit: Audit,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.notifications = notifications
        self.audit = audit

    async def _counting_from(self) -> datetime:
        """Where the count starts: an hour ago, or the last lift if that is later."""
        hour_ago = self.clock.now() - HOUR
        lifted = await self.audit.last_at(OBJECT, LIFTED)
        return max(hour_ago, lifted) if lifted is not None else hour_ago

    async def state(self) -> BrakeState:
        since = await self._counting_from()
        sent, oldest = await CodeRepository(self.db.session).count_since(since, channel="sms")
        return BrakeState(sent, self.settings.sms_hourly_limit, oldest)

    async def refused(self, state: BrakeState) -> None:
        """Someone's SMS code was refused: the desk is told, once while the brake stays on (and
        again an hour later if it is still on, or after a lift)."""
        since = await self._counting_from()
        told = await self.audit.last_at(OBJECT, ENGAGED)
        if told is not None and told > since:
            return
        await self.audit.record("system", None, ENGAGED, OBJECT, None, sent=state.sent)
        chat = self.settings.operators_chat_id
        if chat is None:
            return
        moment = state.oldest or self.clock.now()
        await self.notifications.schedule(
            "operator_post",
            Group(chat),
            self.clock.now(),
            Payload("desk-sms-brake-engaged", {"sent": state.sent, "limit": state.limit}),
            # Two refusals racing (several instances) name the same oldest SMS: one post.
            f"sms-brake:{moment.isoformat()}",
        )

    async def lift(self, operator_id: int) -> BrakeState:
        """Lift the brake if it is on (audited with the operator's id); the state before."""
        state = await self.state()
        if state.engaged:
            await self.audit.record(
                "operator", operator_id, LIFTED, OBJECT, None, sent=state.sent, limit=state.limit
            )
        return state
