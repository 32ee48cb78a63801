"""Scheduled messages: claiming due rows for a sender, and recording how each one ended."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, case, cast, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Broadcast, Profile, ScheduledMessage, User
from storage.sql import insert_ignoring_conflicts

PENDING = "pending"


def _waiting(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """Due and not sent; people who blocked the bot are held back, not waiting, and so is the
    account of a profile frozen after «Это не я» (it may be someone else's: until an operator
    decides, nothing of the profile reaches it; given back, the messages go to the owner)."""
    frozen = (
        select(Profile.id)
        .where(Profile.user_id == ScheduledMessage.user_id, Profile.frozen_at.is_not(None))
        .exists()
    )
    return (
        ScheduledMessage.status == PENDING,
        ScheduledMessage.send_after <= now,
        or_(ScheduledMessage.user_id.is_(None), User.unreachable_since.is_(None)),
        ~frozen,
    )


class ScheduledMessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, values: Mapping[str, Any]) -> int | None:
        """Insert one row; None when its dedupe key is already taken."""
        statement = insert_ignoring_conflicts(self.session, ScheduledMessage, **values)
        result = await self.session.execute(statement.returning(ScheduledMessage.id))
        inserted: int | None = result.scalar_one_or_none()
        return inserted

    async def add_for_each(
        self, values: Mapping[str, Any], user_ids: Sequence[int], dedupe_prefix: str
    ) -> None:
        """Schedule `values` to each of `user_ids` in one statement, SQL filling in the person and
        the dedupe key (`dedupe_prefix` and their id); a key already taken is left out."""
        table = ScheduledMessage.__table__
        same = [name for name in values if name not in ("user_id", "dedupe_key")]
        people = select(
            *(literal(values[name], table.c[name].type).label(name) for name in same),
            User.id,
            (literal(dedupe_prefix) + cast(User.id, String)).label("dedupe_key"),
        ).where(User.id.in_(user_ids))
        statement = insert_ignoring_conflicts(self.session, ScheduledMessage).from_select(
            [*same, "user_id", "dedupe_key"], people
        )
        await self.session.execute(statement)

    async def cancel(self, *, dedupe_key: str | None, group_key: str | None, now: datetime) -> int:
        conditions = []
        if dedupe_key is not None:
            conditions.append(ScheduledMessage.dedupe_key == dedupe_key)
        if group_key is not None:
            conditions.append(ScheduledMessage.group_key == group_key)
        result = await self.session.execute(
            update(ScheduledMessage)
            .where(ScheduledMessage.status == PENDING, or_(*conditions))
            .values(status="cancelled", finished_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def set_param(self, group_key: str, name: str, value: str) -> int:
        """Pending messages of `group_key` whose text has the parameter `name`: it becomes `value`
        (a policy's number as printed, changed by a re-import). Returns how many."""
        found = await self.session.scalars(
            select(ScheduledMessage).where(
                ScheduledMessage.status == PENDING, ScheduledMessage.group_key == group_key
            )
        )
        changed = 0
        for message in found:
            params = dict(message.payload.get("params") or {})
            if name in params and params[name] != value:
                message.payload = {**message.payload, "params": {**params, name: value}}
                changed += 1
        return changed

    async def claim_due(
        self,
        now: datetime,
        lease_until: datetime,
        limit: int,
        *,
        only_chats: Collection[int] | None = None,
        first: Collection[str] = (),
        only_first: bool = False,
    ) -> list[tuple[ScheduledMessage, User | None]]:
        """Lease up to `limit` due rows to this sender, with their people: those of the kinds
        `first` before any other (and only those with `only_first`), each lot oldest first.

        PostgreSQL: `FOR UPDATE SKIP LOCKED`, so senders in several processes never take one row
        twice. SQLite (one process by design) serialises writers with BEGIN IMMEDIATE anyway.
        Messages of people who blocked the bot are held back.
        """
        ids: list[int] = []
        if first:
            ids = await self._due_ids(now, limit, only_chats, ScheduledMessage.kind.in_(first))
        if not only_first and len(ids) < limit:
            others = ScheduledMessage.id.not_in(ids) if ids else None
            ids += await self._due_ids(now, limit - len(ids), only_chats, others)
        if not ids:
            return []
        await self.session.execute(
            update(ScheduledMessage)
            .where(ScheduledMessage.id.in_(ids))
            .values(claimed_until=lease_until)
            .execution_options(synchronize_session=False)
        )
        rows = await self.session.execute(
            select(ScheduledMessage, User)
            .outerjoin(User, User.id == ScheduledMessage.user_id)
            .where(ScheduledMessage.id.in_(ids))
            .execution_options(populate_existing=True)
        )
        order = {message_id: at for at, message_id in enumerate(ids)}
        return sorted(((message, user) for message, user in rows), key=lambda row: order[row[0].id])

    async def _due_ids(
        self,
        now: datetime,
        limit: int,
        only_chats: Collection[int] | None,
        where: ColumnElement[bool] | None,
    ) -> list[int]:
        due = (
            select(ScheduledMessage.id)
            .outerjoin(User, User.id == ScheduledMessage.user_id)
            .where(
                *_waiting(now),
                or_(ScheduledMessage.claimed_until.is_(None), ScheduledMessage.claimed_until < now),
            )
            .order_by(ScheduledMessage.send_after, ScheduledMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=ScheduledMessage)
        )
        if where is not None:
            due = due.where(where)
        if only_chats is not None:
            due = due.where(
                or_(User.telegram_id.in_(only_chats), ScheduledMessage.chat_id.in_(only_chats))
            )
        return list((await self.session.scalars(due)).all())

    async def backlog(self, now: datetime) -> tuple[int, datetime | None]:
        """How many messages are due and not sent yet (leased ones included), and since when
        the oldest of them is due."""
        count, oldest = (
            await self.session.execute(
                select(func.count(), func.min(ScheduledMessage.send_after))
                .select_from(ScheduledMessage)
                .outerjoin(User, User.id == ScheduledMessage.user_id)
                .where(*_waiting(now))
            )
        ).one()
        return int(count), oldest

    async def settle(self, message_id: int, lease: datetime, **values: Any) -> bool:
        """Record the outcome of a leased row; False if the lease was lost or it was cancelled."""
        result = await self.session.execute(
            update(ScheduledMessage)
            .where(
                ScheduledMessage.id == message_id,
                ScheduledMessage.status == PENDING,
                ScheduledMessage.claimed_until == lease,
            )
            .values(claimed_until=None, **values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def record_part(
        self, message_id: int, lease: datetime, parts: list[list[int]], telegram_ids: list[int]
    ) -> None:
        """One part of a leased message in several parts was accepted: the parts so far, and
        every id known, are kept (a retry sends only the rest; a take-down deletes them all),
        also when the row was cancelled meanwhile."""
        await self.session.execute(
            update(ScheduledMessage)
            .where(ScheduledMessage.id == message_id, ScheduledMessage.claimed_until == lease)
            .values(telegram_parts=parts, telegram_message_ids=telegram_ids)
            .execution_options(synchronize_session=False)
        )

    async def record_late(self, message_id: int, lease: datetime, telegram_ids: list[int]) -> None:
        """A row cancelled while leased, which Telegram took after all: what it became is kept
        (a take-down deletes it)."""
        await self.session.execute(
            update(ScheduledMessage)
            .where(
                ScheduledMessage.id == message_id,
                ScheduledMessage.status == "cancelled",
                ScheduledMessage.claimed_until == lease,
            )
            .values(
                claimed_until=None,
                telegram_message_id=telegram_ids[0],
                telegram_message_ids=telegram_ids,
            )
            .execution_options(synchronize_session=False)
        )

    async def release_all_leases(self) -> int:
        result = await self.session.execute(
            update(ScheduledMessage)
            .where(ScheduledMessage.status == PENDING, ScheduledMessage.claimed_until.is_not(None))
            .values(claimed_until=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def drop_expired(self, now: datetime) -> int:
        """Pending rows past their expiry, leased or held ones included once their lease is over."""
        result = await self.session.execute(
            update(ScheduledMessage)
            .where(
                ScheduledMessage.status == PENDING,
                ScheduledMessage.expires_at < now,
                or_(ScheduledMessage.claimed_until.is_(None), ScheduledMessage.claimed_until < now),
            )
            .values(
                status="dropped",
                last_error="stale: expired before it could be sent",
                finished_at=now,
                claimed_until=None,
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def by_id(self, message_id: int) -> ScheduledMessage | None:
        return await self.session.get(ScheduledMessage, message_id, populate_existing=True)

    async def group_size(self, group_key: str) -> tuple[int, int | None]:
        """How many rows the group has, and the highest person id among them."""
        row = (
            await self.session.execute(
                select(func.count(), func.max(ScheduledMessage.user_id)).where(
                    ScheduledMessage.group_key == group_key
                )
            )
        ).one()
        return int(row[0]), row[1]

    async def group_counts(self, group_key: str) -> dict[str, int]:
        """Rows of a group by status; pending rows of unreachable people count as "held"."""
        label = case(
            (
                (ScheduledMessage.status == PENDING) & User.unreachable_since.is_not(None),
                "held",
            ),
            else_=ScheduledMessage.status,
        )
        rows = await self.session.execute(
            select(label, func.count())
            .select_from(ScheduledMessage)
            .outerjoin(User, User.id == ScheduledMessage.user_id)
            .where(ScheduledMessage.group_key == group_key)
            .group_by(label)
        )
        return {str(name): int(count) for name, count in rows}


class BroadcastRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, author_telegram_id: int, text: str, recipients: int, now: datetime
    ) -> Broadcast:
        broadcast = Broadcast(
            author_telegram_id=author_telegram_id, text=text, recipients=recipients, created_at=now
        )
        self.session.add(broadcast)
        await self.session.flush()
        return broadcast

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.session.get(Broadcast, broadcast_id, populate_existing=True)

    async def unfinished(self) -> list[Broadcast]:
        result = await self.session.scalars(
            select(Broadcast).where(Broadcast.finished_at.is_(None)).order_by(Broadcast.id)
        )
        return list(result.all())

    async def set_recipients(self, broadcast_id: int, recipients: int) -> None:
        await self.session.execute(
            update(Broadcast).where(Broadcast.id == broadcast_id).values(recipients=recipients)
        )

    async def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id)
            .values(progress_chat_id=chat_id, progress_message_id=message_id)
        )

    async def move_progress(
        self, broadcast_id: int, shown: str | None, new: str, finished_at: datetime | None
    ) -> bool:
        """Compare-and-set of what the progress message shows: one instance edits it."""
        condition = (
            Broadcast.progress_shown.is_(None)
            if shown is None
            else Broadcast.progress_shown == shown
        )
        result = await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.finished_at.is_(None), condition)
            .values(progress_shown=new, finished_at=finished_at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
