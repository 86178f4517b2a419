"""The real export (database to file) read back by icalendar, vobject and ics-py, field by field."""
from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.calendar.export import export_calendar
from planner.calendar.ics_values import clean_text
from planner.sample import add_sample
from planner.store.db import open_data_dir
from tests.calendar.calendar_data import (
    Want,
    add_fu,
    add_party,
    add_visit,
    want_followups,
    want_visits,
)
from tests.calendar.test_ics_parsers import PARSERS, TEXT, Seen, ics_py_safe, in_utc
from tests.calendar.test_ics_writer import assert_raw_rules

NOW = datetime(2026, 3, 20, 16, 45, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
SPICY = "Müller; Söhne, C:\\Temp \\ 😀 مرحبا بكم\nzweite Zeile"


def assert_same(data: bytes, wants: dict[str, Want]) -> None:
    """Every parser finds exactly the wanted events, each field equal to the database."""
    for parser, read in PARSERS.items():
        seen: dict[str, Seen] = {s.uid: s for s in read(data)}
        assert set(seen) == set(wants), parser
        for uid, want in wants.items():
            got = seen[uid]
            texts = (got.summary, want.description, want.location, want.title_rest)
            if parser != "ics-py" or all(ics_py_safe(text) for text in texts):
                # ics-py 0.7 turns a typed backslash + n into a line break (see test_ics_parsers)
                assert want.title_ok(got.summary), (parser, got.summary, want)
                # Export trims trailing blanks (planner.calendar.ics_values.clean_text); nothing else changes.
                assert got.description == clean_text(want.description), parser
                assert got.location == clean_text(want.location), parser
                if want.alarm_trigger is not None:
                    assert got.alarm_text == want.alarm_prefix + got.summary, parser
            assert (in_utc(got.start), in_utc(got.end)) == (in_utc(want.start), in_utc(want.end))
            assert type(got.start) is type(want.start), parser
            assert got.sequence in (None, want.sequence), parser  # ics-py drops SEQUENCE
            assert got.alarm_trigger == want.alarm_trigger, parser


def test_sample_export_reads_back_equal_to_the_database(db, tmp_path: Path) -> None:
    incident_id = add_sample(db, now=NOW)
    path = tmp_path / "sample.ics"
    count = export_calendar(db, path, incident_id=incident_id, include_done=True, now=NOW)
    data = path.read_bytes()
    assert_raw_rules(data)
    wants = want_followups(db, "x.incident_id = ? AND x.status != 'skipped'", [incident_id])
    wants |= want_visits(db, "x.incident_id = ? AND x.status != 'cancelled'", [incident_id])
    assert count == len(wants) >= 5
    assert_same(data, wants)
    assert b"SUMMARY:Call Dana Whitlock (Halvorsen Fitouts Ltd) \xe2\x80\x94 check the replaceme" in data


def test_spicy_text_in_every_field_and_dst(db, tmp_path: Path) -> None:
    incident_id = add_party(db, company=SPICY, contact=SPICY, role=SPICY, phone=SPICY + " ☎",
                            email=SPICY, address=SPICY + ";\n2. OG", title=SPICY)
    for channel in ("call", "email", "meeting", "visit"):
        add_fu(db, incident_id, date(2026, 3, 28), time(10, 0), channel=channel, purpose=SPICY)
        add_fu(db, incident_id, date(2026, 3, 30), time(10, 0), channel=channel, purpose=SPICY)
    add_fu(db, incident_id, date(2026, 3, 29), purpose=SPICY)  # all day, on the DST day
    add_fu(db, incident_id, date(2026, 3, 18), status="done", outcome=SPICY, purpose=SPICY,
           done_at=datetime(2026, 3, 18, 23, 30, tzinfo=UTC))  # 00:30 on the 19th in Berlin
    add_visit(db, incident_id, datetime(2026, 3, 27, 9, tzinfo=UTC), place=SPICY, room=SPICY)
    add_visit(db, incident_id, datetime(2026, 3, 31, 9, tzinfo=UTC))  # no place: the address
    path = tmp_path / "spicy.ics"
    export_calendar(db, path, incident_id=incident_id, include_done=True, now=NOW)
    data = path.read_bytes()
    assert_raw_rules(data)
    assert data.count(b"DTSTART:20260328T090000Z") == 4  # 10:00 Berlin in winter time
    assert data.count(b"DTSTART:20260330T080000Z") == 4  # 10:00 Berlin in summer time
    assert b"DTSTART;VALUE=DATE:20260329\r\nDTEND;VALUE=DATE:20260330\r\n" in data
    assert b"Done on 2026-03-19." in data.replace(b"\r\n ", b"")
    wants = want_followups(db) | want_visits(db)
    assert len(wants) == 12
    assert_same(data, wants)
    for parser, read in PARSERS.items():
        local = {s.start.astimezone(BERLIN).time() for s in read(data)
                 if isinstance(s.start, datetime) and s.start.date() in (date(2026, 3, 28), date(2026, 3, 30))}
        assert local == {time(10, 0)}, parser


ZONES = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
                         "Australia/Lord_Howe", "Pacific/Chatham"])
PURPOSE = TEXT.filter(lambda text: bool(text.strip()) and len(text) <= 300)
FOLLOWUP = st.fixed_dictionaries({
    "day": st.dates(date(2000, 1, 1), date(2080, 12, 31)),
    "clock": st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    "tz": ZONES,
    "channel": st.sampled_from(["call", "visit", "email", "meeting"]),
    "purpose": PURPOSE,
    "done": st.booleans(),
    "outcome": TEXT,
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(party=st.lists(TEXT, min_size=7, max_size=7), followups=st.lists(FOLLOWUP, min_size=1, max_size=4),
       visit_minutes=st.none() | st.integers(1, 600), place=TEXT)
def test_generated_data_reads_back_equal_to_the_database(
    party: list[str], followups: list[dict], visit_minutes: int | None, place: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_data_dir(Path(folder) / "data")
        try:
            company, contact, role, phone, email, address, title = party
            incident_id = add_party(db, company=company, contact=contact, role=role, phone=phone,
                                    email=email, address=address, title=title)
            for f in followups:
                add_fu(db, incident_id, f["day"], f["clock"], tz=f["tz"], channel=f["channel"],
                       purpose=f["purpose"], status="done" if f["done"] else "pending",
                       outcome=f["outcome"], done_at=NOW - timedelta(days=3))
            if visit_minutes is not None:
                add_visit(db, incident_id, NOW + timedelta(days=2), visit_minutes, place=place, room=title)
            path = Path(folder) / "out.ics"
            export_calendar(db, path, incident_id=incident_id, include_done=True, now=NOW)
            data = path.read_bytes()
            assert_raw_rules(data)
            assert_same(data, want_followups(db) | want_visits(db))
        finally:
            db.close()
