"""An administrator's message to everyone who can be reached, sent as non-urgent notifications.

Its scheduled messages are inserted CHUNK at a time, each chunk a transaction of its own, with the
event loop given to other updates between them: ten thousand rows in one statement held the loop
(and SQLite's write lock) for a long while. The rows are for the people reachable who had an
account when the broadcast started, in id order, one per person (the dedupe key): a start cut short
(a crash, a stop) is finished by `resume` from the last person done, and filling twice inserts
nothing twice. When it is filled, `recipients` is the number of rows.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from core.clock import Clock
from core.notifications import Notifications, Payload, Person
from storage.db import Database, commit_current
from storage.models import Broadcast
from storage.repositories.notifications import BroadcastRepository, ScheduledMessageRepository
from storage.repositories.users import UserRepository

KIND = "broadcast"
TEXT_KEY = "broadcast-message"
CHUNK = 500  # scheduled messages inserted per transaction


def group_key(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}"


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int  # Telegram refused, or the message went stale
    blocked: int  # the person blocked the bot: held until they write again
    cancelled: int

    @property
    def left(self) -> int:
        return self.total - self.sent - self.failed - self.blocked - self.cancelled

    @property
    def done(self) -> bool:
        return self.left == 0

    @property
    def signature(self) -> str:
        return f"{self.sent}/{self.failed}/{self.blocked}/{self.left}"


@dataclass(frozen=True)
class Unfinished:
    broadcast: Broadcast
    progress: Progress
    author_language: str | None


class Broadcasts:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self._filling: set[int] = set()  # broadcasts this process is filling now

    async def audience(self) -> int:
        return await UserRepository(self.db.session).count_reachable()

    async def start(self, author_telegram_id: int, text_html: str) -> Broadcast:
        """Schedule `text_html` (Telegram HTML from the author's message) to everyone reachable.
        Commits the unit of work as it goes (the broadcast first, then each chunk)."""
        session = self.db.session
        audience = await UserRepository(session).count_reachable()
        broadcast = await BroadcastRepository(session).add(
            author_telegram_id, text_html, audience, self.clock.now()
        )
        await commit_current()
        await self.fill(broadcast)
        return broadcast

    async def fill(self, broadcast: Broadcast) -> None:
        """Insert the scheduled messages `broadcast` does not have yet, CHUNK people a
        transaction, after the last person it has; then set its `recipients` to what it has."""
        if broadcast.id in self._filling:
            return
        self._filling.add(broadcast.id)
        try:
            session = self.db.session
            messages = ScheduledMessageRepository(session)
            group = group_key(broadcast.id)
            payload = Payload(TEXT_KEY, {"text": broadcast.text}, markup=frozenset({"text"}))
            _, last = await messages.group_size(group)
            after = last or 0
            while people := await UserRepository(session).reachable_ids(
                after=after, joined_by=broadcast.created_at, limit=CHUNK
            ):
                now = self.clock.now()
                # One row for all: add_for_each puts in each person and their dedupe key.
                message = Notifications.row(KIND, Person(0), now, payload, group=group, now=now)
                await messages.add_for_each(message, people, f"{group}:")
                await commit_current()
                after = people[-1]
                await asyncio.sleep(0)  # the other updates waiting for the database go first
            broadcast.recipients, _ = await messages.group_size(group)
            await BroadcastRepository(session).set_recipients(broadcast.id, broadcast.recipients)
            await commit_current()
        finally:
            self._filling.discard(broadcast.id)

    async def resume(self) -> None:
        """Finish filling the broadcasts whose start was cut short (idempotent)."""
        for broadcast in await BroadcastRepository(self.db.session).unfinished():
            rows, _ = await ScheduledMessageRepository(self.db.session).group_size(
                group_key(broadcast.id)
            )
            if rows < broadcast.recipients:
                await self.fill(broadcast)

    async def attach_progress(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        await BroadcastRepository(self.db.session).set_progress_message(
            broadcast_id, chat_id, message_id
        )

    async def progress(self, broadcast: Broadcast) -> Progress:
        counts = await ScheduledMessageRepository(self.db.session).group_counts(
            group_key(broadcast.id)
        )
        return Progress(
            total=broadcast.recipients,
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0) + counts.get("dropped", 0),
            blocked=counts.get("held", 0),
            cancelled=counts.get("cancelled", 0),
        )

    async def unfinished(self) -> list[Unfinished]:
        users = UserRepository(self.db.session)
        result = []
        for broadcast in await BroadcastRepository(self.db.session).unfinished():
            author = await users.by_telegram_id(broadcast.author_telegram_id)
            result.append(
                Unfinished(
                    broadcast,
                    await self.progress(broadcast),
                    author.language if author is not None else None,
                )
            )
        return result

    async def record_progress(self, broadcast: Broadcast, progress: Progress) -> bool:
        """True if this instance should show `progress` (it changed and nobody showed it yet)."""
        if progress.signature == broadcast.progress_shown:
            return False
        return await BroadcastRepository(self.db.session).move_progress(
            broadcast.id,
            broadcast.progress_shown,
            progress.signature,
            self.clock.now() if progress.done else None,
        )
