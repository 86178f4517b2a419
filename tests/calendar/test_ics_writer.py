"""Calendar export: exact bytes, the raw-format rules, validation, fingerprints, atomic writing."""
from __future__ import annotations

import errno
import os
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Self
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.calendar.ics_writer import (
    CalendarEvent,
    ExportError,
    build_calendar,
    event_fingerprint,
    new_uid,
    to_icalendar,
    write_calendar,
)
from planner.errors import AmendsError
from planner.store import atomic

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 20, 17, 45, 12, tzinfo=BERLIN)  # 16:45:12 UTC
TIMED = CalendarEvent(
    "5b0c7a52-3f4e-4d8e-9a51-0f1e2d3c4b5a@amends", 2,
    "Call Jana Weiß (Acme GmbH), re: late delivery; +49 30 1234567",
    "Purpose: confirm the replacement parts arrived.\nAsk: did the line restart on time?",
    "Phone, Desk\\Office", datetime(2026, 3, 30, 10, 0, tzinfo=BERLIN), None,
)
ALL_DAY = CalendarEvent(
    "9d8e7f60-1a2b-4c3d-8e9f-0a1b2c3d4e5f@amends", 0, "Remedy due: credit note", "", "",
    date(2026, 4, 2), None, alarm_before=timedelta(hours=15),
    alarm_description="Credit note for Acme is due today",
)
PINNED = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Amends//Amends 0.1//EN\r\n"
    "CALSCALE:GREGORIAN\r\n"
    "BEGIN:VEVENT\r\n"
    "SUMMARY:Call Jana Weiß (Acme GmbH)\\, re: late delivery\\; +49 30 1234567\r\n"
    "DTSTART:20260330T080000Z\r\n"
    "DTEND:20260330T083000Z\r\n"
    "DTSTAMP:20260320T164512Z\r\n"
    "UID:5b0c7a52-3f4e-4d8e-9a51-0f1e2d3c4b5a@amends\r\n"
    "SEQUENCE:2\r\n"
    "DESCRIPTION:Purpose: confirm the replacement parts arrived.\\nAsk: did the \r\n"
    " line restart on time?\r\n"
    "LOCATION:Phone\\, Desk\\\\Office\r\n"
    "BEGIN:VALARM\r\n"
    "ACTION:DISPLAY\r\n"
    "DESCRIPTION:Call Jana Weiß (Acme GmbH)\\, re: late delivery\\; +49 30 12345\r\n"
    " 67\r\n"
    "TRIGGER:-PT30M\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "SUMMARY:Remedy due: credit note\r\n"
    "DTSTART;VALUE=DATE:20260402\r\n"
    "DTEND;VALUE=DATE:20260403\r\n"
    "DTSTAMP:20260320T164512Z\r\n"
    "UID:9d8e7f60-1a2b-4c3d-8e9f-0a1b2c3d4e5f@amends\r\n"
    "SEQUENCE:0\r\n"
    "BEGIN:VALARM\r\n"
    "ACTION:DISPLAY\r\n"
    "DESCRIPTION:Credit note for Acme is due today\r\n"
    "TRIGGER:-PT15H\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()
NASTY = "ü 😀 مرحبا, semi; back\\slash\nnew line " * 4


def event(**changes: object) -> CalendarEvent:
    fields = {**TIMED.__dict__, "uid": new_uid(), **changes}
    return CalendarEvent(**fields)


def test_small_calendar_has_exact_bytes() -> None:
    assert build_calendar([TIMED, ALL_DAY], now=NOW) == PINNED


def test_same_bytes_as_icalendar_objects() -> None:
    """The direct writer matches Calendar.new/Event.new/Alarm.new_display + to_ical()."""
    assert to_icalendar([TIMED, ALL_DAY], now=NOW).to_ical() == PINNED
    nasty = [event(summary=NASTY, description=NASTY, location=NASTY, alarm_description=NASTY)]
    assert to_icalendar(nasty, now=NOW).to_ical() == build_calendar(nasty, now=NOW)


