"""A customer's data: exported whole as JSON, or erased so that no byte of their text is left."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from planner.apology.service import Apology, save_apology
from planner.cli.main import main
from planner.errors import NotFoundError
from planner.followups.service import FollowUp, add_followup
from planner.incidents.model import Customer, Incident, Moment
from planner.incidents.moments import add_moment
from planner.incidents.privacy import (
    EXPORT_FORMAT,
    customer_export,
    erase_customer,
    write_customer_export,
)
from planner.incidents.service import create_customer, create_incident, get_incident, save_incident
from planner.overview.search import search
from planner.store.atomic import ExportError
from planner.store.backups import MANUAL, take_backup
from planner.store.db import open_data_dir
from planner.visits.model import Visit, VisitItem, VisitPerson
from planner.visits.service import create_visit

NOW = datetime(2031, 5, 5, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
SECRET = "Quenbrowick"  # a word found nowhere else, so its bytes can be searched for


def add_customer(db, word: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A customer with one of everything, every text carrying word; returns (customer, incident)."""
    customer = create_customer(db, Customer(company=f"{word} Dental", contact_name=f"Sam {word}"))
    assert customer.id is not None
    incident = create_incident(db, Incident(customer_id=customer.id, title=f"{word} invoice",
                                            what_went_wrong=f"charged {word} twice"))
    assert incident.id is not None
    for draft in range(3):  # earlier versions of the text linger in free space unless scrubbed
        incident.impact = f"draft {draft} {word}"
        save_incident(db, incident)
    add_moment(db, incident.id, Moment(at_text="Mon", what=f"{word} called", feeling="angry"))
    save_apology(db, Apology(incident_id=incident.id, regret=f"I am sorry, {word}."), now=NOW)
    db.execute("INSERT INTO dismissals(incident_id, rule_id, matched_text, reason, created_at) "
               "VALUES (?, 'hedge', ?, 'fine', '2031-01-01')", [incident.id, word])
    db.conn.commit()
    create_visit(db, Visit(
        incident_id=incident.id, starts_at=NOW + timedelta(days=2), place=f"{word} HQ",
        people=[VisitPerson(f"Ann {word}", "ops")], agenda=[VisitItem(f"apologise to {word}")],
    ), now=NOW)
    add_followup(db, FollowUp(incident_id=incident.id, due_date=date(2031, 6, 1), purpose=f"call {word}"))
    return customer.id, incident.id


def files_containing(folder: Path, word: str) -> list[str]:
    hits = []
    for path in folder.iterdir():
        if path.is_file() and path.name.startswith("amends.db"):
            data = path.read_bytes()
            if any(form in data for form in (word.encode(), word.lower().encode(), word.encode("utf-16-le"))):
                hits.append(path.name)
    return hits


def test_export_holds_everything_about_one_customer_and_nobody_else(db, tmp_path: Path) -> None:
    customer_id, incident_id = add_customer(db, SECRET)
    add_customer(db, "Otherfolk")
    path = write_customer_export(db, customer_id, tmp_path / "out.json", now=NOW)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == EXPORT_FORMAT and data["exported_at"] == "2031-05-05T09:00:00+00:00"
    assert data["customer"]["company"] == f"{SECRET} Dental"
    [incident] = data["incidents"]
    assert incident["id"] == incident_id and incident["impact"] == f"draft 2 {SECRET}"
    assert incident["apology"]["regret"] == f"I am sorry, {SECRET}."
    assert [m["what"] for m in incident["moments"]] == [f"{SECRET} called"]
    assert [d["matched_text"] for d in incident["dismissals"]] == [SECRET]
    [visit] = incident["visits"]
    assert visit["place"] == f"{SECRET} HQ" and visit["people"][0]["name"] == f"Ann {SECRET}"
    assert f"apologise to {SECRET}" in [i["text"] for i in visit["items"]]
    assert [f["purpose"] for f in incident["followups"]] == [f"call {SECRET}"]
    assert "Otherfolk" not in path.read_text(encoding="utf-8")
    with pytest.raises(NotFoundError):
        customer_export(db, 9999)


def test_a_failed_export_names_the_file_and_leaves_nothing_behind(db, tmp_path: Path) -> None:
    customer_id, _ = add_customer(db, SECRET)
    target = tmp_path / "no-such-folder" / "out.json"
    with pytest.raises(ExportError, match="no-such-folder"):
        write_customer_export(db, customer_id, target)
    assert not target.parent.exists()


