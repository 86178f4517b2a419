"""Customer since may be left unset; one customer's date never copies itself onto another."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.incidents.service import get_customer, get_incident
from tests.gui_helpers import show_main_window


def _since(window, incident_id: int) -> date | None:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    return get_customer(db, get_incident(db, incident_id).customer_id).customer_since


def test_new_customer_keeps_customer_since_unset(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    sample = window.list_panel.model.row_at(0).id
    assert _since(window, sample) is not None  # the sample customer has a date to leak
    window.nav.open_incident(sample, "what")
    window.new_incident()
    new = window.workspace.incident_id
    page = window.workspace.pages["what"]
    assert page.customer_since.text() == "not set" and not page.since_known.isChecked()
    page.c["company"].setText("Brightwell Dental")
    assert window.ctx.autosaver.flush()
    assert _since(window, new) is None
    # Only the user's choice writes a date.
    page.since_known.setChecked(True)
    page.customer_since.setDate(page.customer_since.date().addYears(-3))
    assert window.ctx.autosaver.flush()
    assert _since(window, new) is not None
    page.since_known.setChecked(False)
    assert window.ctx.autosaver.flush()
    assert _since(window, new) is None
    window.workspace.load(sample)
    window.workspace.load(new)
    assert page.customer_since.text() == "not set"
    window.close()
