"""Benchmark: the calendar sync of 1,000 and 10,000 follow-ups with a local Radicale, beside the
same events written as one .ics file.

Run: .venv/bin/python benchmarks/sync.py [--counts 1000,10000]

For each count, on a fresh data file connected to a fresh calendar:
  first         every follow-up created on the server (one PUT each, If-None-Match: *);
  again         nothing changed: the sync token says so in one report;
  1% edited     a hundredth of the follow-ups reworded, then synced (If-Match each);
  .ics file     export_calendar() of the same follow-ups to one file (the baseline);
  raw PUTs      objects PUT by the bare caldav client with no bookkeeping: what the server
                itself takes. Radicale's PUT slows as a calendar grows, so it is sampled in an
                empty calendar and in the full one, and the two averaged (the first sync
                fills the calendar from empty to N);
  raw report    one sync-collection REPORT by the bare client with the current token: what
                the server itself takes to say "nothing changed".
Time is wall time (perf_counter); requests are counted in the client; memory is the growth of
the process's peak resident size (the server runs in its own process, not counted).

Targets (exit status 1 when one is missed), against the server's own cost in the same run:
  requests   first <= N + 10, again <= 3, 1% edited <= edits + 5;
  time       first <= 1.5 x the raw PUTs per object; again <= 1.5 x the raw report + 0.2 s;
             1% edited <= 1.5 x (raw report + its PUTs at the raw rate) + 0.5 s;
  memory     first <= 200 MB of growth at 10,000.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.export import NOW
from benchmarks.export import fill_database as fill  # the same follow-ups both measure
from planner.calendar.export import export_calendar
from planner.calendar.sync import service
from planner.calendar.sync.items import load_items
from planner.calendar.sync.server import CalendarServer, object_href
from planner.store.db import open_data_dir
from planner.uids import new_uid
from tests.calendar.servers import PASSWORD, USER, Radicale

RAW_SAMPLE = 300


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def timed_sync(db: Any) -> tuple[float, int, float]:
    before = peak_mb()
    started = time.perf_counter()
    report = service.sync_now(db, now=NOW, password=PASSWORD)
    return time.perf_counter() - started, report.requests, peak_mb() - before


def raw_puts(server_url: str, db: Any, count: int, calendar_url: str | None = None) -> float:
    """Seconds per object for PUTs of objects like the sync's by the bare client, with no
    bookkeeping, into ``calendar_url`` (a new, empty calendar for None) under new UIDs."""
    server = CalendarServer(server_url, USER, PASSWORD, auth_type="basic")
    try:
        if calendar_url is None:
            calendar_url = server.create_calendar(f"raw baseline {time.time()}", tasks=False).url
        items = list(load_items(db).values())[:count]
        texts = []
        for item in items:
            uid = new_uid()
            text = item.text(rep="", tasks=False, now=NOW).replace(item.uid, uid)
            texts.append((object_href(calendar_url, uid), text))
        started = time.perf_counter()
        for href, text in texts:
            server.client.put(href, text, {"Content-Type": "text/calendar; charset=utf-8"})
        return (time.perf_counter() - started) / len(texts)
    finally:
        server.close()


def raw_report(server_url: str, calendar_url: str, token: str) -> float:
    """Seconds for one sync-collection REPORT by the bare client, nothing changed since."""
    server = CalendarServer(server_url, USER, PASSWORD)
    try:
        server.changes(calendar_url, token)  # signs in (the 401 round) outside the timing
        started = time.perf_counter()
        server.changes(calendar_url, token)
        return time.perf_counter() - started
    finally:
        server.close()


def run(count: int, radicale: Radicale, folder: Path) -> list[str]:
    """Measure one count; returns the targets it missed."""
    db = open_data_dir(folder / f"data-{count}")
    fill(db, count)
    service.connect(db, radicale.url, USER, PASSWORD, calendar=f"bench {count}", now=NOW)
    first = timed_sync(db)
    again = timed_sync(db)
    account = service.load_account(db)
    assert account is not None
    report_s = raw_report(radicale.url, account.calendar_url, account.sync_token)
    edits = count // 100
    db.execute("UPDATE followups SET purpose = purpose || ' (reworded)' WHERE id <= ?", [edits])
    db.conn.commit()
    edited = timed_sync(db)
    started = time.perf_counter()
    written = export_calendar(db, folder / f"all-{count}.ics", now=NOW)
    ics = time.perf_counter() - started
    sample = min(count, RAW_SAMPLE)
    raw_empty = raw_puts(radicale.url, db, sample)
    raw_full = raw_puts(radicale.url, db, sample, account.calendar_url)
    raw = (raw_empty + raw_full) / 2
    db.close()

    print(f"\n{count:,} follow-ups ({written:,} events in the .ics file, "
          f"{(folder / f'all-{count}.ics').stat().st_size / 1e6:.1f} MB)")
    print(f"{'':<14} {'time s':>8} {'requests':>9} {'ms/object':>10} {'peak +MB':>9}")
    rows = [("first sync", first, count), ("again", again, count), (f"{edits} edited", edited, edits)]
    for name, (seconds, requests, memory), objects in rows:
        print(f"{name:<14} {seconds:8.2f} {requests:9,} {1000 * seconds / max(objects, 1):10.2f} "
              f"{memory:9.1f}")
    print(f"{'.ics file':<14} {ics:8.2f} {0:9} {1000 * ics / count:10.3f}")
    print(f"{'raw PUTs':<14} {'':>8} {'':>9} {1000 * raw:10.2f}   (bare client: "
          f"{1000 * raw_empty:.1f} into an empty calendar, {1000 * raw_full:.1f} into the full one)")
    print(f"{'raw report':<14} {report_s:8.2f} {1:9}   (bare client, nothing changed)")
    again_limit = 1.5 * report_s + 0.2
    edited_limit = 1.5 * (report_s + edits * raw) + 0.5
    missed = []
    checks = [
        (f"first sync requests {first[1]:,} <= {count + 10:,}", first[1] <= count + 10),
        (f"unchanged sync requests {again[1]} <= 3", again[1] <= 3),
        (f"edited sync requests {edited[1]} <= {edits + 5}", edited[1] <= edits + 5),
        (f"first sync {1000 * first[0] / count:.2f} ms/object <= 1.5 x raw {1000 * raw:.2f}",
         first[0] / count <= 1.5 * raw),
        (f"unchanged sync {again[0]:.2f} s <= {again_limit:.2f} s", again[0] <= again_limit),
        (f"edited sync {edited[0]:.2f} s <= {edited_limit:.2f} s", edited[0] <= edited_limit),
        (f"first sync memory +{first[2]:.0f} MB <= 200 MB", count < 10_000 or first[2] <= 200),
    ]
    for text, ok in checks:
        print(f"  {'meets' if ok else 'MISSES'}: {text}")
        if not ok:
            missed.append(f"{count}: {text}")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--counts", default="1000,10000")
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.counts.split(",")]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        radicale = Radicale(folder / "radicale").start()
        try:
            missed = [m for count in counts for m in run(count, radicale, folder)]
        finally:
            radicale.stop()
    print("\nall targets met" if not missed else "\nMISSED: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