def test_erase_leaves_no_byte_of_the_customer_in_the_file_or_its_log(db, data_dir: Path) -> None:
    # Many SQLite builds leave deleted bytes in place by default; behave like one of them.
    db.conn.execute("PRAGMA secure_delete=OFF")
    customer_id, _ = add_customer(db, SECRET)
    _, kept = add_customer(db, "Otherfolk")
    assert files_containing(data_dir, SECRET)  # the search below can find the word at all
    report = erase_customer(db, customer_id)  # the connection stays open, as in the app
    assert (report.incidents, report.visits, report.followups) == (1, 1, 1)
    assert report.wal_cleared
    assert files_containing(data_dir, SECRET) == []
    assert get_incident(db, kept).title == "Otherfolk invoice"
    assert [hit.incident_id for hit in search(db, "Otherfolk")]
    assert search(db, SECRET) == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 0  # on only for the erasure
    for table in ("moments", "apologies", "dismissals", "visits", "visit_people", "visit_items", "followups"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= 1  # the other customer's


def test_erase_says_when_a_reader_kept_the_log_from_being_emptied(db, data_dir: Path) -> None:
    customer_id, _ = add_customer(db, SECRET)
    reader = sqlite3.connect(data_dir / "amends.db")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM incidents").fetchone()
    try:
        db.conn.execute("PRAGMA busy_timeout=100")
        report = erase_customer(db, customer_id)
    finally:
        reader.close()
    assert not report.wal_cleared
    assert db.execute("SELECT count(*) FROM customers").fetchone()[0] == 0


def test_shell_export_and_erase(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_data_dir(data_dir)
    customer_id, _ = add_customer(db, SECRET)
    db.close()
    where = ["--data-dir", str(data_dir)]
    assert main(["customer", "list", *where]) == 0
    assert f"{SECRET} Dental" in capsys.readouterr().out
    out_file = tmp_path / "c.json"
    assert main(["customer", "export", str(customer_id), "-o", str(out_file), *where]) == 0
    assert json.loads(out_file.read_text(encoding="utf-8"))["customer"]["id"] == customer_id
    assert main(["customer", "erase", str(customer_id), *where]) == 1
    assert "--yes" in capsys.readouterr().err
    assert main(["customer", "erase", str(customer_id), "--yes", *where]) == 0
    assert "Erased" in capsys.readouterr().out
    assert files_containing(data_dir, SECRET) == []
    assert main(["customer", "erase", str(customer_id), "--yes", *where]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_with_a_reader_open_erase_tells_the_truth_about_the_file(db, data_dir: Path) -> None:
    customer_id, _ = add_customer(db, SECRET)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # saved a while ago: in amends.db itself
    assert SECRET.encode() in (data_dir / "amends.db").read_bytes()
    reader = sqlite3.connect(data_dir / "amends.db")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM incidents").fetchone()
    try:
        db.conn.execute("PRAGMA busy_timeout=100")
        report = erase_customer(db, customer_id)
        summary = report.summary()
        # Honest: the old pages are still in amends.db while the reader holds them.
        assert SECRET.encode() in (data_dir / "amends.db").read_bytes()
        assert "text is gone" not in summary
        assert "still inside" in summary and str(data_dir / "amends.db") in summary
    finally:
        reader.close()
    db.close()  # the last connection: SQLite copies the rewritten file in and empties the log
    assert files_containing(data_dir, SECRET) == []


def test_erase_as_the_first_open_of_the_day_takes_no_fresh_copy(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_data_dir(data_dir)
    customer_id, _ = add_customer(db, SECRET)
    db.close()
    for backup in (data_dir / "backups").glob("*"):
        backup.unlink()  # as if yesterday's: today's first open would take a daily copy
    assert main(["customer", "erase", str(customer_id), "--yes", "--data-dir", str(data_dir)]) == 0
    assert list((data_dir / "backups").glob("*.db")) == []
    assert files_containing(data_dir, SECRET) == []
    assert "0 backup" not in capsys.readouterr().out


def test_erase_and_restore_in_a_folder_whose_name_is_not_utf8(tmp_path: Path) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("these file systems store names as Unicode")
    folder = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9-data"))
    db = open_data_dir(folder)
    customer_id, _ = add_customer(db, SECRET)
    take_backup(db.conn, folder, MANUAL)
    db.close()
    for argv in (["customer", "erase", str(customer_id), "--yes"],
                 ["backup", "restore", "--newest", "--yes"]):
        done = subprocess.run([sys.executable, "-m", "ui.startup.launcher", *argv, "--data-dir",
                               str(folder)], cwd=ROOT, capture_output=True, timeout=120, check=False,
                              env={**os.environ, "LC_ALL": "C.UTF-8"})
        assert done.returncode == 0, done.stderr
        assert b"caf\xe9-data" in done.stdout  # the folder named as the file system has it
