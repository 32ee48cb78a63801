"""A child on a parent's account turning 18 (core/family.py): they may now sign up themselves and
take their policy over (`Policies.link_proven`), and nobody in Telegram knows them yet. So the
roster's e-mail of their policy is mailed (in Russian: the roster says nothing of a language),
and the parent's account is told in the chat, once each.

A daily job runs this (bot/features/family/jobs.py). A child is told within 30 days after the
birthday: a run missed for a few days still tells them, but a roster imported with a grown-up
"child" years later does not mail them out of the blue. `adult_told_at` marks the policy told,
set in the same unit of work as the mail queued (core/mail_queue.py) and the chat message: all
or nothing, and a second run finds nobody left."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update

from core.clock import Clock, local_today
from core.family import ADULT_AGE
from core.i18n import Catalogue, Translator
from core.mail_queue import MailQueue
from core.notifications import Notifications, Payload, Person
from core.outbox import Mail
from core.people import Invalid, age_on, normalize_email
from core.settings import Settings
from storage.db import Database
from storage.models import Policy, Profile

TOLD_WITHIN = timedelta(days=30)  # after the 18th birthday
MAIL_KIND = "family-adult"
MAIL_LOCALE = "ru"  # the roster's e-mail: no language is known for it


def turned_adult(born: date, today: date) -> bool:
    """18 on or before `today`, and not more than `TOLD_WITHIN` ago."""
    before = today - TOLD_WITHIN - timedelta(days=1)
    return age_on(born, today) >= ADULT_AGE > age_on(born, before)


class AdultMembers:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        notifications: Notifications,
        mail_queue: MailQueue,
        catalogue: Catalogue,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.notifications = notifications
        self.mail_queue = mail_queue
        self.texts = Translator(catalogue, MAIL_LOCALE)

    def bot_link(self) -> str | None:
        username = self.settings.bot_username
        return f"https://t.me/{username.lstrip('@')}" if username else None

    async def tell(self) -> int:
        """Each child member's policy whose person turned 18 lately and was not told yet: its
        roster e-mail mailed (when it has one that reads), the holding account told. How many."""
        session = self.db.session
        today = local_today(self.clock, self.settings.timezone)
        # Wide enough whatever the leap years (the 29th of February): `turned_adult` decides.
        years = timedelta(days=365 * ADULT_AGE)
        found = await session.scalars(
            select(Policy)
            .where(
                Policy.member_relation == "child",
                Policy.holder_profile_id.is_not(None),
                Policy.adult_told_at.is_(None),
                Policy.terminated_at.is_(None),
                Policy.birth_date <= today - years,
                Policy.birth_date > today - years - TOLD_WITHIN - timedelta(days=ADULT_AGE),
            )
            .order_by(Policy.id)
        )
        told = 0
        for policy in list(found.all()):
            if turned_adult(policy.birth_date, today) and await self._tell(policy):
                told += 1
        return told

    async def _tell(self, policy: Policy) -> bool:
        session, now = self.db.session, self.clock.now()
        # Compare-and-set: told once, however many runs meet.
        claimed = await session.execute(
            update(Policy)
            .where(Policy.id == policy.id, Policy.adult_told_at.is_(None))
            .values(adult_told_at=now)
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            return False
        parent = await session.get(Profile, policy.holder_profile_id)
        assert parent is not None  # held: selected so
        params = {"name": policy.first_name, "number": policy.printed_number}
        address = _address(policy.email)
        if address is not None:
            _ = self.texts
            link = self.bot_link()
            text = _.plain("family-adult-mail-text", insurer=self.settings.insurer_name, **params)
            if link is not None:
                text += "\n\n" + _.plain("family-adult-mail-link", link=link)
            mail = Mail(
                to=address, subject=_.plain("family-adult-mail-subject", **params), text=text
            )
            await self.mail_queue.put(mail, kind=MAIL_KIND, about=parent.id)
        await self.notifications.schedule(
            "family_notice",
            Person(parent.user_id),
            now,
            Payload("family-adult-parent", {**params, "mailed": "yes" if address else "no"}),
            f"family-adult:{policy.id}",
        )
        return True


def _address(email: str | None) -> str | None:
    try:
        return normalize_email(email) if email else None
    except Invalid:
        return None