def assert_raw_rules(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a multi-byte character


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=400), extra=st.sampled_from(["", NASTY, "\\" * 80, "😀" * 40]))
def test_raw_bytes_follow_the_rules_for_any_text(text: str, extra: str) -> None:
    data = build_calendar([event(summary=text + extra, description=extra + text,
                                 location=text, alarm_description=extra)], now=NOW)
    assert_raw_rules(data)
    same = [event(summary=text + extra, location=extra + text)]
    assert to_icalendar(same, now=NOW).to_ical() == build_calendar(same, now=NOW)


def test_nasty_text_is_escaped_and_folded_in_every_field() -> None:
    data = build_calendar([event(summary=NASTY, description=NASTY, location=NASTY,
                                 alarm_description=NASTY)], now=NOW)
    assert_raw_rules(data)
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    escaped = ("ü 😀 مرحبا\\, semi\\; back\\\\slash\\nnew line " * 4).rstrip(" ")  # trailing blanks trimmed
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
        assert f"\r\n{name}:{escaped}\r\n" in unfolded
    assert unfolded.count(f"DESCRIPTION:{escaped}\r\n") == 2  # the event's and the alarm's


def test_control_characters_dropped_and_line_breaks_unified() -> None:
    data = build_calendar([event(summary="a\x00b\x07c\x1fd\x7fe", description="1\r\n2\r3\x0b4")],
                          now=NOW)
    assert b"SUMMARY:abcde\r\n" in data
    assert b"DESCRIPTION:1\\n2\\n3\\n4\r\n" in data


def test_calendar_properties_and_no_method_organizer_or_attendee() -> None:
    """No METHOD: PUBLISH needs an ORGANIZER (RFC 5546, libical's check), and an ORGANIZER
    makes importing calendars treat the events as read-only invitations."""
    data = build_calendar([TIMED, ALL_DAY, event(summary="ORGANIZER: me")], now=NOW)
    lines = data.split(b"\r\n")
    assert lines[:5] == [b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:-//Amends//Amends 0.1//EN",
                         b"CALSCALE:GREGORIAN", b"BEGIN:VEVENT"]
    assert b"METHOD" not in data
    assert data.count(b"BEGIN:VCALENDAR") == 1 and data.count(b"BEGIN:VEVENT") == 3
    names = {re.split(rb"[;:]", line)[0] for line in data.replace(b"\r\n ", b"").split(b"\r\n")}
    assert not names & {b"ORGANIZER", b"ATTENDEE"}
    assert b"ORGANIZER" not in PINNED and b"ATTENDEE" not in PINNED


def test_timed_events_are_utc_and_never_floating() -> None:
    data = build_calendar([event(start=datetime(2026, 7, 1, 9, 5, 7, 999, tzinfo=BERLIN))], now=NOW)
    assert b"DTSTART:20260701T070507Z\r\n" in data and b"DTEND:20260701T073507Z\r\n" in data
    assert b"TZID" not in data
    for line in data.split(b"\r\n"):
        if line.startswith((b"DTSTART:", b"DTEND:", b"DTSTAMP:")):
            assert re.fullmatch(rb"[A-Z]+:\d{8}T\d{6}Z", line), line


def test_default_length_is_thirty_real_minutes_across_dst() -> None:
    # 01:45 + 30 minutes on the night Berlin springs forward is 03:15 local, 30 minutes later.
    night = event(start=datetime(2026, 3, 29, 1, 45, tzinfo=BERLIN))
    assert night.effective_end() == datetime(2026, 3, 29, 3, 15, tzinfo=BERLIN)


def test_all_day_uses_dates_and_exclusive_end() -> None:
    data = build_calendar([ALL_DAY, event(start=date(2026, 2, 27), end=date(2026, 3, 2))], now=NOW)
    assert b"DTSTART;VALUE=DATE:20260402\r\nDTEND;VALUE=DATE:20260403\r\n" in data
    assert b"DTSTART;VALUE=DATE:20260227\r\nDTEND;VALUE=DATE:20260302\r\n" in data


