"""The person's calendar files of their visits (core/visit_ics.py builds them).

A visit's event has one UID for life, `visit-<calendar id>@<domain>`: the id of the visit first
booked, carried over to the visit a move books (`Appointment.calendar_id`), so that the phone moves
the event instead of keeping both. Its SEQUENCE is stored (`Appointment.calendar_sequence`): one
more than the visit it replaced on a move, one more on the cancellation; it never goes down, and a
restart changes nothing.

The bot sends the file itself when the person books, moves or cancels, and when an erasure
cancels their visits (their scheduled messages go with their account, so nothing could carry it
later); a cancellation the person learns of by a notification (the clinic withdrew the time, the
policy went to another holder) carries the file from disk (`DATA_DIR/calendar/`), written in the
person's language when the notification is scheduled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.i18n import DEFAULT_LOCALE, Catalogue, Translator
from core.notifications import Media
from storage.db import Database
from storage.models import Appointment, Clinic, Slot, User
from storage.repositories.appointments import CONFIRMED

FOLDER = "calendar"  # under DATA_DIR


def calendar_id(visit: Appointment) -> int:
    """The id the visit's event is named by: the first visit's of a chain of moves."""
    return visit.calendar_id if visit.calendar_id is not None else visit.id


def carry_over(replacing: Appointment, visit: Appointment) -> None:
    """`visit` replaces `replacing` (a move): the same event, one change later."""
    visit.calendar_id = calendar_id(replacing)
    visit.calendar_sequence = replacing.calendar_sequence + 1


def call_off(visit: Appointment, status: str, now: datetime) -> None:
    """A confirmed visit no longer happens (`cancelled`, `withdrawn`): its event's last change."""
    visit.status, visit.updated_at = status, now
    visit.calendar_sequence += 1


@dataclass(frozen=True)
class CalendarFile:
    """A visit's file, for the bot to send itself (`CalendarFiles.file`)."""

    filename: str
    content: bytes = field(repr=False)


class CalendarFiles:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        catalogue: Catalogue,
        data_dir: Path,
        base_url: str,
        zone: tzinfo,
    ) -> None:
        self.db = db
        self.clock = clock
        self.catalogue = catalogue
        self.data_dir = data_dir
        self.domain = urlsplit(base_url).hostname or "dms-assistant"
        self.zone = zone  # TIMEZONE: for clinics without their own

    def zone_of(self, clinic: Clinic) -> tzinfo:
        return ZoneInfo(clinic.timezone) if clinic.timezone else self.zone

    def uid(self, visit: Appointment) -> str:
        return f"visit-{calendar_id(visit)}@{self.domain}"

    @staticmethod
    def filename(visit: Appointment) -> str:
        return f"visit-{calendar_id(visit)}.ics"

    def content(self, _: Translator, visit: Appointment, slot: Slot, clinic: Clinic) -> bytes:
        """The visit's file as it stands: booked or moved (REQUEST), or cancelled (CANCEL)."""
        from core.visit_ics import visit_ics  # icalendar (~2 MB resident): loaded when first needed

        return visit_ics(
            uid=self.uid(visit),
            sequence=visit.calendar_sequence,
            cancelled=visit.status != CONFIRMED,
            summary=_.plain("booking-ics-summary", specialty=slot.specialty, clinic=clinic.name),
            description=_.plain("booking-ics-description", doctor=slot.doctor),
            location=clinic.address or f"{clinic.lat:.5f}, {clinic.lon:.5f}",
            lat=clinic.lat,
            lon=clinic.lon,
            starts_at=slot.starts_at,
            minutes=slot.duration_min,
            zone=self.zone_of(clinic),
            stamp=self.clock.now(),
            organizer=f"mailto:noreply@{self.domain}",
            organizer_name=_.plain("booking-ics-organizer"),
        )

    def file(
        self, language: str | None, visit: Appointment, slot: Slot, clinic: Clinic
    ) -> CalendarFile:
        """The visit's file as it stands, in `language`."""
        _ = self.catalogue.translator(language or DEFAULT_LOCALE)
        return CalendarFile(self.filename(visit), self.content(_, visit, slot, clinic))

    async def media(self, user_id: int, visit: Appointment, slot: Slot, clinic: Clinic) -> Media:
        """The visit's file written under DATA_DIR in the person's language, for a notification
        (one file per change: a later change never overwrites what an earlier message sends)."""
        user = await self.db.session.get(User, user_id)
        _ = self.catalogue.translator(user.language if user is not None else DEFAULT_LOCALE)
        name = f"visit-{calendar_id(visit)}-{visit.calendar_sequence}.ics"
        folder = self.data_dir / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(self.content(_, visit, slot, clinic))
        return Media("document", path=f"{FOLDER}/{name}", filename=self.filename(visit))
