"""Booking a visit: free days and times, an atomic confirmation, cancelling and rescheduling.

The database keeps the one rule that races decide: at most one confirmed visit per slot (a partial
unique index, `storage/models/booking.py`). Confirming inserts the visit inside a savepoint; when
someone else's insert won, the unique index refuses ours and the person hears «это время только
что заняли» — never "check, then insert". The person's own rules (at most five future visits, no
two at overlapping times) are checked in the same transaction; one person's updates are handled
one at a time (the dispatcher's per-person ordering). Reminders are scheduled in the same
transaction as the visit, and cancelled with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from core.calendar_files import CalendarFiles, call_off, carry_over
from core.clinic_notices import ClinicNotices
from core.clinics import specialties_of
from core.clock import Clock, local_today
from core.family import Family, Patient, patient_of, person_of
from core.franchise import Franchises, Gate
from core.notifications import Button, Intent, Notifications, Payload, Person
from core.policies import PolicyState, state_of
from core.slots import Slots
from core.specialties import alphabetical
from storage.db import Database
from storage.models import Appointment, Clinic, Policy, Profile, Slot
from storage.repositories.appointments import CONFIRMED, AppointmentRepository
from storage.repositories.policies import PolicyRepository

MAX_FUTURE_VISITS = 5
EXPORT_COLUMNS = [
    "clinic_external_id", "starts_at", "specialty", "doctor", "last_name", "first_name",
    "middle_name", "birth_date", "policy_number", "status", "updated_at",
]  # fmt: skip


class Outcome(StrEnum):
    BOOKED = "booked"
    TAKEN = "taken"  # someone else confirmed it first
    GONE = "gone"  # no such slot, withdrawn, past, beyond the horizon, or no online booking
    NOT_COVERED = "not-covered"  # no ДМС policy in force on that day whose programme covers it
    OVERLAP = "overlap"  # the person has a visit at that time
    LIMIT = "limit"  # five future visits already
    NEEDS_FRANCHISE = "needs-franchise"  # a co-payment policy with no franchise set up
    FRANCHISE_WAIT = "franchise-wait"  # a card just bound: the clinics are not reachable yet


# Free time (`Booking._window`: from `now` to `until`, the horizon): not withdrawn, not taken.
# The queries of the booking's steps are built once: building one took as long as running it.
_FREE = (
    Slot.withdrawn_at.is_(None),
    Slot.starts_at > bindparam("now"),
    Slot.starts_at <= bindparam("until"),
    ~AppointmentRepository.slot_taken(),
)
_OF_CLINIC = Slot.clinic_id == bindparam("clinic_id")
_OF_SPECIALTY = Slot.specialty == bindparam("specialty")
_SPECIALTIES = select(Slot.specialty).where(_OF_CLINIC, *_FREE).distinct()
_DOCTORS = (
    select(Slot.doctor).where(_OF_CLINIC, _OF_SPECIALTY, *_FREE).distinct().order_by(Slot.doctor)
)
_FREE_SLOTS = (
    select(Slot)
    .where(_OF_CLINIC, _OF_SPECIALTY, Slot.doctor == bindparam("doctor"), *_FREE)
    .order_by(Slot.starts_at)
)
_FREE_SLOTS_ON_DAY = _FREE_SLOTS.where(
    Slot.starts_at >= bindparam("begin"), Slot.starts_at < bindparam("end")
)


@dataclass(frozen=True)
class BookResult:
    outcome: Outcome
    visit: Appointment | None = None
    policy: Policy | None = None  # the policy a franchise outcome is about
    gate: Gate | None = None  # and what is missing, or until when its clinics are not reachable


@dataclass(frozen=True)
class NotReady:
    """A ДМС policy of the person's in force whose clinics cannot be booked yet, and why."""

    policy: Policy
    gate: Gate


@dataclass(frozen=True)
class Reach:
    """What the person may book now: the programmes of their ДМС policies in force whose
    clinics may be booked (`programs`), and the policies whose co-payment programme is not
    ready (`not_ready`: what is missing, or until when to wait)."""

    programs: set[str]
    not_ready: list[NotReady]


@dataclass(frozen=True)
class Visit:
    """A visit as the person sees it."""

    appointment: Appointment
    slot: Slot
    clinic: Clinic


