"""After an edit the list reads only the edited incident's rows again, in the same order a full read gives."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.incidents.model import Severity, Status
from planner.incidents.service import attention_key, list_incident_summaries
from planner.store.db import open_data_dir
from planner.timeutil import to_iso
from tests.gui_helpers import show_main_window
from ui.incidents.incident_list import IncidentListPanel

BASE = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def fill(db, rng: random.Random, customers: int, incidents: int) -> None:  # type: ignore[no-untyped-def]
    stamp = to_iso(BASE)
    with db.atomic():
        ids = [db["customers"].insert({"company": f"Firm {n}", "contact_name": f"Person {n}",
                                       "created_at": stamp, "updated_at": stamp}).last_pk
               for n in range(customers)]
        for n in range(incidents):
            reported = None if rng.random() < 0.1 else to_iso(BASE + timedelta(minutes=rng.randrange(0, 5000)))
            db["incidents"].insert({
                "customer_id": rng.choice(ids), "title": f"Incident {n}",
                "status": rng.choice(list(Status)).value, "severity": rng.choice(list(Severity)).value,
                "reported_at": reported, "customer_confirmation": "ok", "created_at": stamp, "updated_at": stamp,
            })


def test_the_database_order_is_the_attention_key_order(db) -> None:  # type: ignore[no-untyped-def]
    fill(db, random.Random(3), customers=20, incidents=300)
    rows = list_incident_summaries(db)
    assert rows == sorted(rows, key=attention_key)


def test_around_reads_the_incidents_and_their_customers_others(db) -> None:  # type: ignore[no-untyped-def]
    fill(db, random.Random(4), customers=10, incidents=80)
    everything = list_incident_summaries(db)
    picked = everything[5]
    customer = db.execute("SELECT customer_id FROM incidents WHERE id = ?", [picked.id]).fetchone()[0]
    expected = [r for r in everything
                if db.execute("SELECT customer_id FROM incidents WHERE id = ?", [r.id]).fetchone()[0] == customer]
    assert list_incident_summaries(db, around=[picked.id]) == expected
    assert list_incident_summaries(db, around=[]) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), edits=st.integers(1, 4))
def test_updating_some_rows_orders_the_list_as_a_full_read_would(qapp, tmp_path: Path, seed: int, edits: int) -> None:
    folder = tmp_path / f"data-{seed}-{edits}"
    db = open_data_dir(folder)
    rng = random.Random(seed)
    fill(db, rng, customers=6, incidents=40)
    panel = IncidentListPanel()
    panel.set_incidents(list_incident_summaries(db))
    ids = [r.id for r in list_incident_summaries(db)]
    changed = set(rng.sample(ids, edits))
    with db.atomic():
        for incident_id in changed:
            db.execute("UPDATE incidents SET status = ?, severity = ?, title = ? WHERE id = ?",
                       [rng.choice(list(Status)).value, rng.choice(list(Severity)).value,
                        f"Edited {incident_id}", incident_id])
        gone = rng.choice(sorted(changed))
        db.execute("DELETE FROM incidents WHERE id = ?", [gone])
    panel.update_incidents(list_incident_summaries(db, around=changed), {gone})
    assert [r for r, _ in panel._all] == list_incident_summaries(db)
    assert panel.model.rowCount() == len(ids) - 1
    db.close()
    panel.deleteLater()


def test_editing_a_title_updates_its_row_without_reading_the_whole_list(qtbot, data_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = show_main_window(qtbot, data_dir)
    window.new_incident()
    incident_id = window.workspace.incident_id
    full_reads: list[int] = []
    monkeypatch.setattr(window.list_panel, "set_incidents", lambda *a, **k: full_reads.append(1))
    page = window.workspace.pages["what"]
    page.title_edit.selectAll()
    qtbot.keyClicks(page.title_edit, "Pallets arrived crushed")
    qtbot.waitUntil(lambda: window.list_panel.model.row_at(
        window.list_panel.model.row_of_key(incident_id)).title == "Pallets arrived crushed", timeout=5000)
    assert full_reads == []
    assert window.list_panel.current_id() == incident_id  # still selected
