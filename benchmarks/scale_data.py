"""Data files of 1,000 / 10,000 / 100,000 incidents for the scale and start-up benchmarks, built
once with bulk inserts and cached in the temp folder (a 100,000-incident file takes a minute).

Each file looks like a busy team's: per incident two moments, and across the file one
customer per three incidents, an apology for every second incident, a visit for every third and
five follow-ups per incident; most past follow-ups are done, most incidents apologized or closed,
and every text field has words in it. The same seed gives the same file every time.
"""
from __future__ import annotations

import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUILD_VERSION = 2  # bump when the shape of the data changes, so cached files are rebuilt
CACHE = Path(os.environ.get("AMENDS_BENCH_CACHE", Path(tempfile.gettempdir()) / "amends-bench-data"))
# Fixed, so a cached file stays comparable; Today counts are taken against the same moment.
BUILT_AT = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
WORDS = ["late", "damaged", "wrong", "order", "invoice", "courier", "pallet", "shelving", "lighting", "endcaps", "bracket", "warehouse", "driver", "refund", "credit", "replacement", "install", "delay", "missed", "call", "email", "apology", "director", "handover", "refit", "store", "schedule", "fitters", "site", "crushed", "size", "quote", "discount", "weekly", "review", "promise", "check", "confirm", "satisfied", "relieved", "angry", "embarrassed", "waiting"]
NAMES = ["Halvorsen", "Brightwater", "Kestrel", "Orchard", "Nordby", "Fairweather", "Ashdown", "Calder", "Penrose", "Whitlock", "Okafor", "Lindqvist", "Moreau", "Castellano", "Tanaka", "Byrne", "Adeyemi", "Novak", "Müller", "Weiß"]
KINDS = ("Fitouts", "Dental", "Labs", "Retail", "Bäckerei", "Logistics")
STATUSES = (["open"] * 2 + ["apology_planned"] * 2 + ["apologized"] * 20 + ["remedy_in_progress"] * 16
            + ["closed"] * 60)
SEVERITIES = ["low"] * 3 + ["medium"] * 4 + ["high"] * 2 + ["critical"]


def cached_file(count: int) -> Path:
    """The cached amends.db holding `count` incidents (built now if missing)."""
    from planner.store.migrations import SCHEMA_VERSION

    folder = CACHE / f"v{BUILD_VERSION}-schema{SCHEMA_VERSION}-{count}"
    path = folder / "amends.db"
    if not path.exists():
        started = time.perf_counter()
        build(folder, count)
        print(f"built {count:,} incidents in {time.perf_counter() - started:.1f} s "
              f"({path.stat().st_size / 2**20:.0f} MiB), cached in {folder}", file=sys.stderr)
    return path


def data_folder(count: int, target: Path) -> Path:
    """A fresh data folder at target holding a copy of the cached file (the cache stays pristine)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True, mode=0o700)
    shutil.copy2(cached_file(count), target / "amends.db")
    os.chmod(target / "amends.db", 0o600)
    return target


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(folder: Path, count: int) -> None:
    """Create folder/amends.db with the schema of this Amends and `count` incidents."""
    from planner.store.db import open_data_dir

    if folder.exists():
        shutil.rmtree(folder)
    partial = folder.with_name(folder.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    open_data_dir(partial).close()  # the schema, migrated, through the app's own path
    conn = sqlite3.connect(partial / "amends.db")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    rng = random.Random(7)
    now = BUILT_AT
    stamp = now.isoformat(timespec="seconds")
    customers = max(1, count // 3)
    with conn:
        conn.executemany(
            "INSERT INTO customers (id, company, contact_name, relationship_notes, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            ((i + 1, f"{rng.choice(NAMES)} {rng.choice(KINDS)} {i}", f"{rng.choice(NAMES)} {rng.choice(NAMES)}",
              sentence(rng, 20), stamp, stamp) for i in range(customers)))
        conn.executemany(
            "INSERT INTO incidents (id, customer_id, title, what_went_wrong, impact, status, severity,"
            " customer_confirmation, happened_at, reported_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'ok', ?, ?, ?, ?)",
            _incidents(rng, count, customers, now, stamp))
        conn.executemany(
            "INSERT INTO moments (incident_id, position, what, feeling) VALUES (?, ?, ?, ?)",
            ((i // 2 + 1, i % 2, sentence(rng, 10), sentence(rng, 5)) for i in range(count * 2)))
        conn.executemany(
            "INSERT INTO apologies (incident_id, regret, responsibility, remedy, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            ((i, sentence(rng, 15), sentence(rng, 20), sentence(rng, 20), stamp)
             for i in range(1, count + 1, 2)))
        conn.executemany(
            "INSERT INTO visits (incident_id, starts_at, status, notes, outcome_said, outcome_agreed,"
            " ics_uid, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _visits(rng, count, now, stamp))
        conn.executemany(
            "INSERT INTO followups (incident_id, due_date, due_time, tz, purpose, status, outcome,"
            " ics_uid, created_at, updated_at) VALUES (?, ?, ?, 'Europe/London', ?, ?, ?, ?, ?, ?)",
            _followups(rng, count, now, stamp))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for name in ("backups", "logs"):  # the schema's open took no backup, but be sure
        shutil.rmtree(partial / name, ignore_errors=True)
    partial.rename(folder)


def _incidents(rng: random.Random, count: int, customers: int, now: datetime, stamp: str):  # type: ignore[no-untyped-def]
    for i in range(count):
        reported = now - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1440))
        yield (i + 1, rng.randint(1, customers), sentence(rng, 4)[:-1], sentence(rng, 40),
               sentence(rng, 25), rng.choice(STATUSES), rng.choice(SEVERITIES),
               (reported - timedelta(days=1)).isoformat(timespec="seconds"),
               reported.isoformat(timespec="seconds"), stamp, stamp)


def _visits(rng: random.Random, count: int, now: datetime, stamp: str):  # type: ignore[no-untyped-def]
    for i in range(1, count + 1, 3):
        starts = now + timedelta(days=rng.randint(-500, 30), hours=rng.randint(-1, 8))
        status = "done" if starts < now else "planned"
        yield (i, starts.isoformat(timespec="seconds"), status, sentence(rng, 15), sentence(rng, 8),
               sentence(rng, 8), f"v{i}@bench", stamp, stamp)


def _followups(rng: random.Random, count: int, now: datetime, stamp: str):  # type: ignore[no-untyped-def]
    for i in range(count * 5):
        due = now.date() + timedelta(days=rng.randint(-600, 60))
        past = due < now.date()
        # A busy rep still lets a few slip: 1 in 200 past follow-ups is left pending.
        status = "pending" if not past or rng.random() < 0.005 else rng.choice(["done"] * 9 + ["skipped"])
        yield (rng.randint(1, count), due.isoformat(), rng.choice([None, "09:00", "10:30", "14:00"]),
               sentence(rng, 6), status, sentence(rng, 10) if status == "done" else "", f"f{i}@bench",
               stamp, stamp)


if __name__ == "__main__":
    for size in map(int, sys.argv[1:] or ["1000", "10000", "100000"]):
        print(cached_file(size))
