"""Choosing Closed in the status box takes the same path as the Follow-ups step's Close button."""
from __future__ import annotations

from pathlib import Path

import pytest

from planner.incidents.model import Status
from planner.incidents.service import get_incident
from tests.gui_helpers import show_main_window
from ui.followups import dialogs as followup_dialogs


def open_window(qtbot, data_dir: Path):
    window = show_main_window(qtbot, data_dir)
    window.nav.open_incident(window.list_panel.model.row_at(0).id, "what")
    return window


@pytest.mark.parametrize("answer", [None, "Dana: all sorted, thank you"])
def test_closed_in_the_status_box_asks_for_the_customers_words(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch, answer: str | None
) -> None:
    window = open_window(qtbot, data_dir)
    page = window.workspace.pages["what"]
    incident_id = window.workspace.incident_id
    asked: list[int] = []

    def fake_ask(parent, pending: int, confirmation: str) -> str | None:
        asked.append(pending)
        return answer

    monkeypatch.setattr(followup_dialogs, "ask_close", fake_ask)
    page.status.setCurrentIndex(page.status.findData(Status.CLOSED.value))
    qtbot.waitUntil(lambda: bool(asked), timeout=2000)
    window.ctx.autosaver.flush()
    assert asked[0] > 0  # the sample has pending follow-ups, so the dialog said how many
    stored = get_incident(window.ctx.db, incident_id)
    if answer is None:
        assert stored.status != Status.CLOSED
        assert page.status.currentData() == stored.status.value  # the box went back
    else:
        assert stored.status == Status.CLOSED and stored.customer_confirmation == answer
        qtbot.waitUntil(lambda: page.status.currentData() == Status.CLOSED.value, timeout=2000)
