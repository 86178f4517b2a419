"""Child processes of the crash test: writers that save incidents, visits and follow-ups until killed.

``python tests/store/crash_writer.py DATA_DIR`` starts a zygote: it imports Amends once, then for each
``run SEED EARLY DELAY`` line on stdin forks one writer, SIGKILLs it after DELAY seconds (counted
from its start when EARLY is 1, so the kill can land while it opens the file, else from its
``ready``), and relays everything the writer said as ``chunk N STATUS`` plus N bytes.
Forking from a warm process keeps each kill cheap, so hundreds fit in a CI run.

Before each save a writer says ``do <op> <target>``; after the commit returns, ``ack <op> ...``.
"""
from __future__ import annotations

import os
import random
import signal
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from planner.followups.service import (
    FollowUp,
    add_followup,
    delete_followup,
    get_followup,
    save_followup,
)
from planner.incidents.model import Customer, Incident
from planner.incidents.service import (
    create_customer,
    create_incident,
    delete_incident,
    get_incident,
    save_incident,
)
from planner.store.db import open_data_dir
from planner.visits.model import ItemKind, Visit, VisitItem, VisitPerson
from planner.visits.service import create_visit

NOW = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)  # visits must lie ahead; pinned, so never stale


OUT = 1  # the writer's output pipe (set in the forked writer)


def say(*parts: object) -> None:
    # One write() per line: a pipe takes it whole, so a kill never leaves half an acknowledgement.
    os.write(OUT, (" ".join(map(str, parts)) + "\n").encode())


def seq() -> int:
    # CLOCK_MONOTONIC is shared by all processes, so later children always write larger numbers.
    return time.monotonic_ns()


def pick(db, table: str) -> int | None:  # type: ignore[no-untyped-def]
    row = db.execute(f"SELECT id FROM {table} ORDER BY random() LIMIT 1").fetchone()
    return None if row is None else int(row[0])


def write_until_killed(data_dir: Path, rng: random.Random) -> None:
    """Save one random thing after another, acknowledging each after its commit."""
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


def run_one(data_dir: Path, seed: int, early: bool, delay: float) -> tuple[bytes, str]:
    """Fork a writer, kill it as told, return what it said and how it ended."""
    global OUT
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        OUT = write_end
        try:
            write_until_killed(data_dir, random.Random(seed))
        except BaseException:  # noqa: BLE001 - a writer must never return into the zygote's loop
            import traceback

            traceback.print_exc()
        os._exit(3)
    os.close(write_end)
    said = b""
    if not early:
        while b"ready\n" not in said:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            said += chunk
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    while chunk := os.read(read_end, 65536):
        said += chunk
    os.close(read_end)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return said, "killed" if killed else f"exited-{os.waitstatus_to_exitcode(status)}"


def zygote(data_dir: Path) -> None:
    """Serve ``run`` requests from stdin until ``quit``."""
    for line in sys.stdin:
        words = line.split()
        if words[:1] != ["run"]:
            break
        said, how = run_one(data_dir, int(words[1]), words[2] == "1", float(words[3]))
        sys.stdout.buffer.write(f"chunk {len(said)} {how}\n".encode() + said)
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    zygote(Path(sys.argv[1]))
