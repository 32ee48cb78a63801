"""The person's rights over their data (152-FZ): a copy of everything held, and erasure.

Erasure deletes the account and everything personal; what the law requires to keep stays without
naming them: consent records (unlinked, marked withdrawn) and the audit log (internal ids only).
The Telegram accounts the profile was recovered from go too, the desk's posts about the person are
forgotten and taken down from the operators' group, and mail to clinics naming them (sent or not)
is deleted. Their visits still to come are cancelled and stay, naming nobody (no profile, no
policy: a time at a clinic with a doctor), so that the clinics' bookings export shows them
cancelled; each clinic that may hold one is first sent a cancellation that names nobody either
(core/clinic_notices.py), and the person gets each one's calendar file (`Erased`), which the bot
sends at once: their scheduled messages go with the account. Before confirming, the person is shown
what goes besides the profile (`at_stake`). The insurer's roster (policies) stays, unlinked: it is
the employer's list, not what the person gave. Every feature that stores personal data extends
`export` and `erase`; `tests/test_erasure.py` looks for the person in every column of every table
afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from core.abroad import Abroad, export_cases
from core.audit import Audit
from core.calendar_files import CalendarFile, CalendarFiles, call_off
from core.claims import Claims
from core.clinic_notices import ClinicNotices
from core.clock import Clock
from core.copayments import Copayments
from core.family import patients_of
from core.franchise import Franchises
from core.identity import Identity
from core.letters import Letters
from core.mail_queue import MailQueue
from core.people import canonical_policy_number
from core.programmes import wording
from core.signup import Signup
from core.tickets import Tickets, export_tickets
from storage.db import Database
from storage.models import (
    ConfirmationCode,
    Consent,
    DialogueState,
    Policy,
    Profile,
    Program,
    Recovery,
    SavedPlace,
    ScheduledMessage,
    ServiceReceived,
    User,
)
from storage.repositories.appointments import CONFIRMED, AppointmentRepository
from storage.repositories.policies import PolicyRepository
from storage.repositories.tickets import TicketRepository


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def named(policy: Policy) -> str:
    """The person a policy names, as printed on it."""
    return " ".join(filter(None, (policy.last_name, policy.first_name, policy.middle_name)))


def family_members(profile: Profile, held: list[Policy]) -> list[dict[str, Any]]:
    """The family members on the account's policies (core/family.py), each with their
    policies' printed numbers."""
    printed = {policy.id: policy.printed_number for policy in held}
    return [
        {
            "last_name": member.last_name,
            "first_name": member.first_name,
            "middle_name": member.middle_name,
            "birth_date": member.birth_date.isoformat(),
            "relation": member.relation,
            "policies": [printed[key] for key in sorted(member.policy_ids)],
        }
        for member in patients_of(profile, held)
        if not member.own
    ]


@dataclass(frozen=True)
class ComingVisit:
    """A confirmed visit of the person's still to come: an erasure cancels it."""

    clinic: str
    starts_at: datetime


@dataclass(frozen=True)
class OpenTicket:
    """A ticket of the person's not closed: an erasure deletes it."""

    number: str  # «Ж-000123»
    kind: str  # complaint | gratitude
    clinic: str | None


@dataclass(frozen=True)
class AtStake:
    """What an erasure takes besides the profile, said before the person confirms it."""

    visits: list[ComingVisit]
    tickets: list[OpenTicket]
    # Guarantee letters under review or approved and still valid («Г-000123»).
    letters: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)  # open reimbursement claims, «В-000123»


@dataclass(frozen=True)
class Erased:
    """What the bot still hands the person once they are erased: for each visit the erasure
    cancelled, the file that takes it off their calendar."""

    cancelled: list[tuple[ComingVisit, CalendarFile]]


