"""Child process of the crash test: saves incidents, visits and follow-ups until it is killed.

Before each save it prints ``do <op> <target>``; after the commit returns it prints
``ack <op> ...``. The parent SIGKILLs it at a random moment and checks that every
acknowledged save is in the file. Run as ``python tests/crash_writer.py DATA_DIR SEED``.
"""
from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.db import open_data_dir  # noqa: E402
from planner.followups import FollowUp, add_followup, delete_followup, get_followup, save_followup  # noqa: E402
from planner.incidents import (  # noqa: E402
    create_customer, create_incident, delete_incident, get_incident, save_incident,
)
from planner.models import Customer, Incident  # noqa: E402
from planner.visits import ItemKind, Visit, VisitItem, VisitPerson, create_visit  # noqa: E402

NOW = datetime(2030, 1, 7, 9, 0, tzinfo=timezone.utc)  # visits must lie ahead; pinned, so never stale


def say(*parts: object) -> None:
    # One write() per line: a pipe takes it whole, so a kill never leaves half an acknowledgement.
    os.write(1, (" ".join(map(str, parts)) + "\n").encode())


def seq() -> int:
    # CLOCK_MONOTONIC is shared by all processes, so later children always write larger numbers.
    return time.monotonic_ns()


def pick(db, table: str) -> int | None:  # type: ignore[no-untyped-def]
    row = db.execute(f"SELECT id FROM {table} ORDER BY random() LIMIT 1").fetchone()
    return None if row is None else int(row[0])


def main() -> None:
    data_dir, rng = Path(sys.argv[1]), random.Random(int(sys.argv[2]))
    db = open_data_dir(data_dir)
    say("ready")
    while True:
        incident_id = pick(db, "incidents")
        roll = rng.random()
        if incident_id is None or roll < 0.15:
            say("do inc -")
            with db.atomic():
                customer = create_customer(db, Customer(company=f"Crash Co {seq()}"))
                assert customer.id is not None
                incident = create_incident(db, Incident(customer_id=customer.id, title=f"t-{seq()}"))
            say("ack inc", incident.id, customer.id)
        elif roll < 0.35:
            say("do edit", incident_id)
            incident = get_incident(db, incident_id)
            incident.what_went_wrong = f"edit-{seq()}"
            save_incident(db, incident)
            say("ack edit", incident_id, incident.what_went_wrong.split("-")[1])
        elif roll < 0.55:
            say("do visit", incident_id)
            people = [VisitPerson(f"P{i}", "role") for i in range(rng.randint(0, 3))]
            items = [VisitItem(f"item {i}") for i in range(rng.randint(0, 4))]
            visit = create_visit(db, Visit(
                incident_id=incident_id, starts_at=NOW + timedelta(days=rng.randint(1, 60)),
                place="Their office", people=people, agenda=items,
            ), now=NOW)
            count = len(visit.items(ItemKind.AGENDA))
            say("ack visit", visit.id, incident_id, len(people), count)
        elif roll < 0.75:
            say("do fu", incident_id)
            followup = add_followup(db, FollowUp(
                incident_id=incident_id, due_date=date(2030, 2, rng.randint(1, 28)),
                purpose=f"p-{seq()}",
            ))
            say("ack fu", followup.id, incident_id, followup.purpose.split("-")[1])
        elif roll < 0.88:
            followup_id = pick(db, "followups")
            if followup_id is None:
                continue
            say("do fuedit", followup_id)
            followup = get_followup(db, followup_id)
            followup.purpose = f"p-{seq()}"
            save_followup(db, followup)
            say("ack fuedit", followup_id, followup.purpose.split("-")[1])
        elif roll < 0.96:
            followup_id = pick(db, "followups")
            if followup_id is None:
                continue
            say("do fudel", followup_id)
            delete_followup(db, followup_id)
            say("ack fudel", followup_id)
        else:
            say("do incdel", incident_id)
            delete_incident(db, incident_id)
            say("ack incdel", incident_id)


if __name__ == "__main__":
    main()
