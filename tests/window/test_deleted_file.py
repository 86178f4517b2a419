"""amends.db deleted while the window is open: the user is told, and every edit lands in a copy."""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

from planner.store.integrity import MissingDatabaseError, check_on_open
from planner.store.paths import database_path
from planner.store.rescue import recovered_copies
from tests.gui_helpers import show_main_window
from ui.window.main_window import MainWindow

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to delete an open file")


def open_on_sample(qtbot, data_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = show_main_window(qtbot, data_dir)
    window.list_panel.select(window.list_panel.model.row_at(0).id)
    window.nav.show_workspace()
    return window


def titles_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT title FROM incidents")]
    finally:
        conn.close()


def test_typing_after_the_file_was_deleted_never_says_saved(qtbot, data_dir: Path) -> None:
    window = open_on_sample(qtbot, data_dir)
    field = window.workspace.pages["what"].title_edit
    qtbot.keyClicks(field, " one")
    assert window.ctx.autosaver.flush() and window.saved_label.text().startswith("Saved")
    path = database_path(data_dir)
    os.unlink(path)  # a cleanup tool, a sync client or a slip in a file manager
    qtbot.keyClicks(field, " two")
    window.ctx.autosaver.flush()
    assert window.saved_label.text() == "Saved to a recovered copy"  # not "Saved 12:04:31"
    [copy] = recovered_copies(data_dir)
    warning = window.save_warning.toolTip()
    assert window.save_warning.isVisible()
    assert f"{path.name} was deleted" in warning and copy.name in warning
    assert f"Folder: {data_dir}" in warning and "quit Amends, rename that file to amends.db" in warning
    assert titles_in(copy)[0].endswith(" one two")
    assert copy.stat().st_mode & 0o777 == 0o600
    qtbot.keyClicks(field, " three")  # later edits go to the same copy, kept up to date
    window.ctx.autosaver.flush()
    assert recovered_copies(data_dir) == [copy] and titles_in(copy)[0].endswith(" one two three")
    assert window.close()  # nothing is pending: everything is in the copy
    assert titles_in(copy)[0].endswith(" one two three")
    # The next start names the copy instead of offering only older backups.
    with pytest.raises(MissingDatabaseError, match=str(copy)):
        check_on_open(data_dir, path)


def test_a_file_put_in_its_place_is_noticed_too(qtbot, data_dir: Path, tmp_path: Path) -> None:
    window = open_on_sample(qtbot, data_dir)
    path = database_path(data_dir)
    other = tmp_path / "other.db"
    sqlite3.connect(other).close()
    os.replace(other, path)  # e.g. an old copy dragged over it
    qtbot.keyClicks(window.workspace.pages["what"].title_edit, " kept")
    window.ctx.autosaver.flush()
    assert window.saved_label.text() == "Saved to a recovered copy"
    [copy] = recovered_copies(data_dir)
    assert titles_in(copy)[0].endswith(" kept")
    window.close()


def test_coming_back_to_the_window_notices_a_deleted_file(qtbot, data_dir: Path) -> None:
    window = open_on_sample(qtbot, data_dir)
    os.unlink(database_path(data_dir))
    window.ctx.autosaver.check_file()  # what activating the window does
    assert window.save_warning.isVisible() and "was deleted or replaced" in window.save_warning.toolTip()
    assert len(recovered_copies(data_dir)) == 1
    window.close()


def test_activation_runs_the_check(qtbot, data_dir: Path, monkeypatch) -> None:
    window = open_on_sample(qtbot, data_dir)
    checks: list[bool] = []
    monkeypatch.setattr(window.ctx.autosaver, "check_file", lambda **_k: checks.append(True) or False)
    from PySide6.QtCore import QEvent

    window.changeEvent(QEvent(QEvent.Type.ActivationChange))
    assert checks == [True]
    window.close()
