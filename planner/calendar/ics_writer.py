"""Calendar export: follow-ups and visits as an .ics file that every common calendar imports."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from planner.store.atomic import ExportError, atomic_writer
from planner.uids import new_uid

if TYPE_CHECKING:  # icalendar costs ~60 ms to import; the export itself never needs it
    from icalendar import Calendar
from planner.calendar.ics_values import (
    escape_text,
    fold_lines,
    is_aware,
    to_utc,
    trigger_offset,
    utc_value,
    when,
)

__all__ = [
    "DEFAULT_PRODID",
    "CalendarEvent",
    "ExportError",
    "build_calendar",
    "event_fingerprint",
    "event_lines",
    "new_uid",
    "to_icalendar",
    "write_calendar",
]

DEFAULT_PRODID = "-//Amends//Amends 0.1//EN"
PROGRESS_EVERY = 200
DEFAULT_TIMED_LENGTH = timedelta(minutes=30)
STATUSES = (None, "TENTATIVE", "CONFIRMED", "CANCELLED")  # RFC 5545 3.8.1.11, VEVENT values
_FOOTER = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class CalendarEvent:
    """One follow-up or visit as it goes into the calendar file.

    ``start`` is an aware datetime (a timed event) or a date (an all-day event). ``end``
    of None means 30 minutes for a timed event and one day for an all-day event.

    The reminder goes off ``alarm_before`` the start, or ``alarm_after_start`` after it
    (for an all-day event, whose start is midnight, ``timedelta(hours=9)`` is 09:00 on
    the day). Give at most one of the two; with neither there is no reminder.

    ``status`` is written as STATUS when given: "CANCELLED" tells a calendar that already
    holds the event (same UID, higher SEQUENCE) to strike it out; None writes no STATUS.
    ``transparent`` writes TRANSP:TRANSPARENT: the event does not make the rep look busy.
    """

    uid: str
    sequence: int
    summary: str
    description: str
    location: str
    start: datetime | date
    end: datetime | date | None
    alarm_before: timedelta | None = timedelta(minutes=30)
    alarm_description: str = ""
    alarm_after_start: timedelta | None = None
    status: str | None = None
    transparent: bool = False

    def __post_init__(self) -> None:
        # Checked here so a bad event fails where it is made, never halfway through a file.
        if not isinstance(self.uid, str) or not self.uid.strip():
            raise ValueError("A calendar event needs a non-empty UID.")
        if isinstance(self.sequence, bool) or not isinstance(self.sequence, int):
            raise TypeError(f"SEQUENCE must be an int, not {self.sequence!r}.")
        if self.sequence < 0:
            raise ValueError(f"SEQUENCE must be zero or more, not {self.sequence}.")
        start, end = self.start, self.end
        if not isinstance(start, date):
            raise TypeError(f"start must be a datetime or a date, not {start!r}.")
        if isinstance(start, datetime) and not is_aware(start):
            raise ValueError(f"Start time {start} has no time zone; floating times drift.")
        if end is not None:
            if isinstance(end, datetime) != isinstance(start, datetime):
                raise ValueError("Start and end must both be datetimes or both be dates.")
            if isinstance(end, datetime) and not is_aware(end):
                raise ValueError(f"End time {end} has no time zone; floating times drift.")
            if isinstance(start, datetime) and isinstance(end, datetime):
                # Compare instants: wall times in one zone compare naively across DST.
                start, end = to_utc(start), to_utc(end)
            if not end > start:
                raise ValueError(f"The event must end after it starts ({start}), not at {end}.")
        if self.alarm_before is not None and self.alarm_before < timedelta(0):
            raise ValueError("alarm_before is how long before the start; it cannot be negative.")
        if self.status not in STATUSES:
            raise ValueError(f"STATUS must be one of {', '.join(STATUSES[1:])}, not {self.status!r}.")
        if self.alarm_after_start is not None:
            if self.alarm_before is not None:
                raise ValueError("Give alarm_before or alarm_after_start, not both.")
            if self.alarm_after_start < timedelta(0):
                raise ValueError("alarm_after_start cannot be negative; use alarm_before.")

    @property
    def alarm_offset(self) -> timedelta | None:
        """When the reminder goes off relative to the start (negative: before); None: none."""
        if self.alarm_before is not None:
            return -self.alarm_before
        return self.alarm_after_start

    @property
    def all_day(self) -> bool:
        """True for an all-day event (a date, no time)."""
        return not isinstance(self.start, datetime)

    def effective_end(self) -> datetime | date:
        """The end that is written: the given one, or the default length after the start."""
        if self.end is not None:
            return self.end
        if isinstance(self.start, datetime):
            # In UTC: wall-clock arithmetic would make the event 90 or 0 minutes across DST.
            return to_utc(self.start) + DEFAULT_TIMED_LENGTH
        return self.start + timedelta(days=1)  # DTEND of an all-day event is exclusive

    def effective_alarm_description(self) -> str:
        """What the reminder says: the given text, else the summary (never empty)."""
        return self.alarm_description or self.summary or "Reminder"


def event_lines(event: CalendarEvent, stamp: str) -> list[str]:
    """The unfolded content lines of one VEVENT, in icalendar's canonical order."""
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + escape_text(event.summary),
        "DTSTART" + when(event.start),
        "DTEND" + when(event.effective_end()),
        "DTSTAMP:" + stamp,
        "UID:" + escape_text(event.uid),
        f"SEQUENCE:{event.sequence}",
    ]
    if event.description:
        lines.append("DESCRIPTION:" + escape_text(event.description))
    if event.location:
        lines.append("LOCATION:" + escape_text(event.location))
    if event.status:
        lines.append("STATUS:" + event.status)  # where icalendar's Event.new puts it
    if event.transparent:
        lines.append("TRANSP:TRANSPARENT")  # after STATUS: icalendar's alphabetical tail
    offset = event.alarm_offset
    if offset is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + escape_text(event.effective_alarm_description()),
            "TRIGGER:" + trigger_offset(offset),
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def _vevent(event: CalendarEvent, stamp: str) -> bytes:
    return fold_lines(event_lines(event, stamp))


