"""Benchmark: 10,000 follow-ups through write_calendar beside icalendar's own to_ical().

Run: .venv/bin/python benchmarks/export.py [--count N] [--repeat R]

Prints time (best of R runs, perf_counter) and peak memory (tracemalloc, a separate run so
its bookkeeping does not slow the timed runs) for:
  ours      write_calendar(): the real export path, to a file, atomically;
  baseline  Calendar.to_ical() of the same events built in advance as icalendar objects;
  icalendar building those objects too (Event.new, Alarm.new_display) and then to_ical(),
            for reference: the cost of making the export go through icalendar objects.
The target is ours <= 1.2 x baseline.

Then the same for follow-ups stored in a temporary database (--count of them, spread over
100 incidents), exported through the app's real path, export_calendar(): the query, the
events, the fingerprints and SEQUENCE rule, the stored updates and the atomic file, beside
to_ical() of those same events built in advance as icalendar objects:
  first     every fingerprint is new, so all rows are updated in the same transaction;
  again     nothing changed since: the common re-export, which writes no rows.
"""
from __future__ import annotations

import argparse
import gc
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from planner.calendar.export import calendar_events, export_calendar
from planner.calendar.ics_writer import (
    CalendarEvent,
    build_calendar,
    new_uid,
    to_icalendar,
    write_calendar,
)
from planner.store.db import open_data_dir

NOW = datetime(2026, 3, 20, 16, 45, tzinfo=UTC)
TARGET_RATIO = 1.2


def load_events(count: int) -> list[CalendarEvent]:
    """The event source: synthetic follow-ups for now; later read from the database."""
    berlin = ZoneInfo("Europe/Berlin")
    first = date(2026, 3, 2)
    events = []
    for n in range(count):
        day = first + timedelta(days=n % 400)
        customer = f"Müller & Söhne GmbH #{n % 97}"
        start: datetime | date = day
        if n % 5:  # most follow-ups have a time; one in five is all-day
            start = datetime.combine(day, clock(8 + n % 9, 15 * (n % 4)), tzinfo=berlin)
        events.append(CalendarEvent(
            uid=f"{n:08x}-4e1f-4a5b-9c3d-2e1f0a9b8c7d@amends",
            sequence=n % 4,
            summary=f"Call {customer}, re: late delivery; check the parts",
            description=(
                f"Purpose: confirm the replacement parts arrived and the line runs again.\n"
                f"Contact: Jana Weiß, Einkauf, +49 30 {1000000 + n}\n"
                + ("Promise: credit note by Friday; a dedicated courier for the next order."
                   if n % 3 == 0 else "")
            ),
            location="Hauptstraße 1, 10115 Berlin" if n % 2 else "Phone",
            start=start,
            end=None,
        ))
    return events


