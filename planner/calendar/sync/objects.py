"""One follow-up or visit as one calendar object (VEVENT or VTODO), and what comes back from one."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from planner.calendar.ics_values import escape_text, fold_lines, trigger_offset, utc_value, when
from planner.calendar.ics_writer import DEFAULT_PRODID, CalendarEvent, event_lines

# No METHOD: RFC 4791 (4.1) forbids it in a calendar object resource.
_HEAD = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + DEFAULT_PRODID, "CALSCALE:GREGORIAN"]


@dataclass(frozen=True)
class Schedule:
    """The part of an item a calendar can change and Amends takes back: when, and done."""

    start: str  # "2026-03-23" (all day) or an instant in UTC, "2026-03-23T08:00:00+00:00"
    end: str  # the same form, or "" where the item has no end of its own (a follow-up)
    done: bool

    def to_json(self) -> str:
        return json.dumps([self.start, self.end, self.done])

    @classmethod
    def from_json(cls, text: str) -> Schedule | None:
        if not text:
            return None
        start, end, done = json.loads(text)
        return cls(str(start), str(end), bool(done))

    def when(self, zone: ZoneInfo) -> datetime | date:
        """The start as a date or as an aware time in ``zone``."""
        if len(self.start) == 10:
            return date.fromisoformat(self.start)
        return datetime.fromisoformat(self.start).astimezone(zone)

    def describe(self, zone: ZoneInfo) -> str:
        """ "Thu 26 Mar 2026, 10:00–11:30" in ``zone``, "all day", ", done" — for the rep."""
        start = self.when(zone)
        if not isinstance(start, datetime):
            text = f"{start:%a %d %b %Y}, all day"
        else:
            text = f"{start:%a %d %b %Y, %H:%M}"
            if self.end and len(self.end) > 10:
                text += f"–{datetime.fromisoformat(self.end).astimezone(zone):%H:%M}"
        return text + (", done" if self.done else "")


def instant(value: datetime | date) -> str:
    """A start or end as Schedule keeps it."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    return value.isoformat()


def with_rep(event: CalendarEvent, rep: str) -> CalendarEvent:
    """The event carrying the rep's name, so a team calendar shows whose it is."""
    if not rep or event.status == "CANCELLED" and not event.description:
        return event
    return replace(event, description=f"{event.description}\n\nRep: {rep}".lstrip())


def event_object(event: CalendarEvent, now: datetime) -> str:
    """The whole calendar object of one VEVENT."""
    return fold_lines([*_HEAD, *event_lines(event, utc_value(now)), "END:VCALENDAR"]).decode()


def todo_object(event: CalendarEvent, now: datetime, *, done_at: datetime | None) -> str:
    """The whole calendar object of one follow-up as a task (VTODO): due, and done or not."""
    lines = ["BEGIN:VTODO", "SUMMARY:" + escape_text(event.summary), "DTSTAMP:" + utc_value(now),
             "UID:" + escape_text(event.uid), f"SEQUENCE:{event.sequence}",
             "DUE" + when(event.start)]
    if event.description:
        lines.append("DESCRIPTION:" + escape_text(event.description))
    if event.location:
        lines.append("LOCATION:" + escape_text(event.location))
    if done_at is not None:
        lines += ["STATUS:COMPLETED", "COMPLETED:" + utc_value(done_at), "PERCENT-COMPLETE:100"]
    else:
        lines.append("STATUS:" + ("CANCELLED" if event.status == "CANCELLED" else "NEEDS-ACTION"))
    offset = event.alarm_offset
    if offset is not None and done_at is None:
        # RELATED=END: a task's reminder counts from DUE (RFC 5545 3.8.6.3).
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY",
                  "DESCRIPTION:" + escape_text(event.effective_alarm_description()),
                  "TRIGGER;RELATED=END:" + trigger_offset(offset), "END:VALARM"]
    lines.append("END:VTODO")
    return fold_lines([*_HEAD, *lines, "END:VCALENDAR"]).decode()


def fingerprint(text: str) -> str:
    """A hash of an object's text without its DTSTAMP: equal when nothing shown changed."""
    kept = [line for line in text.split("\r\n") if not line.startswith("DTSTAMP:")]
    return hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RemoteItem:
    """What the server holds for one object, as far as Amends reads it back."""

    uid: str
    component: str  # "VEVENT" or "VTODO"
    schedule: Schedule
    cancelled: bool


def parse_object(text: str, zone: ZoneInfo) -> RemoteItem | None:
    """The first event or task of an object; None when it holds neither or cannot be read.

    A floating time (no zone) is read in ``zone``, the item's own, as a calendar app would.
    """
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError):
        return None
    for component in calendar.walk():
        if component.name not in ("VEVENT", "VTODO"):
            continue
        start_prop = component.get("DTSTART") if component.name == "VEVENT" else (
            component.get("DUE") or component.get("DTSTART"))
        if start_prop is None or "UID" not in component:
            return None
        start = _aware(start_prop.dt, zone)
        end = ""
        if component.name == "VEVENT":
            end = _end(component, start, zone)
        status = str(component.get("STATUS", "")).upper()
        done = status == "COMPLETED" or "COMPLETED" in component
        return RemoteItem(str(component["UID"]), component.name,
                          Schedule(instant(start), end, done), status == "CANCELLED")
    return None


def _aware(value: Any, zone: ZoneInfo) -> datetime | date:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return value
    raise ValueError(f"not a date or time: {value!r}")


def _end(component: Any, start: datetime | date, zone: ZoneInfo) -> str:
    if "DTEND" in component:
        return instant(_aware(component["DTEND"].dt, zone))
    if "DURATION" in component and isinstance(component["DURATION"].dt, timedelta):
        return instant(start + component["DURATION"].dt)
    return ""
