"""A new incident happened when they told us: moving "They told us" earlier never blocks saving."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from planner.incidents.service import get_incident, new_incident
from planner.store.db import open_data_dir
from planner.timeutil import now_utc
from tests.gui_helpers import show_main_window, type_date, typed


def test_ctrl_n_then_reported_yesterday_saves(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    qtbot.keyClick(window.list_panel.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    new = window.workspace.incident_id
    created = get_incident(window.ctx.db, new)
    assert created.happened_at == created.reported_at
    page = window.workspace.pages["what"]
    page.title_edit.setText("Unanswered calls about the invoice")
    type_date(qtbot, page.reported_at, "yesterday")  # they told us yesterday, at the same time
    page.what_went_wrong.insertPlainText("Nobody picked up the support line on Friday.")
    assert window.ctx.autosaver.flush()
    assert page.error.text() == ""
    stored = get_incident(window.ctx.db, new)
    assert stored.what_went_wrong == "Nobody picked up the support line on Friday."
    assert stored.happened_at == stored.reported_at  # never touched, so it moved along
    assert page.happened_at.value() == page.reported_at.value()
    assert stored.reported_at.date() == created.reported_at.date() - timedelta(days=1)
    # Once the user sets "Happened" it is theirs: a report before it is refused, text kept.
    type_date(qtbot, page.happened_at, typed(page.reported_at.value() - timedelta(hours=1)))
    type_date(qtbot, page.reported_at, typed(page.happened_at.value() - timedelta(minutes=1)))
    assert not window.ctx.autosaver.flush()
    assert "They told us" in page.error.text()
    window.ctx.autosaver.discard_pending()
    window.close()


def test_unset_happened_shows_report_time_not_now(qtbot, data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    old = new_incident(db, now=now_utc() - timedelta(hours=20))
    with db.atomic():
        db["incidents"].update(old.id, {"happened_at": None})
    db.close()
    window = show_main_window(qtbot, data_dir)
    window.nav.open_incident(old.id, "what")
    page = window.workspace.pages["what"]
    assert page.happened_at.value() == page.reported_at.value()
    page.title_edit.setText("Late delivery of end caps")
    assert window.ctx.autosaver.flush()
    assert page.error.text() == ""
    assert get_incident(window.ctx.db, old.id).title == "Late delivery of end caps"
    window.close()
