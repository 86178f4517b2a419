"""Today-view load and search answer times on 10,000 incidents and 50,000 follow-ups.

The data is made to look like a busy team's file: most past follow-ups are done, most incidents
are apologized or closed, and every text field has words in it. Figures are printed beside
their targets; a missed target makes the script exit 1, so `make bench` tells the truth.
Run: `.venv/bin/python benchmarks/today_search.py`.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

INCIDENTS, FOLLOWUPS, CUSTOMERS = 10_000, 50_000, 3_000
RUNS = 15
TODAY_TARGET_S, SEARCH_TARGET_S = 0.200, 0.050  # medians
WORDS = ["late", "damaged", "wrong", "order", "invoice", "courier", "pallet", "shelving", "lighting", "endcaps", "bracket", "warehouse", "driver", "refund", "credit", "replacement", "install", "delay", "missed", "call", "email", "apology", "director", "handover", "refit", "store", "schedule", "fitters", "site", "crushed", "size", "quote", "discount", "weekly", "review", "promise", "check", "confirm", "satisfied", "relieved", "angry", "embarrassed", "waiting"]
NAMES = ["Halvorsen", "Brightwater", "Kestrel", "Orchard", "Nordby", "Fairweather", "Ashdown", "Calder", "Penrose", "Whitlock", "Okafor", "Lindqvist", "Moreau", "Castellano", "Tanaka", "Byrne", "Adeyemi", "Novak"]
QUERIES = ["h", "ha", "halv", "halvorsen", "end", "endca", "courier", "late deliv", "dana",
           "invoice twice", "crushed pallet", "relieved", "weekly review", "zzzz", "Nordby 12",
           "replacement", "sorry", "warehouse driver", "conf", "q"]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(folder: Path, now: datetime) -> None:
    from planner.store.db import open_data_dir
    from planner.timeutil import to_iso

    db = open_data_dir(folder)
    rng = random.Random(7)
    stamp = to_iso(now)
    with db.atomic():
        db.table("customers").insert_all(
            {"company": f"{rng.choice(NAMES)} {rng.choice(['Fitouts', 'Dental', 'Labs', 'Retail'])} {i}",
             "contact_name": f"{rng.choice(NAMES)} {rng.choice(NAMES)}",
             "relationship_notes": sentence(rng, 20), "created_at": stamp, "updated_at": stamp}
            for i in range(CUSTOMERS))
        statuses = ["open"] * 2 + ["apology_planned"] * 2 + ["apologized"] * 20 + ["remedy_in_progress"] * 16 + ["closed"] * 60
        incidents = []
        for i in range(INCIDENTS):
            reported = now - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1440))
            incidents.append({
                "customer_id": rng.randint(1, CUSTOMERS), "title": f"{sentence(rng, 4)} #{i}",
                "what_went_wrong": sentence(rng, 40), "impact": sentence(rng, 25),
                "status": rng.choice(statuses), "customer_confirmation": "ok",
                "happened_at": to_iso(reported - timedelta(days=1)), "reported_at": to_iso(reported),
                "created_at": stamp, "updated_at": stamp})
        db.table("incidents").insert_all(incidents)
        db.table("apologies").insert_all(
            {"incident_id": i, "regret": sentence(rng, 15), "responsibility": sentence(rng, 20),
             "remedy": sentence(rng, 20), "updated_at": stamp} for i in range(1, INCIDENTS + 1, 2))
        db.table("moments").insert_all(
            {"incident_id": i // 2 + 1, "position": i % 2, "what": sentence(rng, 10), "feeling": sentence(rng, 5)}
            for i in range(INCIDENTS * 2))
        db.table("visits").insert_all(
            {"incident_id": i, "starts_at": to_iso(now + timedelta(days=rng.randint(-500, 30), hours=rng.randint(8, 17))),
             "status": "planned", "notes": sentence(rng, 15), "outcome_said": sentence(rng, 8),
             "outcome_agreed": sentence(rng, 8), "ics_uid": f"v{i}", "created_at": stamp, "updated_at": stamp}
            for i in range(1, INCIDENTS + 1, 3))
        db.execute("UPDATE visits SET status = 'done' WHERE starts_at < ?", [stamp])
        followups = []
        for i in range(FOLLOWUPS):
            due = now.date() + timedelta(days=rng.randint(-600, 60))
            past = due < now.date()
            # A busy rep still lets a few slip: 1 in 200 past follow-ups is left pending.
            status = "pending" if not past or rng.random() < 0.005 else rng.choice(["done"] * 9 + ["skipped"])
            followups.append({
                "incident_id": rng.randint(1, INCIDENTS), "due_date": due.isoformat(),
                "due_time": rng.choice([None, "09:00", "10:30", "14:00"]), "tz": "Europe/London",
                "purpose": sentence(rng, 6), "status": status,
                "outcome": sentence(rng, 10) if status == "done" else "", "ics_uid": f"f{i}",
                "created_at": stamp, "updated_at": stamp})
        db.table("followups").insert_all(followups, batch_size=2000)
    db.execute("ANALYZE")
    db.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def verdict(name: str, median: float, target: float) -> bool:
    """Print whether a median met its target; True when it did."""
    met = median <= target
    print(f"{'met   ' if met else 'MISSED'} {name}: median {ms(median)} against a target of {ms(target)}")
    return met


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from planner.overview.search import search
    from planner.overview.today import TODAY_SECTION_LIMIT, today_view
    from planner.store.db import open_data_dir
    from ui.context import AppContext
    from ui.overview.today_models import FollowUpsModel, VisitsModel, WaitingModel
    from ui.overview.today_view import TodayView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    now = datetime.now().astimezone()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "big"
        start = time.perf_counter()
        generate(folder, now)
        print(f"generated {INCIDENTS:,} incidents, {FOLLOWUPS:,} follow-ups in {time.perf_counter() - start:.1f} s")
        db = open_data_dir(folder)
        models = [FollowUpsModel(), FollowUpsModel(), FollowUpsModel(), VisitsModel(), WaitingModel()]
        loads, queries = [], []
        for _ in range(RUNS):
            start = time.perf_counter()
            data = today_view(db, now)
            middle = time.perf_counter()
            for model, rows in zip(models, [data.overdue, data.due_today, data.upcoming, data.visits, data.waiting]):
                model.set_rows(rows)  # type: ignore[arg-type]
            loads.append(time.perf_counter() - start)
            queries.append(middle - start)
        print(f"Today rows: {len(data.overdue)} overdue, {len(data.due_today)} today, "
              f"{len(data.upcoming)} next 7 days, {len(data.visits)} visits, {len(data.waiting)} waiting")
        print(f"Today view load (query + model fill), median of {RUNS}: {ms(statistics.median(loads))}"
              f"   (query alone {ms(statistics.median(queries))}; worst {ms(max(loads))})   target <= 200 ms")
        capped = []
        for _ in range(RUNS):  # what the page reads: the first TODAY_SECTION_LIMIT rows of each section
            start = time.perf_counter()
            today_view(db, now, limit=TODAY_SECTION_LIMIT)
            capped.append(time.perf_counter() - start)
        print(f"Today query as the page runs it (at most {TODAY_SECTION_LIMIT} rows a section), "
              f"median of {RUNS}: {ms(statistics.median(capped))}   (uncapped above: `amends agenda`)")
        view = TodayView(AppContext(db, folder), clock=lambda: now)
        view.resize(1000, 800)
        view.show()
        refreshes = []
        for _ in range(5):
            start = time.perf_counter()
            view.refresh()
            app.processEvents()  # lay out and paint the tables too
            refreshes.append(time.perf_counter() - start)
        print(f"whole Today page (query, models, tables laid out and painted), median of 5: "
              f"{ms(statistics.median(refreshes))}")
        view.close()
        answers, worst = [], ("", 0.0)
        for query in QUERIES:
            for _ in range(5):
                start = time.perf_counter()
                hits = search(db, query)
                took = time.perf_counter() - start
                answers.append(took)
                worst = max(worst, (query, took), key=lambda pair: pair[1])
        print(f"search answer, median over {len(QUERIES)} queries x 5: {ms(statistics.median(answers))}"
              f"   (worst {ms(worst[1])} for {worst[0]!r}; last query found {len(hits)})   target <= 50 ms")
        db.close()
        results = [verdict("Today view load", statistics.median(loads), TODAY_TARGET_S),
                   verdict("search answer", statistics.median(answers), SEARCH_TARGET_S)]
    del app
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
