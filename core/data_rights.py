"""The person's rights over their data (152-FZ): a copy of everything held, and erasure.

Erasure deletes the account and everything personal; what the law requires to keep stays without
naming them: consent records (unlinked, marked withdrawn) and the audit log (internal ids only).
The Telegram accounts the profile was recovered from go too, the desk's posts about the person are
forgotten and taken down from the operators' group, and mail to clinics naming them (sent or not)
is deleted; each clinic holding one of their visits still to come is first sent a cancellation that
names nobody (core/clinic_notices.py), since the visits go with the profile. The insurer's roster
(policies) stays, unlinked: it is the employer's list, not what the person gave. Every feature that
stores personal data extends `export` and `erase`; `tests/test_erasure.py` looks for the person in
every column of every table afterwards.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from core.audit import Audit
from core.clinic_notices import ClinicNotices
from core.clock import Clock
from core.copayments import Copayments
from core.franchise import Franchises
from core.i18n import Translator
from core.identity import Identity
from core.mail_queue import MailQueue
from core.signup import Signup
from core.tickets import Tickets, export_tickets
from storage.db import Database
from storage.models import (
    ConfirmationCode,
    Consent,
    DialogueState,
    Profile,
    Recovery,
    SavedPlace,
    ScheduledMessage,
    ServiceReceived,
    User,
)
from storage.repositories.appointments import AppointmentRepository
from storage.repositories.policies import PolicyRepository


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


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
    ) -> None:
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
        data["policies"], data["services"] = [], []
        if profile is not None:
            held = await PolicyRepository(session).of_holder_by_id(profile.id)
            for policy in held:
                data["policies"].append(
                    {
                        "number": policy.printed_number,
                        "kind": policy.kind,
                        "program": policy.program_code,
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
            data["visits"] = [
                {
                    "starts_at": _iso(a.starts_at),
                    "clinic": c.name,
                    "specialty": s.specialty,
                    "doctor": s.doctor,
                    "status": a.status,
                    "booked_at": _iso(a.created_at),
                }
                for a, s, c in visits
            ]
        data["tickets"] = [] if profile is None else await export_tickets(session, profile.id)
        data["identity_checks"] = [] if profile is None else await self.identity.export(profile)
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
        data["audit"] = [
            {"at": _iso(e.at), "action": e.action, "object": e.object_type}
            for e in await self.audit.of_actor("person", user.id)
        ]
        await self.audit.record("person", user.id, "data.export", "user", user.id)
        return data

    async def erase(self, user: User) -> None:
        """Erase the person: the account goes, and with it everything that names them."""
        session = self.db.session
        profile = await self.signup.profile_of(user)
        if profile is not None:  # asks the provider: before anything is written
            await self.copayments.settle(profile)  # what is in flight, while the card is there
            await self.franchises.forget_card(profile)
        await self.audit.record("person", user.id, "data.erase", "user", user.id)
        accounts = [user]
        if profile is not None:
            accounts += await self._earlier_accounts(profile, user)
            await self.tickets.forget(profile)
            await self.identity.forget(profile)
            await self.franchises.erase(profile)
            await self.copayments.anonymise(profile)
            # Their visits to come go with the profile below: each clinic that may hold one is
            # told, without their name, before the mail naming them (sent or not) is deleted.
            await self.clinic_notices.erased(profile.id, self.clock.now())
            await self.mail_queue.forget(profile.id)
            # Saved places, visits, tickets, identity checks and recoveries go with the profile
            # (ON DELETE CASCADE); a visit's slot is free again.
            await session.delete(profile)
        for account in accounts:
            await self._forget_account(account)
        await session.flush()

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


LABELS = (
    ("telegram_account", "data-section-account"),
    ("profile", "data-section-profile"),
    ("policies", "data-section-policies"),
    ("services", "data-section-services"),
    ("saved_places", "data-section-places"),
    ("visits", "data-section-visits"),
    ("tickets", "data-section-tickets"),
    ("identity_checks", "data-section-identity"),
    ("card", "data-section-card"),
    ("franchises", "data-section-franchises"),
    ("charges", "data-section-charges"),
    ("consents", "data-section-consents"),
    ("messages", "data-section-messages"),
    ("clinic_mail", "data-section-clinic-mail"),
    ("audit", "data-section-audit"),
)


def render_html(data: dict[str, Any], _: Translator) -> str:
    """The same data as a page a person can read in any browser."""

    def cell(value: Any) -> str:
        return "—" if value is None else html.escape(str(value))

    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(_.plain('data-export-title'))}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;"
        "text-align:left}</style></head><body>",
        f"<h1>{html.escape(_.plain('data-export-title'))}</h1>",
        f"<p>{html.escape(_.plain('data-export-when', when=str(data['exported_at'])))}</p>",
    ]
    for key, label in LABELS:
        value = data.get(key)
        parts.append(f"<h2>{html.escape(_.plain(label))}</h2>")
        if not value:
            parts.append("<p>—</p>")
        elif isinstance(value, dict):
            rows = "".join(
                f"<tr><th>{cell(k)}</th><td>{cell(v)}</td></tr>" for k, v in value.items()
            )
            parts.append(f"<table>{rows}</table>")
        else:
            header = "".join(f"<th>{cell(k)}</th>" for k in value[0])
            rows = "".join(
                "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in item.values()) + "</tr>"
                for item in value
            )
            parts.append(f"<table><tr>{header}</tr>{rows}</table>")
    parts.append("</body></html>")
    return "".join(parts)
