"""A part too long to store: the limit is named, and so is everything that waits for it."""
from __future__ import annotations

from pathlib import Path

from tests.gui_helpers import show_main_window


def test_an_apology_part_too_long_says_the_limit_and_that_the_whole_apology_waits(
    qtbot, data_dir: Path
) -> None:
    from planner.incidents.validation import LONG_TEXT

    window = show_main_window(qtbot, data_dir)
    window.nav.open_incident(window.list_panel.model.row_at(0).id, "apology")
    page = window.workspace.pages["apology"]
    page.editors["regret"].editor.setPlainText("x" * (LONG_TEXT + 1))
    qtbot.waitUntil(lambda: "Not saved" in page.error.text(), timeout=3000)  # the autosave ran
    shown = page.error.text()
    assert f"at most {LONG_TEXT:,}" in shown and "Nothing in the apology is saved" in shown
    assert "Your text is kept" in shown
    window.ctx.autosaver.discard_pending()  # the test leaves; a user would shorten the text
    window.close()
