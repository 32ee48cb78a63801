"""The audit log: who (a person, an operator, an admin, the system) did what, when, to which
object. Actors are internal ids and details never hold personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from core.clock import Clock
from storage.db import Database
from storage.models import AuditEvent


class Audit:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def record(
        self,
        actor: str,
        actor_id: int | None,
        action: str,
        object_type: str,
        object_id: int | None,
        **details: Any,
    ) -> None:
        self.db.session.add(
            AuditEvent(
                at=self.clock.now(),
                actor=actor,
                actor_id=actor_id,
                action=action,
                object_type=object_type,
                object_id=object_id,
                details=details,
            )
        )

    async def of_actor(self, actor: str, actor_id: int) -> list[AuditEvent]:
        result = await self.db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.actor == actor, AuditEvent.actor_id == actor_id)
            .order_by(AuditEvent.id)
        )
        return list(result.all())

    async def last_at(self, object_type: str, action: str) -> datetime | None:
        """When `action` was last recorded on an object of this type (None: never)."""
        return await self.db.session.scalar(
            select(func.max(AuditEvent.at)).where(
                AuditEvent.object_type == object_type, AuditEvent.action == action
            )
        )