class Booking:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        notifications: Notifications,
        slots: Slots,
        horizon: timedelta,
        reminder_offsets: list[timedelta],
        clinic_notices: ClinicNotices,
        franchises: Franchises,
        calendar: CalendarFiles,
        family: Family,
    ) -> None:
        self.family = family
        self.calendar = calendar
        self.franchises = franchises
        self.clinic_notices = clinic_notices
        self.db = db
        self.clock = clock
        self.notifications = notifications
        self.slots = slots
        self.horizon = horizon
        self.reminder_offsets = reminder_offsets

    def _visits(self) -> AppointmentRepository:
        return AppointmentRepository(self.db.session)

    # -- what is free ---------------------------------------------------------------------

    def zone_of(self, clinic: Clinic) -> tzinfo:
        return self.slots.zone_of(clinic)

    def local(self, slot: Slot, clinic: Clinic) -> datetime:
        """The slot's start on the clinic's wall clock."""
        return slot.starts_at.astimezone(self.zone_of(clinic))

    def bookable_days(self, clinic: Clinic) -> tuple[date, date]:
        """Today and the last day within BOOKING_HORIZON, in the clinic's time zone."""
        now, zone = self.clock.now(), self.zone_of(clinic)
        return now.astimezone(zone).date(), (now + self.horizon).astimezone(zone).date()

    async def slot(self, slot_id: int) -> Slot | None:
        return await self.db.session.get(Slot, slot_id)

    def _window(self) -> dict[str, datetime]:
        """The parameters of `_FREE`: free time from now to the horizon."""
        now = self.clock.now()
        return {"now": now, "until": now + self.horizon}

    async def specialties(self, clinic: Clinic, locale: str) -> list[str]:
        """The clinic's specialties (`specialties_of`: what the filter finds it by) that have
        free time, alphabetically for a reader of `locale`."""
        free = await self.db.session.scalars(
            _SPECIALTIES, {"clinic_id": clinic.id, **self._window()}
        )
        having = set(free)
        return alphabetical(locale, [name for name in specialties_of(clinic) if name in having])

    async def doctors(self, clinic: Clinic, specialty: str) -> list[str]:
        found = await self.db.session.scalars(
            _DOCTORS, {"clinic_id": clinic.id, "specialty": specialty, **self._window()}
        )
        return list(found)

    async def free_slots(
        self, clinic: Clinic, specialty: str, doctor: str, day: date | None = None
    ) -> list[Slot]:
        """The doctor's free slots (of one day of the clinic's, when given), earliest first."""
        values: dict[str, Any] = {
            "clinic_id": clinic.id,
            "specialty": specialty,
            "doctor": doctor,
            **self._window(),
        }
        if day is None:
            return list(await self.db.session.scalars(_FREE_SLOTS, values))
        begin = datetime.combine(day, time.min, tzinfo=self.slots.zone_of(clinic))
        values |= {"begin": begin, "end": begin + timedelta(days=1)}
        return list(await self.db.session.scalars(_FREE_SLOTS_ON_DAY, values))

    async def free_days(self, clinic: Clinic, specialty: str, doctor: str) -> list[date]:
        """The clinic's days on which the doctor has a free slot, within the horizon."""
        zone = self.slots.zone_of(clinic)
        starts = await self.free_slots(clinic, specialty, doctor)
        return sorted({slot.starts_at.astimezone(zone).date() for slot in starts})

    # -- booking --------------------------------------------------------------------------

    async def reach(self, profile: Profile, patient: Patient | None = None) -> Reach:
        """The booking's first step: whose clinics the person may book now for `patient` (the
        account's own person or a family member: their policies only), and which co-payment
        policies wait for something (`Franchises.gate`, the check `book` makes again)."""
        today = local_today(self.clock, self.slots.zone)
        programs: set[str] = set()
        not_ready = []
        patient = patient or await self.family.own(profile)
        held = await PolicyRepository(self.db.session).dms_of(profile.id, patient.policy_ids)
        for policy in held:
            if state_of(policy, today) is not PolicyState.ACTIVE:
                continue
            gate = await self.franchises.gate(policy)
            if gate is None:
                programs.add(policy.program_code)
            else:
                not_ready.append(NotReady(policy, gate))
        return Reach(programs, not_ready)

    async def book(
        self,
        profile: Profile,
        slot_id: int,
        *,
        replacing: Appointment | None = None,
        patient: Patient | None = None,
    ) -> BookResult:
        """Confirm the slot for `patient` (by default the account's own person) under one of
        their policies the account holds; with
        `replacing`, move that visit here in one step (it stays as it was when this slot is
        taken meanwhile). The limits are each person's: a family member's visits count apart
        from the account's own person's."""
        session, now = self.db.session, self.clock.now()
        slot = await session.get(Slot, slot_id)
        clinic = await session.get(Clinic, slot.clinic_id) if slot is not None else None
        if (
            slot is None
            or clinic is None
            or not clinic.online_booking
            or slot.withdrawn_at is not None
            or not now < slot.starts_at <= now + self.horizon
        ):
            return BookResult(Outcome.GONE)
        patient = patient or await self.family.own(profile)
        covering = await self._covering(profile, patient, clinic, slot)
        if covering is None:
            return BookResult(Outcome.NOT_COVERED)
        policy, gate = covering
        if gate is not None:  # the card unbound since the first step, say
            waiting = gate.reason == "wait"
            outcome = Outcome.FRANCHISE_WAIT if waiting else Outcome.NEEDS_FRANCHISE
            return BookResult(outcome, policy=policy, gate=gate)
        ends = slot.starts_at + timedelta(minutes=slot.duration_min)
        own = [
            visit
            for visit in await self.upcoming(profile, patient)
            if replacing is None or visit.id != replacing.id
        ]
        if len(own) >= MAX_FUTURE_VISITS:
            return BookResult(Outcome.LIMIT)
        if any(v.starts_at < ends and slot.starts_at < v.ends_at for v in own):
            return BookResult(Outcome.OVERLAP)
        visit = Appointment(
            profile_id=profile.id,
            slot_id=slot.id,
            policy_id=policy.id,
            status=CONFIRMED,
            starts_at=slot.starts_at,
            ends_at=ends,
            created_at=now,
            updated_at=now,
        )
        if replacing is not None:
            carry_over(replacing, visit)  # the same calendar event, moved
        try:
            async with session.begin_nested():
                session.add(visit)
        except IntegrityError:
            return BookResult(Outcome.TAKEN)
        if replacing is not None:
            replacing.status, replacing.updated_at = "rescheduled", now
            await self.notifications.cancel(group=f"visit:{replacing.id}")
        await self._remind(profile, patient, visit, slot, clinic)
        return BookResult(Outcome.BOOKED, visit)

    async def policy_for(
        self, profile: Profile, patient: Patient, clinic: Clinic, slot: Slot
    ) -> Policy | None:
        """The policy the visit would be booked under (`_covering`)."""
        covering = await self._covering(profile, patient, clinic, slot)
        return covering[0] if covering is not None else None

    async def _covering(
        self, profile: Profile, patient: Patient, clinic: Clinic, slot: Slot
    ) -> tuple[Policy, Gate | None] | None:
        """A ДМС policy of the patient's the account holds, in force today and on the visit's
        day, whose programme covers the clinic: one whose clinics may be booked when there is
        one, else the first, with why its clinics may not be booked yet. None: no such policy."""
        zone = self.slots.zone_of(clinic)
        today = local_today(self.clock, zone)
        visit_day = slot.starts_at.astimezone(zone).date()
        found = await PolicyRepository(self.db.session).dms_covering(
            profile.id, clinic.id, patient.policy_ids
        )
        first: tuple[Policy, Gate | None] | None = None
        for policy in found:
            if state_of(policy, today) is not PolicyState.ACTIVE or visit_day > policy.end_date:
                continue
            gate = await self.franchises.gate(policy)
            if gate is None:
                return policy, None
            first = first or (policy, gate)
        return first

    async def _remind(
        self, profile: Profile, patient: Patient, visit: Appointment, slot: Slot, clinic: Clinic
    ) -> None:
        await self.db.session.flush()  # the visit's id
        now, zone = self.clock.now(), self.slots.zone_of(clinic)
        local = slot.starts_at.astimezone(zone)
        params = {
            "clinic": clinic.name,
            "address": clinic.address or f"{clinic.lat:.5f}, {clinic.lon:.5f}",
            "doctor": slot.doctor,
            "specialty": slot.specialty,
            "date": local.strftime("%d.%m.%Y"),
            "time": local.strftime("%H:%M"),
        }
        # A family member's visit says whose it is.
        text = "booking-reminder" if patient.own else "booking-reminder-for"
        if not patient.own:
            params["patient"] = patient.first_name
        buttons = [
            [
                Button("booking-cancel", Intent.CANCEL_VISIT, visit.id),
                Button("booking-move", Intent.MOVE_VISIT, visit.id),
            ]
        ]
        for offset in self.reminder_offsets:
            due = slot.starts_at - offset
            if due <= now:
                continue
            hours = int(offset.total_seconds() // 3600)
            await self.notifications.schedule(
                "visit_reminder",
                Person(profile.user_id),
                due,
                Payload(text, {**params, "hours": hours}, buttons),
                f"visit-reminder:{visit.id}:{int(offset.total_seconds())}",
                group=f"visit:{visit.id}",
                expires_at=slot.starts_at,
            )

    async def cancel(self, profile: Profile, visit_id: int) -> Appointment | None:
        """The person's own confirmed future visit, cancelled (its slot free again, its
        reminders gone); None when there is no such visit of theirs."""
        visit = await self.owned(profile, visit_id)
        if visit is None or visit.status != CONFIRMED or visit.starts_at <= self.clock.now():
            return None
        call_off(visit, "cancelled", self.clock.now())
        await self.notifications.cancel(group=f"visit:{visit.id}")
        return visit

    # -- the person's visits --------------------------------------------------------------

    async def owned(self, profile: Profile, visit_id: int) -> Appointment | None:
        return await self._visits().owned(profile.id, visit_id)

    async def holding(
        self, profile: Profile, slot_id: int
    ) -> tuple[Appointment, Slot, Clinic] | None:
        """The person's confirmed, upcoming visit on this slot, with its slot and clinic (a
        confirmation pressed again)."""
        return await self._visits().holding(profile.id, slot_id, self.clock.now())

    async def upcoming(self, profile: Profile, patient: Patient | None = None) -> list[Appointment]:
        """The account's confirmed visits to come: `patient`'s only, when given."""
        found = await self._visits().upcoming(profile.id, self.clock.now())
        if patient is None:
            return found
        return [visit for visit in found if visit.policy_id in patient.policy_ids]

    async def visits(
        self, profile: Profile, *, past: bool, patient: Patient | None = None
    ) -> list[Visit]:
        """The account's visits with their places: `patient`'s only, when given."""
        rows = await self._visits().with_places(profile.id, self.clock.now(), past=past)
        if patient is None:
            return [Visit(a, s, c) for a, s, c in rows]
        policies = PolicyRepository(self.db.session)
        held = {policy.id for policy in await policies.of_holder(profile.id)}

        async def is_theirs(visit: Appointment) -> bool:
            if visit.policy_id in patient.policy_ids:
                return True
            if visit.policy_id in held:  # another's of the family
                return False
            # A policy the account no longer holds (unlinked, taken over): the visit is whose
            # its policy names.
            policy = await policies.get(visit.policy_id)
            named = patient_of(policy, profile)
            if patient.own:
                return named is profile
            return policy is not None and named is policy and person_of(policy) == patient.person

        return [Visit(a, s, c) for a, s, c in rows if await is_theirs(a)]

    async def clinic_of(self, slot: Slot) -> Clinic:
        clinic = await self.db.session.get(Clinic, slot.clinic_id)
        assert clinic is not None  # a slot's clinic is a foreign key
        return clinic

    async def policy_holds(self, visit: Visit) -> bool:
        """The visit's policy is in force today and still on the visit's day: else the visit is
        kept but flagged to the person (a terminated or expired policy)."""
        policy = await PolicyRepository(self.db.session).get(visit.appointment.policy_id)
        zone = self.zone_of(visit.clinic)
        today = self.clock.now().astimezone(zone).date()
        day = visit.slot.starts_at.astimezone(zone).date()
        return (
            policy is not None
            and state_of(policy, today) is PolicyState.ACTIVE
            and day <= policy.end_date
        )

    async def tell_clinic(self, visit: Appointment, what: str) -> None:
        """Queue a mail to the clinic (core/clinic_notices.py): `new`, `moved` or `cancelled`."""
        await self.clinic_notices.visit(visit, what)

    async def export(self, clinic: str | None, since: date | None) -> list[dict[str, str]]:
        """Visits for the clinics (`dmsbot export bookings`), in EXPORT_COLUMNS, by start: every
        status, so that a clinic also learns of cancellations; `since`: changed on or after. A
        visit cancelled by its person's erasure names nobody: the clinic knows it by its time
        and doctor. A family member's visit names the member (`core.family.patient_of`)."""
        rows = []
        for visit, slot, place, account, policy in await self._visits().for_clinics(clinic, since):
            person = patient_of(policy, account)  # a family member's visit names the member
            rows.append(
                {
                    "clinic_external_id": place.external_id,
                    "starts_at": self.local(slot, place)
                    .replace(tzinfo=None)
                    .isoformat(timespec="minutes"),
                    "specialty": slot.specialty,
                    "doctor": slot.doctor,
                    "last_name": person.last_name if person else "",
                    "first_name": person.first_name if person else "",
                    "middle_name": (person.middle_name if person else None) or "",
                    "birth_date": person.birth_date.isoformat() if person else "",
                    "policy_number": policy.printed_number if policy else "",
                    "status": visit.status,
                    "updated_at": visit.updated_at.isoformat(timespec="seconds"),
                }
            )
        return rows
