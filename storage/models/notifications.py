from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class ScheduledMessage(Base):
    """One message the bot sends on its own: a reminder, a notice, a broadcast, an operator post.

    Exactly one of `user_id` (a person: their chat is looked up when the message goes out, so it
    follows a recovered account) and `chat_id` (a group) is set. `send_after` starts as `due_at`
    and moves on for retries and quiet hours; `expires_at` is when the message stops making sense.
    A row being sent is `pending` with a lease (`claimed_until`) so that no other sender takes it.
    """

    __tablename__ = "scheduled_messages"
    __table_args__ = (
        Index("ix_scheduled_messages_due", "status", "send_after"),
        Index("ix_scheduled_messages_group_key", "group_key"),
        # The kinds a sender claims first (`core.notifications.Kind.priority`), found directly.
        Index("ix_scheduled_messages_kind_due", "kind", "status", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    group_key: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Every message it became (an album's parts, then the reply with its buttons), of every copy
    # Telegram is known to have taken: a take-down deletes them all.
    telegram_message_ids: Mapped[list[int] | None] = mapped_column(JSON)
    # A post in several messages (an album, then its text) on its way: the ids of each part
    # Telegram already took, recorded as it goes, so a retry sends only what is missing.
    telegram_parts: Mapped[list[list[int]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Broadcast(Base):
    """An administrator's message to everyone reachable; its rows share the group key."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_telegram_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    recipients: Mapped[int] = mapped_column(Integer)
    # The author's progress message, edited as the broadcast goes on.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_shown: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class QueuedMail(Base):
    """A mail that reports a change (a clinic told of a visit booked, moved or cancelled), written
    in the change's own transaction and sent after it committed by the mail job
    (core/mail_queue.py): no mail server is waited for while a transaction is open.

    `profile_id` is the person the mail names: erasing them deletes it. Once the mail is sent
    (or has failed for good) its subject, text and files are emptied; the row keeps how it ended.
    """

    __tablename__ = "queued_mail"
    __table_args__ = (Index("ix_queued_mail_due", "status", "send_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    # The visit it reports (a clinic notice): erasure tells the clinic of one whose notice is
    # still to go, since the notice goes with the person.
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL")
    )
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    # Files sent with it (a guarantee letter's PDF): [{"filename", "content_type", "data"}], the
    # data base64; emptied with the text once the mail is settled.
    attachments: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