def test_alarm_is_display_with_description_and_relative_trigger() -> None:
    data = build_calendar([event(summary="Call", alarm_before=timedelta(days=1, minutes=5))],
                          now=NOW)
    assert b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Call\r\nTRIGGER:-P1DT5M\r\n" in data
    assert b"VALARM" not in build_calendar([event(alarm_before=None)], now=NOW)
    assert b"DESCRIPTION:Reminder\r\nTRIGGER:P0D" in build_calendar(
        [event(summary="", alarm_before=timedelta(0))], now=NOW)


def test_alarm_after_start_for_the_morning_of_an_all_day_event() -> None:
    morning = event(start=date(2026, 3, 30), alarm_before=None, alarm_after_start=timedelta(hours=9),
                    alarm_description="Today: Call")
    data = build_calendar([morning], now=NOW)
    assert b"DESCRIPTION:Today: Call\r\nTRIGGER:PT9H\r\nEND:VALARM" in data
    assert to_icalendar([morning], now=NOW).to_ical() == data
    assert morning.alarm_offset == timedelta(hours=9) and event().alarm_offset == -timedelta(minutes=30)
    assert event_fingerprint(morning) != event_fingerprint(
        event(start=date(2026, 3, 30), alarm_before=None, alarm_after_start=timedelta(hours=8),
              alarm_description="Today: Call"))


def test_status_written_after_location_as_icalendar_does() -> None:
    cancelled = event(alarm_before=None, status="CANCELLED")
    data = build_calendar([cancelled], now=NOW)
    assert b"LOCATION:Phone\\, Desk\\\\Office\r\nSTATUS:CANCELLED\r\nEND:VEVENT" in data
    assert to_icalendar([cancelled], now=NOW).to_ical() == data
    assert b"STATUS" not in build_calendar([TIMED], now=NOW)


