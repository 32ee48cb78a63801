"""An administrator's message to everyone who can be reached, sent as non-urgent notifications."""

from __future__ import annotations

from dataclasses import dataclass

from core.clock import Clock
from core.notifications import Notifications, Payload, Person
from storage.db import Database
from storage.models import Broadcast
from storage.repositories.notifications import BroadcastRepository, ScheduledMessageRepository
from storage.repositories.users import UserRepository

KIND = "broadcast"
TEXT_KEY = "broadcast-message"


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

    async def audience(self) -> int:
        return await UserRepository(self.db.session).count_reachable()

    async def start(self, author_telegram_id: int, text_html: str) -> Broadcast:
        """Schedule `text_html` (Telegram HTML from the author's message) to everyone reachable."""
        session = self.db.session
        now = self.clock.now()
        people = await UserRepository(session).reachable_ids()
        broadcast = await BroadcastRepository(session).add(
            author_telegram_id, text_html, len(people), now
        )
        payload = Payload(TEXT_KEY, {"text": text_html}, markup=frozenset({"text"}))
        group = group_key(broadcast.id)
        rows = [
            Notifications.row(
                KIND,
                Person(user_id),
                now,
                payload,
                f"{group}:{user_id}",
                group=group,
                now=now,
            )
            for user_id in people
        ]
        await ScheduledMessageRepository(session).add_many(rows)
        return broadcast

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
