"""Mail to a clinic about a visit booked (`new`), moved there (`moved`), cancelled by the person
(`cancelled`) or cancelled because the policy changed holder (`released`).

The mail is queued in the caller's unit of work (core/mail_queue.py) and sent after it committed:
a slow mail server never holds the transaction, and a visit cancelled inside a larger change (an
identity decision, /unlink) is reported like any other. A clinic without an `email` is not
mailed; every clinic also has `dmsbot export bookings`.

Erasing a person deletes every mail naming them, sent or not; their visits still to come stay,
cancelled and naming nobody, in the bookings export (core/data_rights.py). So that no clinic
keeps a visit it is not told of, `erased` first queues a cancellation naming nobody (date, time,
doctor, specialty: no more than the clinic's own cancellation notice says of the visit, and
nothing of the person) for each of their visits still to come that the clinic may still hold:
one still booked, or one whose notice (its cancellation, say) is still to go and would go with
the rest, or one moved while a notice to its clinic is still to go (sent twice at worst). It is
tied to no profile, so it outlives them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from core.family import patient_of
from core.i18n import Catalogue, Translator
from core.mail_queue import MailQueue
from core.outbox import Mail
from storage.db import Database
from storage.models import Appointment, Clinic, Profile, Slot
from storage.repositories.appointments import AppointmentRepository
from storage.repositories.policies import PolicyRepository

if TYPE_CHECKING:  # core.slots → core.importing → core.policies → core.holders → here
    from core.slots import Slots

KIND = "clinic-visit"


class ClinicNotices:
    def __init__(self, db: Database, slots: Slots, catalogue: Catalogue, queue: MailQueue) -> None:
        self.db = db
        self.slots = slots
        self.queue = queue
        self.texts = Translator(catalogue, "ru")  # clinics are written to in Russian

    async def visit(self, visit: Appointment, what: str) -> None:
        session = self.db.session
        slot = await session.get(Slot, visit.slot_id)
        assert slot is not None  # foreign keys, all of them
        clinic = await session.get(Clinic, slot.clinic_id)
        assert clinic is not None
        if not clinic.email:
            return
        person = await session.get(Profile, visit.profile_id)
        policy = await PolicyRepository(session).get(visit.policy_id)
        assert person is not None
        assert policy is not None
        local = slot.starts_at.astimezone(self.slots.zone_of(clinic))
        patient = patient_of(policy, person)  # a family member's visit names the member
        assert patient is not None
        names = (patient.last_name, patient.first_name, patient.middle_name)
        name = " ".join(p for p in names if p)
        _ = self.texts
        params = {
            "what": _.plain(f"booking-clinic-{what}"),
            "date": local.strftime("%d.%m.%Y"),
            "time": local.strftime("%H:%M"),
            "specialty": slot.specialty,
            "doctor": slot.doctor,
            "name": name,
            "birth_date": patient.birth_date.strftime("%d.%m.%Y"),
            "policy": policy.printed_number,
        }
        mail = Mail(
            to=clinic.email,
            subject=_.plain("booking-clinic-subject", **params),
            text=_.plain("booking-clinic-text", **params),
        )
        await self.queue.put(mail, kind=KIND, about=person.id, visit=visit.id)

    async def erased(self, profile_id: int, now: datetime) -> None:
        """Before the person is erased (caller's unit of work): a cancellation naming nobody for
        each of their visits after `now` the clinic may still hold."""
        unsent = await self.queue.unsent_about(profile_id)
        visits = await AppointmentRepository(self.db.session).after_at_mailed_clinics(
            profile_id, now
        )
        _ = self.texts
        for visit, slot, clinic in visits:
            assert clinic.email is not None
            # Still booked; or its notice (a cancellation, say) is still to go and goes with the
            # person; or moved, and the clinic may not have been told yet («moved» reports the
            # new visit, and says the old time is free).
            if not (
                visit.status == "confirmed"
                or any(about == visit.id for about, _to in unsent)
                or (visit.status == "rescheduled" and any(to == clinic.email for _id, to in unsent))
            ):
                continue
            local = slot.starts_at.astimezone(self.slots.zone_of(clinic))
            params = {
                "what": _.plain("booking-clinic-cancelled-nameless"),
                "date": local.strftime("%d.%m.%Y"),
                "time": local.strftime("%H:%M"),
                "specialty": slot.specialty,
                "doctor": slot.doctor,
            }
            mail = Mail(
                to=clinic.email,
                subject=_.plain("booking-clinic-subject", **params),
                text=_.plain("booking-clinic-text-nameless", **params),
            )
            await self.queue.put(mail, kind=KIND, about=None)
