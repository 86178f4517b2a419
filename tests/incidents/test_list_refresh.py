"""The list shows every incident in attention order, the same after any edit as a full read gives."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.incidents.model import Severity, Status
from planner.incidents.service import attention_key, filter_summaries, list_incident_summaries
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
@given(seed=st.integers(0, 10_000), edits=st.integers(1, 4), word=st.sampled_from(["", "1", "firm 2", "person"]))
def test_after_edits_the_list_shows_what_a_full_read_shows(
    qapp, tmp_path: Path, seed: int, edits: int, word: str
) -> None:
    folder = tmp_path / f"data-{seed}-{edits}-{word}"
    db = open_data_dir(folder)
    rng = random.Random(seed)
    fill(db, rng, customers=6, incidents=140)
    panel = IncidentListPanel()
    panel.attach(db.conn, folder)
    panel.search.setText(word)
    ids = [r.id for r in list_incident_summaries(db)]
    changed = set(rng.sample(ids, edits))
    with db.atomic():
        for incident_id in changed:
            db.execute("UPDATE incidents SET status = ?, severity = ?, title = ? WHERE id = ?",
                       [rng.choice(list(Status)).value, rng.choice(list(Severity)).value,
                        f"Edited {incident_id}", incident_id])
        gone = rng.choice(sorted(changed))
        db.execute("DELETE FROM incidents WHERE id = ?", [gone])
    panel.refresh()
    assert panel.model.rows == filter_summaries(list_incident_summaries(db), word)
    assert panel.total == len(ids) - 1
    panel.close_reads()
    panel.deleteLater()
    db.close()


def test_editing_a_title_updates_its_row_reading_only_what_is_shown(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    window.new_incident()
    incident_id = window.workspace.incident_id
    model = window.list_panel.model
    before = model.pages_read
    page = window.workspace.pages["what"]
    page.title_edit.selectAll()
    qtbot.keyClicks(page.title_edit, "Pallets arrived crushed")
    qtbot.waitUntil(lambda: model.row_at(model.row_of_key(incident_id)).title == "Pallets arrived crushed",
                    timeout=5000)
    assert model.pages_read - before <= 3  # a page per refresh, not the whole list each time
    assert window.list_panel.current_id() == incident_id  # still selected
