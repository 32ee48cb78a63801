"""Invitations from employers' rosters: a personal deep link mailed to each insured person.

`dmsbot invite FILE.csv` reads the policies format; each row's policy must be imported already.
A token is single use, lives 30 days and is stored only as a hash; a re-run mails only people not
invited yet, unless `--resend` (which voids the earlier link). Each invitation is committed before
its mail goes (no transaction waits on the mail server), undone when the mail fails for any reason,
and marked `mailed_at` once the server took it: one a crash left unmailed does not count as an
invitation, the next run sends a new link (a crash just after the server took the mail, before the
mark, sends the person a second link that voids the first).
Following the link starts sign-up with the e-mail filled in (still confirmed by a code) and links
the policy right after sign-up when the data match; a signed-up person gets the policy linked at
once.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select, update

from core.clock import Clock
from core.gateways import DeliveryFailed
from core.i18n import Translator
from core.importing import COLUMNS, ImportReport, Rejected, RowError, Unreadable, read_rows
from core.outbox import Mail, Mailer
from core.people import Invalid, canonical_policy_number, normalize_email
from core.settings import Settings
from storage.db import Database
from storage.models import Invitation, Policy
from storage.repositories.policies import PolicyRepository

LIFETIME = timedelta(days=30)
PREFIX = "inv_"  # the deep link's payload: inv_<token>


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvalidInvitation(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "unknown", "used", "expired"


class Invitations:
    def __init__(self, db: Database, clock: Clock, settings: Settings, mailer: Mailer) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.mailer = mailer

    async def invite_file(
        self,
        path: Path,
        bot_username: str,
        _: Translator,
        *,
        resend: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Mail a link to every row with an e-mail; `taken` counts the mails sent."""
        _count, rows = read_rows(path)
        report = ImportReport("invitations")
        checked = False
        for line, row in rows:
            if not checked:
                missing = [c for c in COLUMNS["policies"] if c not in row]
                if missing:
                    raise Unreadable(f"{path}: missing columns {', '.join(missing)}")
                checked = True
            try:
                sent = await self._invite_row(row, bot_username, _, resend=resend)
            except RowError as error:
                report.rejected.append(Rejected(line, str(error)))
            else:
                report.taken += int(sent)
            if progress:
                progress(1)
        return report

    async def _invite_row(
        self, row: dict[str, str], bot_username: str, _: Translator, *, resend: bool
    ) -> bool:
        number = canonical_policy_number(row.get("policy_number") or "")
        text = (row.get("email") or "").strip()
        if not text:
            return False  # no address: nobody to invite
        try:
            email = normalize_email(text)
        except Invalid:
            raise RowError(f"bad email {text!r}") from None
        now = self.clock.now()
        token = secrets.token_urlsafe(24)  # 32 characters of A-Za-z0-9_-
        async with self.db.unit_of_work() as session:
            policy = await PolicyRepository(session).by_number(number)
            if policy is None:
                raise RowError(f"policy {number!r} is not imported yet")
            earlier = (
                await session.execute(
                    select(Invitation.id, Invitation.mailed_at, Invitation.used_at).where(
                        Invitation.policy_id == policy.id, Invitation.voided_at.is_(None)
                    )
                )
            ).all()
            # Invited: a link was mailed (or used). One committed but never mailed (the run was
            # killed before its mail went) counts for nothing: a new link goes and voids it.
            if not resend and any(e.mailed_at or e.used_at for e in earlier):
                return False
            voided = [e.id for e in earlier]
            await session.execute(
                update(Invitation).where(Invitation.id.in_(voided)).values(voided_at=now)
            )
            invitation = Invitation(
                policy_id=policy.id,
                email=email,
                token_hash=token_hash(token),
                created_at=now,
                expires_at=now + LIFETIME,
            )
            session.add(invitation)
            await session.flush()
            name = policy.first_name
        # Committed before the mail goes: this process holds no write lock while the mail server
        # answers (on SQLite the bot's updates would wait for it). Whatever stops the mail (a
        # refusal, a bug, Ctrl+C) undoes the invitation; a crash that leaves no time to undo it
        # leaves it unmailed, and the next run sends it again.
        try:
            params = {
                "name": name,
                "link": f"https://t.me/{bot_username}?start={PREFIX}{token}",
                "insurer": self.settings.insurer_name,
            }
            await self.mailer.send(
                Mail(
                    to=email,
                    subject=_.plain("invite-mail-subject", **params),
                    text=_.plain("invite-mail-text", **params),
                    html=_("invite-mail-html", **params),
                )
            )
        except BaseException as error:
            await self._undo(invitation.id, voided, now)
            if isinstance(error, DeliveryFailed):
                raise RowError(f"mail not sent: {error.reason}") from None
            raise
        # Not undone if this fails: the mail went, its link stays good (a re-run mails again).
        async with self.db.unit_of_work() as session:
            await session.execute(
                update(Invitation)
                .where(Invitation.id == invitation.id)
                .values(mailed_at=self.clock.now())
            )
        return True

    async def _undo(self, invitation_id: int, voided: list[int], now: datetime) -> None:
        """The invitation whose mail did not go is deleted; the links it voided are good again."""
        async with self.db.unit_of_work() as session:
            await session.execute(delete(Invitation).where(Invitation.id == invitation_id))
            await session.execute(
                update(Invitation)
                .where(Invitation.id.in_(voided), Invitation.voided_at == now)
                .values(voided_at=None)
            )

    async def open(self, token: str) -> Invitation:
        """The invitation behind a link, if it may still be used (not marking it used)."""
        invitation = await self.db.session.scalar(
            select(Invitation).where(Invitation.token_hash == token_hash(token))
        )
        if invitation is None or invitation.voided_at is not None:
            raise InvalidInvitation("unknown")
        if invitation.used_at is not None:
            raise InvalidInvitation("used")
        if self.clock.now() >= invitation.expires_at:
            raise InvalidInvitation("expired")
        return invitation

    async def use(self, invitation_id: int) -> Policy | None:
        """Mark the invitation used; its policy."""
        session = self.db.session
        invitation = await session.get(Invitation, invitation_id)
        if invitation is None or invitation.used_at is not None:
            return None
        invitation.used_at = self.clock.now()
        return await PolicyRepository(session).get(invitation.policy_id)
