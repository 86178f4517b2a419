"""Starting the app on a damaged, missing or too-new data file: told plainly, offered a way out."""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from planner.sample import add_sample
from planner.store.backups import MANUAL, take_backup
from planner.store.db import open_data_dir
from planner.store.integrity import CorruptDatabaseError, MissingDatabaseError, damaged_copies
from planner.store.migrations import SCHEMA_VERSION
from planner.store.paths import database_path
from ui.startup import recovery as startup
from ui.startup.single_instance import SingleInstance
from ui.window.main_window import MainWindow


@pytest.fixture
def started(qapp, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """run_with_recovery without its event loop; yields the windows it opened and closes them."""
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(startup, "install_error_reporter", lambda data_dir: None)
    monkeypatch.setattr(startup, "install_shutdown", lambda app: None)  # pytest keeps its signals
    for name in ("warning", "critical"):  # a modal box would hang the test: fail it instead
        monkeypatch.setattr(QMessageBox, name, lambda _p, title, text, *a: pytest.fail(f"{title}: {text}"))
    windows: list[MainWindow] = []
    yield windows
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            for guard in widget.findChildren(SingleInstance):
                guard.release()
            widget.close()
            widget.deleteLater()


def opened_window() -> MainWindow:
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return window


def damaged_folder(data_dir: Path, *, backup: bool) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    if backup:
        take_backup(db.conn, data_dir, MANUAL)
    db.close()
    path = database_path(data_dir)
    data = bytearray(path.read_bytes())
    data[4096 * 3 + 8: 4096 * 3 + 300] = b"\xff" * 292
    path.write_bytes(data)


def test_damaged_file_restore_newest_backup_opens_the_window_with_the_data(
    started, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged_folder(data_dir, backup=True)
    asked: list[Exception] = []
    monkeypatch.setattr(startup, "ask_recovery", lambda exc: asked.append(exc) or startup.RESTORE)
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 0
    assert isinstance(asked[0], CorruptDatabaseError)
    assert len(damaged_copies(database_path(data_dir))) == 1
    window = opened_window()
    assert window.list_panel.model.rowCount() == 1  # the sample, as it was in the backup


def test_damaged_file_quit_leaves_everything_for_later(started, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    damaged_folder(data_dir, backup=True)
    monkeypatch.setattr(startup, "ask_recovery", lambda exc: startup.QUIT)
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 1
    assert not database_path(data_dir).exists() and damaged_copies(database_path(data_dir))
    asked: list[Exception] = []
    monkeypatch.setattr(startup, "ask_recovery", lambda exc: asked.append(exc) or startup.QUIT)
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 1
    assert isinstance(asked[0], MissingDatabaseError)  # next start: no silent empty file
    assert not database_path(data_dir).exists()


def test_damaged_file_choose_another_folder(started, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    damaged_folder(data_dir, backup=False)
    other = tmp_path / "other"
    monkeypatch.setattr(startup, "ask_recovery", lambda exc: startup.OTHER_FOLDER)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(other))
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 0
    assert opened_window().ctx.data_dir == other


def test_without_a_backup_starting_empty_is_offered_and_explicit(
    started, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged_folder(data_dir, backup=False)
    buttons: list[list[str]] = []

    def ask(exc: CorruptDatabaseError) -> str:
        box, choices = startup.recovery_box(exc)
        buttons.append([b.text() for b in choices])
        assert str(exc.moved_to) in box.text()
        return startup.START_EMPTY

    monkeypatch.setattr(startup, "ask_recovery", ask)
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 0
    assert buttons == [["Start with an empty file", "Choose another data folder…", "Quit"]]
    assert damaged_copies(database_path(data_dir))  # the damaged file is still kept


def test_the_recovery_question_offers_the_backup_by_its_date(data_dir: Path, qapp) -> None:
    damaged_folder(data_dir, backup=True)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_data_dir(data_dir)
    box, choices = startup.recovery_box(caught.value)
    labels = [b.text() for b in choices]
    assert labels[0].startswith("Restore backup of ") and "Start with an empty file" not in labels
    assert box.escapeButton().text() == "Quit"


@pytest.mark.parametrize(("label", "choice"), [
    ("Choose another data folder…", startup.OTHER_FOLDER), ("Quit", startup.QUIT),
    ("Start with an empty file", startup.START_EMPTY),
])
def test_the_button_pressed_is_the_answer(
    data_dir: Path, qapp, monkeypatch: pytest.MonkeyPatch, label: str, choice: str
) -> None:
    damaged_folder(data_dir, backup=False)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_data_dir(data_dir)

    def press(box: QMessageBox) -> int:
        [button] = [b for b in box.buttons() if b.text() == label]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press)
    assert startup.ask_recovery(caught.value) == choice


def test_a_too_new_file_is_refused_at_start_and_left_alone(
    started, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_data_dir(data_dir).close()
    path = database_path(data_dir)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text))
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 1
    assert "newer version of Amends" in shown[0] and str(path) in shown[0]
    assert path.read_bytes() == before and not damaged_copies(path)


def test_an_environment_error_while_opening_is_explained_not_raised(
    started, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.startup.gui

    def full(_folder: Path) -> None:
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = 13  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(ui.startup.recovery, "open_data", full)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text))
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 1
    assert "is full" in shown[0] and str(database_path(data_dir)) in shown[0]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_the_lock_and_window_ini_are_private(started, data_dir: Path) -> None:
    old = os.umask(0o022)  # the usual umask: files made without care are readable by all
    try:
        assert startup.run_with_recovery(QApplication.instance(), data_dir) == 0
        window = opened_window()
        assert (data_dir / "amends.lock").stat().st_mode & 0o777 == 0o600
        window.close()
        assert (data_dir / "window.ini").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX umask")
def test_the_app_makes_every_file_private_from_the_first_byte(monkeypatch, tmp_path: Path) -> None:
    from ui.startup import gui

    seen: list[int] = []

    def run(_app: object, _folder: Path) -> int:
        current = os.umask(0o077)
        seen.append(current)
        return 0

    monkeypatch.setattr(gui, "no_desktop", lambda: None)
    monkeypatch.setattr(startup, "run_with_recovery", run)
    old = os.umask(0o022)
    try:
        assert gui.run_gui(argparse.Namespace(data_dir=str(tmp_path))) == 0
    finally:
        os.umask(old)
    assert seen == [0o077]
