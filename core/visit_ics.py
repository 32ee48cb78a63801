"""A booked visit as an iCalendar file (RFC 5545), for the person's calendar app.

One VEVENT in the clinic's time zone (with its VTIMEZONE, so that apps agree on the hour), the
clinic's address or coordinates as LOCATION and GEO, and an alarm an hour before the visit.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from icalendar import Alarm, Calendar, Event

ALARM_BEFORE = timedelta(hours=1)
PRODUCT = "-//dms-assistant//visit//RU"


def visit_ics(
    *,
    visit_id: int,
    summary: str,
    description: str,
    location: str,
    lat: float,
    lon: float,
    starts_at: datetime,
    minutes: int,
    zone: tzinfo,
    stamp: datetime,
    domain: str,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    local = starts_at.astimezone(zone)
    event = Event()
    event.add("uid", f"visit-{visit_id}@{domain}")
    event.add("dtstamp", stamp)
    event.add("dtstart", local)
    event.add("dtend", local + timedelta(minutes=minutes))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location)
    event.add("geo", (lat, lon))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()  # the clinic's VTIMEZONE, with its real transitions
    return bytes(calendar.to_ical())
