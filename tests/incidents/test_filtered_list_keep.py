"""With the list filtered, editing the open incident out of the filter never blanks the workspace."""
from __future__ import annotations

from pathlib import Path

from planner.incidents.service import get_incident
from tests.gui_helpers import show_main_window


def test_refresh_keeps_the_open_incident_listed(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    inc = window.list_panel.model.row_at(0).id
    window.list_panel.search.setText("shelving")
    assert window.list_panel.model.row_of_key(inc) >= 0
    window.nav.open_incident(inc, "what")
    page = window.workspace.pages["what"]
    page.title_edit.setFocus()
    page.title_edit.selectAll()
    qtbot.keyClicks(page.title_edit, "Wrong end caps")
    # The save, then the list refresh that follows it (150 ms later).
    qtbot.waitUntil(lambda: get_incident(window.ctx.db, inc).title == "Wrong end caps", timeout=3000)
    qtbot.waitUntil(lambda: "Wrong end caps" in window.list_panel.model.row_at(0).title, timeout=3000)
    assert window.workspace.incident_id == inc and window.workspace.body.isVisible()
    assert window.list_panel.current_id() == inc
    assert page.title_edit.hasFocus()
    qtbot.keyClicks(page.title_edit, " for Deansgate")
    qtbot.waitUntil(lambda: get_incident(window.ctx.db, inc).title == "Wrong end caps for Deansgate",
                    timeout=3000)
    # The user's own change of the search may still hide its row; the incident stays open.
    window.list_panel.search.setText("shelving ")
    assert window.list_panel.model.row_of_key(inc) < 0
    assert window.workspace.incident_id == inc and window.workspace.body.isVisible()
    window.close()


def test_the_open_incident_hidden_by_a_search_can_still_be_deleted(qtbot, data_dir: Path,
                                                                   monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = show_main_window(qtbot, data_dir)
    inc = window.list_panel.model.row_at(0).id
    window.nav.open_incident(inc, "what")
    window.list_panel.search.setText("no incident is called this")
    assert window.workspace.incident_id == inc and window.list_panel.current_id() is None
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    window.workspace.pages["what"].title_edit.setFocus()
    window.delete_current()
    assert asked and get_incident(window.ctx.db, inc).title in asked[0]
    window.close()
