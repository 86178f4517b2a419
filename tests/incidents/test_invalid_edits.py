"""Input refused by validation is kept until fixed or discarded; leaving asks, never loses it."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from planner.incidents.moments import list_moments
from planner.incidents.service import get_customer, get_incident, list_incident_summaries
from tests.gui_helpers import show_main_window
from ui.window.main_window import MainWindow

NOTE = "Customer since 2015; CFO is Bob."


class Answers:
    """Stands in for the "Not saved" question; records each message and answers in turn."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *discard: bool) -> None:
        self.messages: list[str] = []
        self._answers = list(discard)
        monkeypatch.setattr("ui.window.unsaved_prompt.ask_discard", self._ask)

    def _ask(self, _parent: object, message: str) -> bool:
        self.messages.append(message)
        return self._answers.pop(0)


def _type_bad_email(window: MainWindow) -> tuple[int, object]:
    inc = window.list_panel.model.row_at(0).id
    window.nav.open_incident(inc, "what")
    page = window.workspace.pages["what"]
    page.c["email"].setText("dana at halvorsen")
    page.c["relationship_notes"].insertPlainText(NOTE)
    assert not window.ctx.autosaver.flush()
    assert window.ctx.autosaver.has_unsaved() and "E-mail" in page.error.text()
    return inc, page


def _notes(window: MainWindow, inc: int) -> str:
    db = window.ctx.db
    return get_customer(db, get_incident(db, inc).customer_id).relationship_notes


def test_go_back_keeps_the_edit_on_ctrl_n_close_and_switch(qtbot, data_dir: Path, monkeypatch) -> None:
    window = show_main_window(qtbot, data_dir)
    inc, page = _type_bad_email(window)
    answers = Answers(monkeypatch, False, False, False, True)
    count = len(list_incident_summaries(window.ctx.db))
    window.nav.show_today()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert answers.messages[-1].startswith("Not saved: E-mail")
    assert len(list_incident_summaries(window.ctx.db)) == count  # Ctrl+N did not go on
    assert window.workspace.incident_id == inc and window.workspace.current_step() == "what"
    assert not window.nav.showing_today()
    assert not window.close() and window.isVisible()
    other = window.ctx.db.execute("SELECT id FROM incidents WHERE id != ?", [inc]).fetchone()
    if other is None:  # a second incident to switch to
        from planner.incidents.service import new_incident
        other_id = new_incident(window.ctx.db).id
        window.refresh_list()
    else:
        other_id = other[0]
    window.list_panel.select(other_id)
    assert window.workspace.incident_id == inc and window.list_panel.current_id() == inc
    assert page.c["email"].text() == "dana at halvorsen"  # the typed text is still there
    assert len(answers.messages) == 3
    # Fixing it saves everything typed in that record.
    page.c["email"].setText("dana@halvorsen.example")
    assert window.ctx.autosaver.flush() and not window.ctx.autosaver.has_unsaved()
    assert NOTE in _notes(window, inc) and page.error.text() == ""
    window.close()


def test_discard_drops_the_refused_edit_and_goes_on(qtbot, data_dir: Path, monkeypatch) -> None:
    window = show_main_window(qtbot, data_dir)
    inc, _page = _type_bad_email(window)
    answers = Answers(monkeypatch, True)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(answers.messages) == 1
    assert window.workspace.incident_id != inc
    assert not window.ctx.autosaver.has_unsaved()
    assert NOTE not in _notes(window, inc)
    assert window.close()


def test_moments_page_says_why_a_cell_was_not_saved(qtbot, data_dir: Path, monkeypatch) -> None:
    window = show_main_window(qtbot, data_dir)
    inc = window.list_panel.model.row_at(0).id
    window.nav.open_incident(inc, "experience")
    page = window.workspace.pages["experience"]
    text = "Monday morning, when the crew arrived at 07:30 and found the pallets missing; " * 3
    page.model.setData(page.model.index(0, 0), text)
    page.model.setData(page.model.index(0, 2), "Furious; she had to call her director.")
    assert not window.ctx.autosaver.flush()
    assert page.error.isVisibleTo(page) and page.error.text().startswith("Not saved — When")
    assert page.model.data(page.model.index(0, 0)) == text  # the cell keeps what was typed
    assert window.ctx.autosaver.has_unsaved()
    page.model.setData(page.model.index(0, 0), "Monday, 07:30")
    assert window.ctx.autosaver.flush()
    assert not page.error.isVisibleTo(page)
    stored = list_moments(window.ctx.db, inc)[0]
    assert (stored.at_text, stored.feeling) == ("Monday, 07:30", "Furious; she had to call her director.")
    Answers(monkeypatch)  # nothing is left to ask about
    assert window.close()

