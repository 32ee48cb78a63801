"""Complaints and gratitude (flow 6), answered from the operators' desk.

A ticket is shown as «Ж-000123» (жалоба) or «Б-000124» (благодарность). It is posted on the desk
with its photos and «Взять в работу», «Ответить», «Закрыть»; the person's follow-ups, the rest of a
long text and the escalation after `TICKET_SLA` go as replies to that post; answers and the
closing reach the person through the notifications engine. With the desk off, tickets wait and are
posted by the `tickets-desk` job once `OPERATORS_CHAT_ID` is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import Audit
from core.clock import Clock
from core.desk import AlreadyDecided, full_name
from core.family import Patient
from core.i18n import fold
from core.masking import mask_email, mask_phone
from core.notifications import Button, Group, Intent, Media, Notifications, Payload, Person
from core.settings import Settings
from storage.db import Database
from storage.models import Clinic, Profile, ScheduledMessage, Ticket, TicketMessage
from storage.models.tickets import CLOSED_STATUSES
from storage.repositories.appointments import AppointmentRepository
from storage.repositories.clinics import ClinicRepository
from storage.repositories.policies import PolicyRepository
from storage.repositories.profiles import ProfileRepository
from storage.repositories.tickets import TicketRepository

KINDS = ("complaint", "gratitude")
NUMBER = re.compile(r"(?<!\w)([ЖБ])-(\d{6,})(?!\d)")
MIN_TEXT, MAX_TEXT = 10, 4000
MAX_PHOTOS = 5
MAX_ANSWER = 3500  # an answer and its heading fit in one Telegram message
IN_POST = 3000  # of the text in the desk's post; the rest follows as a reply
REMOVED = "desk-ticket-removed"  # what a desk post becomes once its person's data are erased
RECENT_CLINICS = 5
RECENT_DAYS = 365
WAITING = ("new", "in_progress")  # for an operator's answer
CLOSED = CLOSED_STATUSES  # closed (by an operator) or solved (by the person): takes nothing more
# New tickets one person may file in any 24 hours, so that nobody fills the desk and pushes
# everyone else's posts back (follow-ups to an open ticket are not counted).
NEW_PER_DAY, DAY = 5, timedelta(hours=24)


class Closed(Exception):
    """The ticket is closed: nothing more is added to it."""


class TooManyTickets(Exception):
    """NEW_PER_DAY tickets filed in the last 24 hours: the next may be filed at `until`."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


def parse_number(text: str | None) -> int | None:
    """The ticket id in «… Ж-000123 …»: the first ticket number in the text."""
    found = NUMBER.search(text or "")
    return int(found.group(2)) if found else None


@dataclass(frozen=True)
class Entry:
    """One message of a ticket's thread, as the person sees it."""

    author: str  # person | operator
    text: str
    photos: int
    at: datetime


