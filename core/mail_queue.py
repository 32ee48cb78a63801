"""Mail that reports a change, sent after the change committed (the outbox pattern).

No mail server is waited for while a database transaction is open: on SQLite the process has one
connection, and a transaction held across a slow SMTP answer stalls everyone's updates.
`MailQueue.put` writes the mail as a `queued_mail` row in the caller's unit of work, so it commits
with the change it reports or not at all; the `mail-outbox` job (`send_due`, every few seconds, on
one instance at a time) leases due rows, sends each with no transaction open and records the
outcome in a new one. Delivery is at least once: a crash after the server took a mail but before
the mark sends it again. A mail whose lease is about to end is not started (it goes back to the
queue at once), nor is one once the runtime is stopping. Failures are tried again after growing
delays (`DeliveryPolicy`, as the notification sender does), then the row is `failed` with the
reason. Once a mail is sent or has failed for good, its subject, body and files (a guarantee
letter's PDF, kept base64 in the row while it waits) are emptied: the row keeps only how it ended.

Confirmation codes and invitations do not come here: the person waits for the code (it is
committed, then sent, then undone on failure: core/signup.py), and an invitation's link must not
be stored (only its hash is): core/invitations.py.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update

from core.clock import Clock
from core.delivery import DeliveryPolicy
from core.gateways import DeliveryFailed
from core.masking import mask_email
from core.outbox import Attachment, Mail, Mailer
from storage.db import Database
from storage.models import QueuedMail

logger = logging.getLogger(__name__)

PENDING = "pending"
MAIL_POLICY = DeliveryPolicy(batch=20, lease=timedelta(minutes=5), max_attempts=10)
MAIL_EVERY = timedelta(seconds=2)


@dataclass(frozen=True)
class _Claim:
    id: int
    kind: str
    mail: Mail
    attempts: int
    lease: datetime


def stored(item: Attachment) -> dict[str, str]:
    data = base64.b64encode(item.data).decode("ascii")
    return {"filename": item.filename, "content_type": item.content_type, "data": data}


def read(item: dict[str, str]) -> Attachment:
    return Attachment(item["filename"], item["content_type"], base64.b64decode(item["data"]))


class MailQueue:
    def __init__(
        self, db: Database, clock: Clock, mailer: Mailer, policy: DeliveryPolicy = MAIL_POLICY
    ) -> None:
        self.db = db
        self.clock = clock
        self.mailer = mailer
        self.policy = policy
        self._stopping = False

    async def put(
        self, mail: Mail, *, kind: str, about: int | None, visit: int | None = None
    ) -> None:
        """Queue `mail` in the caller's unit of work; `about`: the profile it names (erasing the
        person deletes it); `visit`: the appointment it reports."""
        now = self.clock.now()
        self.db.session.add(
            QueuedMail(
                kind=kind,
                profile_id=about,
                appointment_id=visit,
                recipient=mail.to,
                subject=mail.subject,
                text=mail.text,
                html=mail.html,
                attachments=[stored(item) for item in mail.attachments] or None,
                status=PENDING,
                attempts=0,
                send_after=now,
                created_at=now,
            )
        )

    def stop(self) -> None:
        """The runtime is stopping: `send_due` takes no more mail, and gives back what it leased
        and has not sent yet (for the next start, or another instance, at once)."""
        self._stopping = True

    def start(self) -> None:
        self._stopping = False

    async def send_due(self) -> int:
        """Send every mail due now (called outside any unit of work); how many were handled."""
        handled = 0
        while not self._stopping and (claims := await self._claim()):
            for index, claim in enumerate(claims):
                if self._stopping or self.policy.lease_ending(self.clock.now(), claim.lease):
                    # Stopping, or the mails before took so long that this lease may pass
                    # mid-send (and another instance send it too): the rest go back now.
                    for left in claims[index:]:
                        await self._settle(left)
                    return handled
                await self._send(claim)
                handled += 1
            if len(claims) < self.policy.batch:
                break
        return handled

    async def _claim(self) -> list[_Claim]:
        now = self.clock.now()
        lease = now + self.policy.lease
        async with self.db.unit_of_work() as session:
            ids = list(
                await session.scalars(
                    select(QueuedMail.id)
                    .where(
                        QueuedMail.status == PENDING,
                        QueuedMail.send_after <= now,
                        or_(QueuedMail.claimed_until.is_(None), QueuedMail.claimed_until < now),
                    )
                    .order_by(QueuedMail.send_after, QueuedMail.id)
                    .limit(self.policy.batch)
                    .with_for_update(skip_locked=True)
                )
            )
            if not ids:
                return []
            await session.execute(
                update(QueuedMail)
                .where(QueuedMail.id.in_(ids))
                .values(claimed_until=lease)
                .execution_options(synchronize_session=False)
            )
            rows = await session.scalars(
                select(QueuedMail).where(QueuedMail.id.in_(ids)).order_by(QueuedMail.id)
            )
            return [
                _Claim(
                    row.id,
                    row.kind,
                    Mail(
                        row.recipient,
                        row.subject or "",
                        row.text or "",
                        row.html,
                        tuple(read(item) for item in row.attachments or []),
                    ),
                    row.attempts,
                    lease,
                )
                for row in rows
            ]

    async def _send(self, claim: _Claim) -> None:
        attempts = claim.attempts + 1
        try:
            await self.mailer.send(claim.mail)
        except DeliveryFailed as error:
            reason = error.reason
        except Exception as error:  # a bug must not leave the row leased and retried forever
            logger.exception("mail %d (%s) failed unexpectedly", claim.id, claim.kind)
            # The type only: an error's text can quote the mail (UnicodeEncodeError holds the
            # whole string being encoded), and the reason outlives the emptied body.
            reason = f"internal error: {type(error).__name__}"
        else:
            await self._finish(claim, "sent", None)
            return
        if attempts >= self.policy.max_attempts:
            await self._finish(claim, "failed", f"{reason} (after {attempts} attempts)")
            return
        later = self.clock.now() + self.policy.retry_delay(attempts)
        await self._settle(claim, attempts=attempts, send_after=later, last_error=reason[:1000])
        logger.info(
            "mail %d (%s) to %s not sent, trying again at %s: %s",
            claim.id,
            claim.kind,
            mask_email(claim.mail.to),
            f"{later:%H:%M:%S}",
            reason,
        )

    async def _finish(self, claim: _Claim, status: str, error: str | None) -> None:
        settled = await self._settle(
            claim,
            status=status,
            attempts=claim.attempts + 1,
            finished_at=self.clock.now(),
            subject=None,  # what it said (a person's name, their visit) goes once it is settled
            text=None,
            html=None,
            attachments=None,
            **({"last_error": error} if error else {}),
        )
        if settled and status == "failed":
            logger.warning("mail %d (%s) failed: %s", claim.id, claim.kind, error)

    async def _settle(self, claim: _Claim, **values: object) -> bool:
        """Record the outcome; False when the lease was lost (or the row erased) meanwhile."""
        async with self.db.unit_of_work() as session:
            result = await session.execute(
                update(QueuedMail)
                .where(
                    QueuedMail.id == claim.id,
                    QueuedMail.status == PENDING,
                    QueuedMail.claimed_until == claim.lease,
                )
                .values(claimed_until=None, **values)
                .execution_options(synchronize_session=False)
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def counts(self) -> tuple[int, int]:
        """The whole bot's mails waiting to be sent and those that failed for good (in the
        caller's unit of work)."""
        rows = await self.db.session.execute(
            select(QueuedMail.status, func.count())
            .where(QueuedMail.status.in_((PENDING, "failed")))
            .group_by(QueuedMail.status)
        )
        found = {status: int(count) for status, count in rows}
        return found.get(PENDING, 0), found.get("failed", 0)

    async def export(self, profile_id: int) -> list[dict[str, str | None]]:
        """The mail about the person (data export): to whom, when, how it ended, and what it
        says while it waits."""
        rows = await self.db.session.scalars(
            select(QueuedMail).where(QueuedMail.profile_id == profile_id).order_by(QueuedMail.id)
        )
        return [
            {
                "to": row.recipient,
                "queued_at": row.created_at.isoformat(),
                "status": row.status,
                "subject": row.subject,
                "text": row.text,
            }
            for row in rows
        ]

    async def unsent_about(self, profile_id: int) -> list[tuple[int | None, str]]:
        """The mail naming the person still to be sent: the visit each reports, and to whom
        (caller's unit of work)."""
        rows = await self.db.session.execute(
            select(QueuedMail.appointment_id, QueuedMail.recipient).where(
                QueuedMail.profile_id == profile_id, QueuedMail.status == PENDING
            )
        )
        return [(visit, recipient) for visit, recipient in rows]

    async def forget(self, profile_id: int) -> None:
        """Erasure: every mail naming the person goes, unsent ones included (caller's unit of
        work; the foreign key would do it too when the profile row goes). Mail tied to no one
        stays: core/clinic_notices.py's cancellations for the visits erasure deletes."""
        await self.db.session.execute(delete(QueuedMail).where(QueuedMail.profile_id == profile_id))
