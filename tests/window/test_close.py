"""Closing the window with saves still failing asks through the real dialog, and keeps the text."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from planner.incidents.service import get_incident
from planner.store.paths import database_path
from tests.gui_helpers import show_main_window
from ui.window.main_window import MainWindow


class Clicks:
    """Patches QMessageBox.exec: answers with the standard button named next, records each question."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *buttons: str) -> None:
        self.asked: list[str] = []
        self._buttons = list(buttons)
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self.answer(box))

    def answer(self, box: QMessageBox) -> int:
        self.asked.append(box.text())
        answer = getattr(QMessageBox.StandardButton, self._buttons.pop(0))
        assert box.button(answer) is not None, "the dialog offers no such button"
        return int(answer.value)


def _locked_edit(qtbot, data_dir: Path) -> tuple[MainWindow, sqlite3.Connection]:  # type: ignore[no-untyped-def]
    window = show_main_window(qtbot, data_dir)
    window.list_panel.select(window.list_panel.model.row_at(0).id)
    window.nav.show_workspace()
    window.ctx.autosaver.retry_timer.setInterval(60_000)
    blocker = sqlite3.connect(database_path(data_dir))
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    window.ctx.db.conn.execute("PRAGMA busy_timeout=100")
    qtbot.keyClicks(window.workspace.pages["what"].title_edit, " typed while locked")
    return window, blocker


def test_cancel_keeps_the_window_and_the_text_then_it_saves(qtbot, data_dir: Path, monkeypatch) -> None:
    window, blocker = _locked_edit(qtbot, data_dir)
    clicks = Clicks(monkeypatch, "Cancel")
    try:
        assert not window.close()
        assert window.isVisible() and "Close anyway" in clicks.asked[0]
        assert window.workspace.pages["what"].title_edit.text().endswith(" typed while locked")
    finally:
        blocker.rollback()
        blocker.close()
    assert window.ctx.autosaver.retry()
    assert get_incident(window.ctx.db, window.workspace.incident_id).title.endswith(" typed while locked")
    assert window.close()


def test_close_anyway_closes_after_asking(qtbot, data_dir: Path, monkeypatch) -> None:
    window, blocker = _locked_edit(qtbot, data_dir)
    clicks = Clicks(monkeypatch, "Close")
    try:
        assert window.close()
        assert not window.isVisible() and len(clicks.asked) == 1
    finally:
        blocker.rollback()
        blocker.close()


def test_a_saved_window_closes_without_asking(qtbot, data_dir: Path, monkeypatch) -> None:
    window = show_main_window(qtbot, data_dir)
    clicks = Clicks(monkeypatch)
    qtbot.keyClicks(window.workspace.pages["what"].title_edit, " fine")
    assert window.close() and clicks.asked == []


def test_a_shutdown_saves_and_closes_without_a_question(qtbot, data_dir: Path, monkeypatch) -> None:
    window = show_main_window(qtbot, data_dir)
    window.list_panel.select(window.list_panel.model.row_at(0).id)
    window.nav.show_workspace()
    clicks = Clicks(monkeypatch)
    qtbot.keyClicks(window.workspace.pages["what"].title_edit, " last words")
    window.shutting_down = True
    assert window.close() and clicks.asked == []
    assert get_incident(window.ctx.db, window.workspace.incident_id).title.endswith(" last words")


def test_ctrl_q_right_after_typing_keeps_the_text(qtbot, data_dir: Path, monkeypatch) -> None:
    window = show_main_window(qtbot, data_dir)
    window.list_panel.select(window.list_panel.model.row_at(0).id)
    window.nav.show_workspace()
    clicks = Clicks(monkeypatch)
    page = window.workspace.pages["what"]
    qtbot.keyClicks(page.title_edit, " then Ctrl+Q")  # inside the autosave delay
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible() and clicks.asked == []
    stored = get_incident(window.ctx.db, window.workspace.incident_id).title
    assert stored.endswith(" then Ctrl+Q")


def test_a_logout_through_the_session_manager_saves_first(qtbot, data_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.startup.shutdown import save_everything

    window = show_main_window(qtbot, data_dir)
    window.list_panel.select(window.list_panel.model.row_at(0).id)
    window.nav.show_workspace()
    qtbot.keyClicks(window.workspace.pages["what"].title_edit, " before logout")
    save_everything(QApplication.instance())  # what commitDataRequest runs
    assert not window.ctx.autosaver.has_pending()
    stored = get_incident(window.ctx.db, window.workspace.incident_id).title
    assert stored.endswith(" before logout")
    window.close()