class Tickets:
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

    @property
    def desk(self) -> int | None:
        return self.settings.operators_chat_id

    def _tickets(self) -> TicketRepository:
        return TicketRepository(self.db.session)

    async def forget(self, profile: Profile) -> None:
        """Erasure (the tickets go with the profile, ON DELETE CASCADE): the desk's messages about
        them, which carry the person's name, words and photos, keep only the ticket's number in
        the bot's records, are taken down from the group through the sender (within its limits,
        surviving a restart), and one not sent yet never is."""
        session, now = self.db.session, self.clock.now()
        for ticket in await self._tickets().of_profile(profile.id):
            posts = await session.scalars(
                select(ScheduledMessage).where(
                    or_(
                        ScheduledMessage.dedupe_key == f"desk:ticket:{ticket.id}",
                        ScheduledMessage.dedupe_key.startswith(
                            f"desk:ticket:{ticket.id}:", autoescape=True
                        ),
                    )
                )
            )
            for post in posts.all():
                await self.notifications.cancel(dedupe_key=post.dedupe_key)
                removed = Payload(REMOVED, {"number": ticket.label})
                post.payload = removed.to_json()
                if post.chat_id is None:
                    continue
                await self.notifications.schedule(
                    "operator_post",
                    Group(post.chat_id),
                    now,
                    Payload(REMOVED, {"number": ticket.label}, take_down=post.id),
                    f"desk:ticket-down:{post.id}",
                )

    # -- the person's side -------------------------------------------------------------------

    async def recent_clinics(self, profile: Profile) -> list[Clinic]:
        """The clinics of the person's visits (upcoming too) and of the services billed to their
        policies over the last year, most recent first."""
        session = self.db.session
        since = self.clock.now() - timedelta(days=RECENT_DAYS)
        visited = await AppointmentRepository(session).clinics_visited(profile.id, since, 50)
        served = await PolicyRepository(session).clinics_served(profile.id, since.date(), 50)
        dated = [(when.date(), clinic) for clinic, when in visited]
        dated += [(day, clinic) for clinic, day in served]
        order: list[int] = []
        for _day, clinic_id in sorted(dated, key=lambda item: item[0], reverse=True):
            if clinic_id not in order:
                order.append(clinic_id)
        order = order[:RECENT_CLINICS]
        found = await ClinicRepository(session).by_ids(order)
        return [found[clinic_id] for clinic_id in order if clinic_id in found]

    async def find_clinics(self, text: str, limit: int) -> tuple[int, list[Clinic]]:
        """Any clinic whose name or address holds `text` (case and ё aside): how many, and the
        first `limit` alphabetically."""
        return await ClinicRepository(self.db.session).covered_by_name(None, fold(text), 0, limit)

    async def clinic(self, clinic_id: int) -> Clinic | None:
        return await self.db.session.get(Clinic, clinic_id)

    async def next_allowed(self, profile: Profile) -> datetime | None:
        """None when the person may file a new ticket now; else when they may: once the oldest
        of their last NEW_PER_DAY tickets is 24 hours old."""
        latest = await self._tickets().filed_since(profile.id, self.clock.now() - DAY, NEW_PER_DAY)
        return min(latest) + DAY if len(latest) >= NEW_PER_DAY else None

    async def member_policies(self, profile: Profile, patient: Patient) -> list[str]:
        """The printed numbers of the account's policies naming `patient` (a family member a
        ticket is about), in import order."""
        held = await PolicyRepository(self.db.session).of_holder_by_id(profile.id)
        return [policy.printed_number for policy in held if policy.id in patient.policy_ids]

    async def submit(
        self,
        profile: Profile,
        kind: str,
        clinic_id: int | None,
        text: str,
        photos: list[str],
        *,
        about: str | None = None,
    ) -> Ticket:
        """File the ticket and, with the desk on, post it. Raises TooManyTickets past the cap
        (checked under the person's lock: two at once do not both get through).

        `about`: whom a ticket about a family member is about (their name and policy, in the
        person's words), put before the text. A ticket's row names the account only (no policy:
        a complaint need not be about a visit), so the first message carries it: the desk's
        post, the person's thread and the data export all show it."""
        if about:
            text = f"{about}\n\n{text}"
        if kind not in KINDS:
            raise ValueError(f"unknown ticket kind {kind!r}")
        session, now = self.db.session, self.clock.now()
        await ProfileRepository(session).lock(profile.id)
        until = await self.next_allowed(profile)
        if until is not None:
            raise TooManyTickets(until)
        ticket = Ticket(
            profile_id=profile.id,
            kind=kind,
            clinic_id=clinic_id,
            status="new",
            created_at=now,
            updated_at=now,
        )
        session.add(ticket)
        await session.flush()
        session.add(
            TicketMessage(
                ticket_id=ticket.id,
                author="person",
                text=text,
                photos=list(photos[:MAX_PHOTOS]),
                created_at=now,
            )
        )
        await session.flush()
        await self.audit.record("person", profile.user_id, "ticket.submitted", "ticket", ticket.id)
        if self.desk is not None:
            await self._post(ticket)
        return ticket

    async def mine(self, profile: Profile, offset: int, limit: int) -> tuple[int, list[Ticket]]:
        """The person's tickets, newest first: how many in all, and a page."""
        return await self._tickets().page_of(profile.id, offset, limit)

    async def owned(self, profile: Profile, ticket_id: int) -> Ticket | None:
        """The ticket, if it is this person's: a button naming anyone else's finds nothing."""
        return await self._tickets().owned(profile.id, ticket_id)

    async def thread(self, ticket: Ticket) -> list[Entry]:
        found = await self._tickets().messages(ticket.id)
        return [Entry(m.author, m.text, len(m.photos or []), m.created_at) for m in found]

    async def follow_up(
        self, profile: Profile, ticket_id: int, text: str, photos: list[str]
    ) -> Ticket:
        """Add the person's message to their open ticket; it goes to the desk as a reply to the
        ticket's post. Raises Closed, or LookupError for a ticket that is not theirs."""
        session, now = self.db.session, self.clock.now()
        ticket = await self._tickets().owned(profile.id, ticket_id, lock=True)
        if ticket is None:
            raise LookupError(ticket_id)
        if ticket.is_closed:
            raise Closed
        message = TicketMessage(
            ticket_id=ticket.id,
            author="person",
            text=text,
            photos=list(photos[:MAX_PHOTOS]),
            created_at=now,
        )
        session.add(message)
        if ticket.status == "answered":  # a new question: it waits for an answer again
            ticket.status = "in_progress" if ticket.operator_id is not None else "new"
        ticket.updated_at = now
        await session.flush()
        await self.audit.record("person", profile.user_id, "ticket.follow_up", "ticket", ticket.id)
        if ticket.desk_post_id is not None:
            await self._post_follow_up(ticket, message)
        return ticket

    async def solve(self, profile: Profile, ticket_id: int) -> Ticket:
        """«✅ Вопрос решён»: the person closes their own open ticket as solved. Its desk post,
        if not sent yet, goes out showing it (a sent one is edited by the bot: `Posts.refresh`).
        Raises Closed, or LookupError for a ticket that is not theirs."""
        ticket = await self._tickets().owned(profile.id, ticket_id, lock=True)
        if ticket is None:
            raise LookupError(ticket_id)
        if ticket.is_closed:
            raise Closed
        ticket.status = "solved"
        ticket.updated_at = self.clock.now()
        await self.db.session.flush()
        await self.audit.record("person", profile.user_id, "ticket.solved", "ticket", ticket.id)
        if ticket.desk_post_id is not None:
            post = await self.db.session.get(ScheduledMessage, ticket.desk_post_id)
            if post is not None and post.status == "pending":
                post.payload = (await self.card(ticket)).to_json()
        return ticket

    # -- the desk's side ---------------------------------------------------------------------

    async def _locked(self, ticket_id: int) -> Ticket:
        ticket = await self._tickets().locked(ticket_id)
        if ticket is None:
            raise LookupError(ticket_id)
        return ticket

    async def take(self, ticket_id: int, operator_id: int, operator_name: str) -> Ticket:
        """An operator takes the ticket (or takes it over from another)."""
        ticket = await self._locked(ticket_id)
        if ticket.is_closed:
            raise AlreadyDecided
        if ticket.status == "new":
            ticket.status = "in_progress"
        ticket.operator_id, ticket.operator_name = operator_id, operator_name[:200]
        ticket.updated_at = self.clock.now()
        await self.audit.record("operator", operator_id, "ticket.taken", "ticket", ticket.id)
        return ticket

    async def answer(
        self, ticket_id: int, operator_id: int, operator_name: str, text: str
    ) -> Ticket:
        """The operator's answer: kept in the thread and sent to the person."""
        if not text.strip():
            raise ValueError("an empty answer")
        ticket = await self._locked(ticket_id)
        if ticket.is_closed:
            raise AlreadyDecided
        session, now = self.db.session, self.clock.now()
        message = TicketMessage(
            ticket_id=ticket.id,
            author="operator",
            operator_id=operator_id,
            text=text[:MAX_ANSWER],
            photos=[],
            created_at=now,
        )
        session.add(message)
        ticket.status = "answered"
        ticket.operator_id, ticket.operator_name = operator_id, operator_name[:200]
        ticket.answered_at = ticket.updated_at = now
        await session.flush()
        await self._tell_person(
            ticket,
            Payload(
                "ticket-answered",
                {"number": ticket.label, "text": message.text},
                buttons=[[Button("tickets-open-one", Intent.OPEN_TICKET, ticket.id)]],
            ),
            f"ticket:{ticket.id}:answer:{message.id}",
        )
        await self.audit.record("operator", operator_id, "ticket.answered", "ticket", ticket.id)
        return ticket

    async def close(self, ticket_id: int, operator_id: int, operator_name: str) -> Ticket:
        ticket = await self._locked(ticket_id)
        if ticket.is_closed:
            raise AlreadyDecided
        ticket.status = "closed"
        ticket.operator_id, ticket.operator_name = operator_id, operator_name[:200]
        ticket.updated_at = self.clock.now()
        await self._tell_person(
            ticket,
            Payload("ticket-closed", {"number": ticket.label}),
            f"ticket:{ticket.id}:closed",
        )
        await self.audit.record("operator", operator_id, "ticket.closed", "ticket", ticket.id)
        return ticket

    async def _tell_person(self, ticket: Ticket, payload: Payload, key: str) -> None:
        profile = await self.db.session.get(Profile, ticket.profile_id)
        assert profile is not None
        await self.notifications.schedule(
            "ticket_answer", Person(profile.user_id), self.clock.now(), payload, key
        )

    async def card(self, ticket: Ticket) -> Payload:
        """The ticket's post on the desk: what it is, who (and how to reach them: the contacts
        masked, the profile's number for /find), where, the text, and its buttons (none once
        closed). Rebuilt after every action: the post shows who acted."""
        session = self.db.session
        profile = await session.get(Profile, ticket.profile_id)
        assert profile is not None
        first = await self._tickets().first_message(ticket.id)
        assert first is not None
        policies = await PolicyRepository(session).printed_numbers_of(profile.id)
        clinic = await session.get(Clinic, ticket.clinic_id) if ticket.clinic_id else None
        text = first.text if len(first.text) <= IN_POST else first.text[:IN_POST] + "…"
        buttons: list[list[Button]] = []
        if not ticket.is_closed:
            buttons = [
                [
                    Button("desk-ticket-take", Intent.DESK_TAKE_TICKET, ticket.id),
                    Button("desk-ticket-answer", Intent.DESK_ANSWER_TICKET, ticket.id),
                ],
                [Button("desk-ticket-close", Intent.DESK_CLOSE_TICKET, ticket.id)],
            ]
        return Payload(
            "desk-ticket",
            {
                "number": ticket.label,
                "kind": ticket.kind,
                "name": full_name(profile),
                "email": mask_email(profile.email),
                "phone": mask_phone(profile.phone),
                "profile": profile.id,
                "policies": ", ".join(policies) or "—",
                "clinic": f"{clinic.name}, {clinic.address}".strip(", ") if clinic else "—",
                "text": text,
                "photos": len(first.photos or []),
                "status": ticket.status,
                "operator": ticket.operator_name or "",
            },
            buttons=buttons,
            media=[Media("photo", file_id=file_id) for file_id in first.photos or []],
            apart=True,
        )

    async def post_message(self, ticket: Ticket) -> int | None:
        """The Telegram id of the ticket's post (the message with its text and buttons), once
        sent."""
        if ticket.desk_post_id is None:
            return None
        post = await self.db.session.get(ScheduledMessage, ticket.desk_post_id)
        if post is None or post.status != "sent" or not post.telegram_message_ids:
            return None  # not yet, or only its photos: a part sent is not the post
        return int(post.telegram_message_ids[-1])

    async def _post(self, ticket: Ticket) -> None:
        assert self.desk is not None
        now = self.clock.now()
        post = await self.notifications.schedule(
            "operator_post",
            Group(self.desk),
            now,
            await self.card(ticket),
            f"desk:ticket:{ticket.id}",
        )
        ticket.desk_post_id, ticket.posted_at = post, now
        first, *later = await self._tickets().messages(ticket.id)
        if len(first.text) > IN_POST:
            await self._reply(ticket, "desk-ticket-rest", {"text": first.text[IN_POST:]}, "rest")
        for message in later:  # added while the desk was off
            await self._post_follow_up(ticket, message)

    async def _reply(
        self,
        ticket: Ticket,
        key: str,
        params: dict[str, str | int],
        what: str,
        photos: list[str] | None = None,
    ) -> int | None:
        """A message on the desk answering the ticket's post."""
        assert self.desk is not None
        return await self.notifications.schedule(
            "operator_post",
            Group(self.desk),
            self.clock.now(),
            Payload(
                key,
                {"number": ticket.label, **params},
                media=[Media("photo", file_id=file_id) for file_id in photos or []],
                reply_to=ticket.desk_post_id,
            ),
            f"desk:ticket:{ticket.id}:{what}",
        )

    async def _post_follow_up(self, ticket: Ticket, message: TicketMessage) -> None:
        if self.desk is None or message.author != "person":
            return
        message.desk_post_id = await self._reply(
            ticket,
            "desk-ticket-follow-up",
            {"text": message.text},
            f"m{message.id}",
            message.photos,
        )

    async def post_waiting(self) -> int:
        """Post what waited for the desk (tickets filed while it was off); returns how many.
        Idempotent: each post has its dedupe key and a ticket is posted once."""
        if self.desk is None:
            return 0
        waiting = await self._tickets().unposted(100)
        for ticket in waiting:
            await self._post(ticket)
        return len(waiting)

    async def escalate_overdue(self) -> int:
        """One escalation on the desk for each posted ticket still waiting for its first
        answer `TICKET_SLA` after it was filed: a reply to its post naming the wait."""
        if self.desk is None:
            return 0
        now = self.clock.now()
        overdue = await self._tickets().overdue(WAITING, now - self.settings.ticket_sla, 100)
        for ticket in overdue:
            hours = int((now - ticket.created_at).total_seconds() // 3600)
            minutes = int((now - ticket.created_at).total_seconds() // 60)
            await self._reply(
                ticket, "desk-ticket-overdue", {"hours": hours, "minutes": minutes}, "overdue"
            )
            ticket.escalated_at = now
        return len(overdue)


async def export_tickets(session: AsyncSession, profile_id: int) -> list[dict[str, object]]:
    """The person's tickets for «Выгрузить мои данные»: one row per message of each thread."""
    found = await TicketRepository(session).export(profile_id)
    return [
        {
            "ticket": ticket.label,
            "kind": ticket.kind,
            "status": ticket.status,
            "clinic": clinic,
            "author": message.author,
            "text": message.text,
            "photos": len(message.photos or []),
            "at": message.created_at.isoformat(),
        }
        for ticket, message, clinic in found
    ]