class DataRights:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        signup: Signup,
        audit: Audit,
        franchises: Franchises,
        copayments: Copayments,
        identity: Identity,
        tickets: Tickets,
        mail_queue: MailQueue,
        clinic_notices: ClinicNotices,
        calendar: CalendarFiles,
        abroad: Abroad,
        claims: Claims,
    ) -> None:
        self.abroad = abroad
        self.calendar = calendar
        self.claims = claims
        self.mail_queue = mail_queue
        self.clinic_notices = clinic_notices
        self.identity = identity
        self.tickets = tickets
        self.franchises = franchises
        self.copayments = copayments
        self.db = db
        self.clock = clock
        self.signup = signup
        self.audit = audit
        self.letters: Letters | None = None  # set by core/services.py once built

    async def export(self, user: User) -> dict[str, Any]:
        """Everything held about the person, as plain data."""
        session = self.db.session
        data: dict[str, Any] = {
            "exported_at": _iso(self.clock.now()),
            "telegram_account": {
                "telegram_id": user.telegram_id,
                "language": user.language,
                "time_zone": user.time_zone,
                "first_seen": _iso(user.created_at),
            },
            "profile": None,
        }
        profile = await self.signup.profile_of(user)
        if profile is not None:
            earlier = await self._earlier_accounts(profile, user)
            data["telegram_account"]["recovered_from"] = [a.telegram_id for a in earlier]
            document = self.signup.open_document(profile.document_encrypted)
            data["profile"] = {
                "email": profile.email,
                "phone": profile.phone,
                "last_name": profile.last_name,
                "first_name": profile.first_name,
                "middle_name": profile.middle_name,
                "birth_date": profile.birth_date.isoformat(),
                "sex": profile.sex,
                "document_type": document.type.value,
                "document": document.full(),
                "pin_set": profile.pin_hash is not None,
                "signed_up": _iso(profile.created_at),
            }
        data["policies"], data["services"], data["family"] = [], [], []
        if profile is not None:
            held = await PolicyRepository(session).of_holder_by_id(profile.id)
            data["family"] = family_members(profile, held)
            for policy in held:
                data["policies"].append(
                    {
                        "number": policy.printed_number,
                        "for": named(policy),
                        "kind": policy.kind,
                        "program": policy.program_code,
                        "program_name": wording(
                            await session.get(Program, policy.program_code),
                            policy.program_code,
                            user.language,
                        ).name,
                        "start": policy.start_date.isoformat(),
                        "end": policy.end_date.isoformat(),
                        "employer": policy.employer,
                        "terminated": policy.terminated_at is not None,
                    }
                )
                services = await session.scalars(
                    select(ServiceReceived)
                    .where(ServiceReceived.policy_number == policy.number)
                    .order_by(ServiceReceived.date)
                )
                data["services"] += [
                    {
                        "policy": policy.printed_number,
                        "date": s.date.isoformat(),
                        "clinic": s.clinic_external_id,
                        "service": s.service,
                        "cost": str(s.cost),
                    }
                    for s in services
                ]
        data["saved_places"] = []
        if profile is not None:
            data["saved_places"] = [
                {"place": p.label, "lat": p.lat, "lon": p.lon, "saved_at": _iso(p.saved_at)}
                for p in await session.scalars(
                    select(SavedPlace)
                    .where(SavedPlace.profile_id == profile.id)
                    .order_by(SavedPlace.id)
                )
            ]
        data["visits"] = []
        if profile is not None:
            visits = await AppointmentRepository(session).all_with_places(profile.id)
            for a, s, c in visits:
                on = await session.get(Policy, a.policy_id) if a.policy_id else None
                data["visits"].append(
                    {
                        "starts_at": _iso(a.starts_at),
                        "policy": None if on is None else on.printed_number,
                        "clinic": c.name,
                        "specialty": s.specialty,
                        "doctor": s.doctor,
                        "status": a.status,
                        "booked_at": _iso(a.created_at),
                    }
                )
        data["tickets"] = [] if profile is None else await export_tickets(session, profile.id)
        data["identity_checks"] = [] if profile is None else await self.identity.export(profile)
        data["abroad_cases"] = [] if profile is None else await export_cases(session, profile.id)
        payment = {} if profile is None else await self.franchises.export(profile)
        data["card"] = payment.get("card")
        data["franchises"] = payment.get("franchises", [])
        data["charges"] = [] if profile is None else await self.copayments.export(profile)
        consents = await session.scalars(
            select(Consent).where(Consent.user_id == user.id).order_by(Consent.id)
        )
        data["consents"] = [
            {"document": c.document, "version": c.version, "accepted_at": _iso(c.accepted_at)}
            for c in consents
        ]
        messages = await session.scalars(
            select(ScheduledMessage)
            .where(ScheduledMessage.user_id == user.id)
            .order_by(ScheduledMessage.id)
        )
        data["messages"] = [
            {
                "kind": m.kind,
                "due_at": _iso(m.due_at),
                "status": m.status,
                "text": m.payload.get("text"),
                "parameters": m.payload.get("params"),
            }
            for m in messages
        ]
        data["clinic_mail"] = [] if profile is None else await self.mail_queue.export(profile.id)
        data["letters"] = []
        if profile is not None and self.letters is not None:
            data["letters"] = await self.letters.export_of(profile)
        data["audit"] = [
            {"at": _iso(e.at), "action": e.action, "object": e.object_type}
            for e in await self.audit.of_actor("person", user.id)
        ]
        data["claims"] = [] if profile is None else await self.claims.export(profile)
        for section in ("services", "visits", "letters", "claims", "abroad_cases"):
            await self._say_for_whom(data[section])
        await self.audit.record("person", user.id, "data.export", "user", user.id)
        return data

    async def _say_for_whom(self, rows: list[dict[str, Any]]) -> None:
        """Each row naming a policy (its printed number) says whom it was for: the person the
        policy names, the account's own or a family member (core/family.py)."""
        session = self.db.session
        names: dict[str, str | None] = {}
        for row in rows:
            printed = row.get("policy")
            if not printed:
                continue
            if printed not in names:
                number = canonical_policy_number(str(printed))
                policy = await session.scalar(select(Policy).where(Policy.number == number))
                names[printed] = None if policy is None else named(policy)
            row["for"] = names[printed]

    async def at_stake(self, user: User) -> AtStake:
        """The person's confirmed visits still to come, their tickets not closed, their
        guarantee letters in force or under review and their reimbursement claims not decided."""
        session = self.db.session
        profile = await self.signup.profile_of(user)
        if profile is None:
            return AtStake([], [])
        visits = await AppointmentRepository(session).with_places(
            profile.id, self.clock.now(), past=False
        )
        tickets = await TicketRepository(session).open_of(profile.id)
        letters = [] if self.letters is None else await self.letters.at_stake(profile)
        return AtStake(
            [ComingVisit(c.name, a.starts_at) for a, _s, c in visits if a.status == CONFIRMED],
            [OpenTicket(ticket.label, ticket.kind, clinic) for ticket, clinic in tickets],
            letters,
            [claim.label for claim in await self.claims.open_of(profile)],
        )

    async def erase(self, user: User) -> Erased:
        """Erase the person: the account goes, and with it everything that names them."""
        session = self.db.session
        cancelled: list[tuple[ComingVisit, CalendarFile]] = []
        profile = await self.signup.profile_of(user)
        if profile is not None:  # asks the provider: before anything is written
            await self.copayments.settle(profile)  # what is in flight, while the card is there
            await self.franchises.forget_card(profile)
        await self.audit.record("person", user.id, "data.erase", "user", user.id)
        accounts = [user]
        if profile is not None:
            accounts += await self._earlier_accounts(profile, user)
            await self.tickets.forget(profile)
            await self.abroad.forget(profile)
            await self.identity.forget(profile)
            if self.letters is not None:
                await self.letters.forget(profile)  # the letters go with the profile (cascade)
            await self.claims.forget(profile)
            await self.franchises.erase(profile)
            await self.copayments.anonymise(profile)
            # Each clinic that may hold one of their visits to come is told, without their name,
            # before the mail naming them (sent or not) is deleted and the visits are cancelled.
            await self.clinic_notices.erased(profile.id, self.clock.now())
            await self.mail_queue.forget(profile.id)
            cancelled = await self._cancel_visits(profile, user.language)
            # The family members' policies (and the person's own) go back to the roster,
            # unheld; nothing says any more whose family member anyone was, so a later holder
            # does not inherit it.
            await session.execute(
                update(Policy)
                .where(Policy.holder_profile_id == profile.id)
                .values(holder_profile_id=None, member_relation=None)
            )
            # Saved places, past visits, tickets, abroad cases, identity checks, claims and
            # recoveries go with the profile (ON DELETE CASCADE).
            await session.delete(profile)
        for account in accounts:
            await self._forget_account(account)
        await session.flush()
        return Erased(cancelled)

    async def _cancel_visits(
        self, profile: Profile, language: str | None
    ) -> list[tuple[ComingVisit, CalendarFile]]:
        """The person's visits still to come stay, naming nobody, for the clinics' export: the
        confirmed ones cancelled (their slots free again), each with its calendar file."""
        now = self.clock.now()
        cancelled = []
        coming = await AppointmentRepository(self.db.session).with_places(
            profile.id, now, past=False
        )
        for visit, slot, clinic in coming:
            if visit.status == CONFIRMED:
                call_off(visit, "cancelled", now)
                file = self.calendar.file(language, visit, slot, clinic)
                cancelled.append((ComingVisit(clinic.name, visit.starts_at), file))
            visit.profile_id = visit.policy_id = None
        await self.db.session.flush()  # before the profile's delete cascades to its visits
        return cancelled

    async def _earlier_accounts(self, profile: Profile, user: User) -> list[User]:
        """The Telegram accounts the profile was recovered from, unless one holds a profile of
        its own by now."""
        earlier = await self.db.session.scalars(
            select(User)
            .join(Recovery, Recovery.from_user_id == User.id)
            .where(
                Recovery.profile_id == profile.id,
                User.id != user.id,
                ~select(Profile.id).where(Profile.user_id == User.id).exists(),
            )
            .distinct()
        )
        return list(earlier.all())

    async def _forget_account(self, account: User) -> None:
        """A Telegram account goes, with its codes and dialogue state; its consents stay on record,
        unlinked and withdrawn; its scheduled messages go with it (ON DELETE CASCADE)."""
        session = self.db.session
        await session.execute(
            update(Consent)
            .where(Consent.user_id == account.id)
            .values(user_id=None, withdrawn_at=self.clock.now())
        )
        await session.execute(
            delete(ConfirmationCode).where(ConfirmationCode.user_id == account.id)
        )
        # Dialogue state keys name the chat and the person: fsm:<bot>:<chat>:<user>:<destiny>.
        await session.execute(
            delete(DialogueState).where(
                or_(
                    DialogueState.key.contains(f":{account.telegram_id}:"),
                    DialogueState.key.endswith(f":{account.telegram_id}"),
                )
            )
        )
        await session.delete(account)