def best_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def peak_memory(run: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    events = load_events(args.count)
    loaded = time.perf_counter() - started
    calendar = to_icalendar(events, now=NOW)  # the baseline's objects, built in advance

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "amends.ics"
        progress_calls: list[int] = []

        def ours() -> object:
            return write_calendar(target, events, now=NOW,
                                  progress=lambda done, total: progress_calls.append(done))

        def baseline() -> object:
            return calendar.to_ical()

        def through_objects() -> object:
            return to_icalendar(events, now=NOW).to_ical()

        rows = [(name, best_time(run, args.repeat), peak_memory(run))
                for name, run in [("ours (write_calendar)", ours),
                                  ("baseline (Calendar.to_ical)", baseline),
                                  ("icalendar objects + to_ical", through_objects)]]
        written = target.read_bytes()
    same = written == calendar.to_ical() == build_calendar(events, now=NOW)

    print(f"{args.count:,} events, {len(written) / 1e6:.1f} MB file; source built in "
          f"{loaded:.2f} s; best of {args.repeat}; identical bytes: {same}")
    base_time, base_peak = rows[1][1], rows[1][2]
    print(f"{'path':<30} {'time s':>8} {'x base':>7} {'peak MB':>8} {'x base':>7}")
    for name, seconds, peak in rows:
        print(f"{name:<30} {seconds:8.3f} {seconds / base_time:7.2f} {peak / 1e6:8.1f} "
              f"{peak / base_peak:7.2f}")
    ratio = rows[0][1] / base_time
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(f"ours / baseline = {ratio:.2f} ({verdict} the target of <= {TARGET_RATIO})")
    print()
    stored_same, stored_met = database_export(args.count, args.repeat)
    met = ratio <= TARGET_RATIO and stored_met
    if not (same and stored_same):
        print("FAILED: the export's bytes differ from icalendar's, or fingerprints were not stored")
    if not met:
        print("MISSED a target (see above)")
    return 0 if same and stored_same and met else 1


def fill_database(db: Any, count: int) -> None:
    """``count`` pending follow-ups over 100 incidents, all after NOW, as the app stores them."""
    stamp = NOW.isoformat()
    with db.atomic():
        for n in range(100):
            customer = db["customers"].insert({
                "company": f"Müller & Söhne GmbH #{n}", "contact_name": "Jana Weiß",
                "contact_role": "Einkauf", "phone": f"+49 30 {1000000 + n}",
                "email": f"jana{n}@example.com", "address": "Hauptstraße 1, 10115 Berlin",
                "created_at": stamp, "updated_at": stamp}).last_pk
            db["incidents"].insert({"customer_id": customer, "title": f"Late delivery; order {n}",
                                    "created_at": stamp, "updated_at": stamp})
        first = date(2026, 3, 23)
        db.conn.executemany(
            "INSERT INTO followups (incident_id, due_date, due_time, tz, channel, purpose, "
            "ics_uid, created_at, updated_at) VALUES (?, ?, ?, 'Europe/Berlin', ?, ?, ?, ?, ?)",
            [(1 + n % 100, (first + timedelta(days=n % 400)).isoformat(),
              None if n % 5 == 0 else f"{8 + n % 9:02}:{15 * (n % 4):02}",
              ("call", "email", "meeting", "visit")[n % 4],
              f"Confirm the replacement parts arrived, line {n}; ask about the next order",
              new_uid(), stamp, stamp) for n in range(count)])


def database_export(count: int, repeat: int) -> tuple[bool, bool]:
    """Time and peak memory of export_calendar() from a real database beside to_ical().

    Returns (the bytes and stored fingerprints are right, every target was met).
    """
    with tempfile.TemporaryDirectory() as folder:
        db = open_data_dir(Path(folder) / "data")
        started = time.perf_counter()
        fill_database(db, count)
        filled = time.perf_counter() - started
        events = calendar_events(db, now=NOW)  # the very events the export writes
        calendar = to_icalendar(events, now=NOW)
        target = Path(folder) / "all.ics"

        def first() -> object:
            db.execute("UPDATE followups SET ics_fingerprint = '', ics_sequence = 0")
            db.conn.commit()
            started = time.perf_counter()
            export_calendar(db, target, now=NOW)
            return time.perf_counter() - started

        def again() -> object:
            return export_calendar(db, target, now=NOW)

        def baseline() -> object:
            return calendar.to_ical()

        first_time = min(float(first()) for _ in range(repeat))  # type: ignore[arg-type]
        first_peak = peak_memory(first)
        rows = [("export_calendar, first", first_time, first_peak),
                ("export_calendar, again", best_time(again, repeat), peak_memory(again)),
                ("baseline (Calendar.to_ical)", best_time(baseline, repeat), peak_memory(baseline))]
        same = target.read_bytes() == calendar.to_ical()
        stored = db.execute("SELECT count(*) FROM followups WHERE ics_fingerprint != ''").fetchone()[0]
        db.close()
    print(f"{count:,} follow-ups in a database (filled in {filled:.2f} s), --all export; "
          f"identical bytes: {same}; fingerprints stored: {stored:,}")
    base_time, base_peak = rows[-1][1], rows[-1][2]
    print(f"{'path':<30} {'time s':>8} {'x base':>7} {'peak MB':>8} {'x base':>7}")
    for name, seconds, peak in rows:
        print(f"{name:<30} {seconds:8.3f} {seconds / base_time:7.2f} {peak / 1e6:8.1f} "
              f"{peak / base_peak:7.2f}")
    met = True
    for name, seconds, _ in rows[:2]:
        ratio = seconds / base_time
        verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
        met = met and ratio <= TARGET_RATIO
        print(f"{name} / baseline = {ratio:.2f} ({verdict} the target of <= {TARGET_RATIO})")
    return same and stored == count, met


if __name__ == "__main__":
    raise SystemExit(main())
