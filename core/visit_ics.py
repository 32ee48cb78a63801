"""A booked visit as an iCalendar file (RFC 5545, with iTIP's methods of RFC 5546), for the
person's calendar app.

One VEVENT in the clinic's time zone (with its VTIMEZONE, so that apps agree on the hour), the
clinic's address or coordinates as LOCATION and GEO, and an alarm an hour before the visit.

The calendar stays true: every file of one visit carries the same UID (a move keeps it), and its
SEQUENCE grows with each change. A booked or moved visit goes as `METHOD:REQUEST` (the app adds
the event, or moves the one it has); a cancelled one as `METHOD:CANCEL` with `STATUS:CANCELLED`
(the app removes it or marks it cancelled).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from icalendar import Alarm, Calendar, Event, vCalAddress

ALARM_BEFORE = timedelta(hours=1)
PRODUCT = "-//dms-assistant//visit//RU"


def visit_ics(
    *,
    uid: str,
    sequence: int,
    cancelled: bool,
    summary: str,
    description: str,
    location: str,
    lat: float,
    lon: float,
    starts_at: datetime,
    minutes: int,
    zone: tzinfo,
    stamp: datetime,
    organizer: str,
    organizer_name: str,
) -> bytes:
    """The file of one visit: `uid` the same for all of a visit's files, `sequence` higher with
    each change; `organizer` a mailto: address (iTIP's REQUEST and CANCEL name one)."""
    if sequence < 0:
        raise ValueError("a SEQUENCE is never negative")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    local = starts_at.astimezone(zone)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", local)
    event.add("dtend", local + timedelta(minutes=minutes))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location)
    event.add("geo", (lat, lon))
    who = vCalAddress(organizer)
    who.params["cn"] = organizer_name
    event.add("organizer", who)
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()  # the clinic's VTIMEZONE, with its real transitions
    return bytes(calendar.to_ical())