def _header(prodid: str) -> bytes:
    # No METHOD. METHOD turns the file into an iTIP message (RFC 5546), and PUBLISH there
    # requires an ORGANIZER: libical's iTIP check refuses PUBLISH without one. With an
    # ORGANIZER, Outlook, Apple Calendar and Thunderbird treat the events as someone else's
    # invitations and import them read-only. Without METHOD the file is a plain iCalendar
    # object, which every importer we measured takes, and RFC 4791 (4.1) forbids METHOD in
    # what is stored on a CalDAV server: the same events go out by file and by sync.
    return fold_lines(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + escape_text(prodid), "CALSCALE:GREGORIAN"]
    )


def event_fingerprint(event: CalendarEvent) -> str:
    """A stable hash of everything a calendar shows (not UID or SEQUENCE).

    Storage keeps it and raises SEQUENCE when it changes, so calendars take the update.
    """
    lines = event_lines(event, stamp="")
    kept = [line for line in lines if not line.startswith(("UID:", "SEQUENCE:", "DTSTAMP:"))]
    return hashlib.sha256("\n".join(["amends-ics-1", *kept]).encode("utf-8")).hexdigest()


def _checked(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    items = list(events)
    seen: set[str] = set()
    for event in items:
        if event.uid in seen:
            # Calendars keep only one of two events with the same UID.
            raise ValueError(f"Two events share the UID {event.uid!r}.")
        seen.add(event.uid)
    return items


def build_calendar(
    events: Iterable[CalendarEvent], *, now: datetime, prodid: str = DEFAULT_PRODID
) -> bytes:
    """The whole .ics file as bytes; ``now`` (aware) becomes every DTSTAMP."""
    items = _checked(events)
    stamp = utc_value(now)
    return b"".join([_header(prodid), *(_vevent(event, stamp) for event in items), _FOOTER])


def write_calendar(
    path: Path,
    events: Iterable[CalendarEvent],
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    prodid: str = DEFAULT_PRODID,
) -> int:
    """Write the .ics file atomically and return how many events it holds.

    Raises ValueError for no events: a VCALENDAR needs at least one component (RFC 5545),
    so there is no empty calendar file; callers say there is nothing to export instead.
    ``progress(done, total)`` is called at the start, every ``PROGRESS_EVERY`` events and
    once all are written, always before the new file replaces the old one: if it raises
    (say, the user cancelled) the existing file stays as it was, so "cancelled" is true.
    Raises :class:`ExportError` when the file cannot be written.
    """
    items = _checked(events)
    if not items:
        raise ValueError("There are no events to write; an empty calendar file is not valid.")
    stamp = utc_value(now)
    total = len(items)
    report = progress or (lambda done, total: None)
    report(0, total)
    with atomic_writer(path) as handle:
        handle.write(_header(prodid))
        for first in range(0, total, PROGRESS_EVERY):
            chunk = items[first : first + PROGRESS_EVERY]
            handle.write(b"".join([_vevent(event, stamp) for event in chunk]))
            if first + len(chunk) < total:
                report(first + len(chunk), total)
        handle.write(_FOOTER)
        if total:
            # Inside the writer: a cancel here still discards the temp file. Reported after
            # the rename, a cancel would be shown as "nothing changed" over a replaced file.
            report(total, total)
    return total


def to_icalendar(
    events: Iterable[CalendarEvent], *, now: datetime, prodid: str = DEFAULT_PRODID
) -> Calendar:
    """The same calendar as icalendar objects (Calendar.new, Event.new, Alarm.new_display).

    ``to_icalendar(...).to_ical()`` equals :func:`build_calendar`'s bytes; the export itself
    writes lines directly because building these objects costs more than serialising them.
    """
    from icalendar import Alarm, Event, vText
    from icalendar import Calendar as ICalendar

    class _Text(vText):
        """vText with RFC escaping: icalendar 7.3 turns a typed backslash + N into a line break."""

        def to_ical(self) -> bytes:
            return escape_text(self).encode("utf-8")

    stamp = to_utc(now)
    components = []
    for event in _checked(events):
        start, end = event.start, event.effective_end()
        component = Event.new(
            uid=event.uid,
            sequence=event.sequence,
            stamp=stamp,
            start=to_utc(start) if isinstance(start, datetime) else start,
            end=to_utc(end) if isinstance(end, datetime) else end,
            summary=event.summary,
            description=event.description or None,
            location=event.location or None,
            status=event.status,  # type: ignore[arg-type]  # icalendar's STATUS is a str enum
            transparency="TRANSPARENT" if event.transparent else None,  # type: ignore[arg-type]
        )
        for name in ("SUMMARY", "DESCRIPTION", "LOCATION", "UID"):
            if name in component:
                component[name] = _Text(str(component[name]))
        if event.alarm_offset is not None:
            alarm = Alarm.new_display(
                description=event.effective_alarm_description(), trigger=event.alarm_offset
            )
            alarm["DESCRIPTION"] = _Text(str(alarm["DESCRIPTION"]))
            component.add_component(alarm)
        components.append(component)
    calendar = ICalendar.new(
        prodid=prodid, calscale="GREGORIAN", subcomponents=components
    )
    del calendar["UID"]  # Calendar.new adds a random one, which would make exports differ
    return calendar