@pytest.mark.parametrize(("bad", "reason"), [
    ({"start": datetime(2026, 3, 30, 10)}, "has no time zone"),
    ({"end": datetime(2026, 3, 30, 11)}, "has no time zone"),
    ({"start": date(2026, 3, 30), "end": datetime(2026, 3, 31, tzinfo=UTC)}, "both be"),
    ({"end": datetime(2026, 3, 30, 10, tzinfo=BERLIN)}, "must end after"),
    ({"start": date(2026, 3, 30), "end": date(2026, 3, 30)}, "must end after"),
    # Later on the wall clock, earlier in fact: 02:40 does not exist that night (= 03:40).
    ({"start": datetime(2026, 3, 29, 2, 40, tzinfo=BERLIN),
      "end": datetime(2026, 3, 29, 3, 10, tzinfo=BERLIN)}, "must end after"),
    ({"sequence": -1}, "SEQUENCE"),
    ({"uid": " "}, "UID"),
    ({"alarm_before": timedelta(minutes=-5)}, "cannot be negative"),
    ({"alarm_after_start": timedelta(minutes=-5), "alarm_before": None}, "cannot be negative"),
    ({"alarm_after_start": timedelta(hours=9), "alarm_before": timedelta(minutes=5)}, "not both"),
    ({"status": "cancelled"}, "STATUS"),
    ({"status": "DONE"}, "STATUS"),
])
def test_invalid_events_are_refused(bad: dict[str, object], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        event(**bad)


def test_naive_now_and_duplicate_uids_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        build_calendar([TIMED], now=datetime(2026, 3, 20, 16, 45))
    with pytest.raises(ValueError, match="share the UID"):
        build_calendar([TIMED, TIMED], now=NOW)


def test_new_uid_is_random_uuid4() -> None:
    uids = {new_uid() for _ in range(100)}
    assert len(uids) == 100
    for uid in uids:
        head, _, tail = uid.partition("@")
        assert tail == "amends" and uuid.UUID(head).version == 4


def test_fingerprint_tracks_what_the_calendar_shows() -> None:
    base = event()
    assert event_fingerprint(TIMED) == (
        "a163671898454f6309e91a987a39867479968e0993423be60f72822396eb58d7"  # stable across runs
    )
    assert event_fingerprint(base) == event_fingerprint(event(uid=new_uid(), sequence=9))
    assert isinstance(TIMED.start, datetime)
    same_instant = event(start=TIMED.start.astimezone(ZoneInfo("Asia/Tokyo")))
    assert event_fingerprint(same_instant) == event_fingerprint(base)
    changes = [{"summary": "x"}, {"description": "x"}, {"location": "x"},
               {"start": datetime(2026, 3, 30, 10, 1, tzinfo=BERLIN)},
               {"end": datetime(2026, 3, 30, 11, tzinfo=BERLIN)}, {"alarm_before": None},
               {"alarm_description": "x"}, {"start": date(2026, 3, 30)}, {"status": "CANCELLED"}]
    prints = {event_fingerprint(event(**change)) for change in changes}
    assert len(prints) == len(changes) and event_fingerprint(base) not in prints


def test_write_calendar_writes_the_same_bytes_and_reports_progress(tmp_path: Path) -> None:
    events = [event(summary=f"Call {n}") for n in range(450)]
    calls: list[tuple[int, int]] = []
    target = tmp_path / "amends.ics"
    assert write_calendar(target, events, now=NOW, progress=lambda d, t: calls.append((d, t))) == 450
    assert target.read_bytes() == build_calendar(events, now=NOW)
    assert calls == [(0, 450), (200, 450), (400, 450), (450, 450)]
    assert os.listdir(tmp_path) == ["amends.ics"]
    with pytest.raises(ValueError, match="no events"):  # RFC 5545: at least one component
        write_calendar(tmp_path / "empty.ics", [], now=NOW)
    assert os.listdir(tmp_path) == ["amends.ics"]


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    target = tmp_path / "amends.ics"
    target.write_bytes(b"the previous export")
    return target


def assert_untouched(target: Path) -> None:
    assert target.read_bytes() == b"the previous export"
    assert os.listdir(target.parent) == [target.name]  # no temp file left behind


def test_disk_full_mid_write_leaves_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class FillsUp:
        def __init__(self, fd: int, mode: str) -> None:
            self.handle, self.writes = real_fdopen(fd, mode), 0

        def write(self, data: bytes) -> int:
            self.writes += 1
            if self.writes == 2:  # the header went through, the events do not fit
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.handle.write(data)

        def __getattr__(self, name: str) -> object:
            return getattr(self.handle, name)

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    monkeypatch.setattr(atomic.os, "fdopen", FillsUp)
    with pytest.raises(ExportError, match="disk is full") as caught:
        write_calendar(old_file, [TIMED, ALL_DAY], now=NOW)
    assert str(old_file) in str(caught.value) and caught.value.errno == errno.ENOSPC
    assert isinstance(caught.value, OSError) and isinstance(caught.value, AmendsError)
    assert_untouched(old_file)


def test_cancel_from_progress_leaves_old_file(old_file: Path) -> None:
    def cancel(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_calendar(old_file, [event() for _ in range(500)], now=NOW, progress=cancel)
    assert_untouched(old_file)


def test_missing_folder_names_the_path(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "amends.ics"
    with pytest.raises(ExportError, match="does not exist") as caught:
        write_calendar(target, [TIMED], now=NOW)
    assert str(target) in str(caught.value) and caught.value.errno == errno.ENOENT


def test_cancel_on_the_last_progress_call_leaves_old_file(old_file: Path) -> None:
    """The final (total, total) report comes before the rename: a cancel then changes nothing."""
    def cancel_at_the_end(done: int, total: int) -> None:
        if done == total:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_calendar(old_file, [event() for _ in range(3)], now=NOW, progress=cancel_at_the_end)
    assert_untouched(old_file)


def test_transparent_event_is_free_time_in_icalendar_order() -> None:
    free = event(status="CANCELLED", transparent=True)
    data = build_calendar([free], now=NOW)
    assert b"STATUS:CANCELLED\r\nTRANSP:TRANSPARENT\r\n" in data
    assert data == to_icalendar([free], now=NOW).to_ical()
    assert b"TRANSP" not in build_calendar([TIMED], now=NOW)
