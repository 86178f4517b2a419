"""After the data is painted: the daily backup runs on its own connection without holding up an
edit, the day's check keeps a damaged file from every write, and a clean end is remembered."""
from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.sample import add_sample
from planner.store import check_policy, daily
from planner.store.backups import DAILY, check_backup, list_backups, page_copy
from planner.store.check_policy import CHECK_NOW, SKIP, decide, record_clean_close
from planner.store.db import open_data_connection, open_data_dir
from planner.store.integrity import CorruptDatabaseError
from planner.store.paths import database_path
from ui.startup import recovery as startup
from ui.startup.session import Session
from ui.startup.single_instance import SingleInstance
from ui.window.main_window import MainWindow

TODAY = date.today()


def closed_cleanly(data_dir: Path, *, checked: date = TODAY) -> Path:
    db = open_data_dir(data_dir)
    add_sample(db)
    db.close()
    path = database_path(data_dir)
    record_clean_close(data_dir, path)
    check_policy.record_check(data_dir, checked)
    for backup in list_backups(data_dir):  # so the start takes today's backup
        backup.path.unlink()
    return path


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def the_window() -> MainWindow:
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return window


@pytest.fixture
def started(qapp, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """run_with_recovery with the stages it reports; closes what it opened."""
    monkeypatch.setattr(startup, "install_error_reporter", lambda data_dir: None)
    stages: list[str] = []
    monkeypatch.setattr(startup, "report", stages.append)
    monkeypatch.setattr("ui.startup.first_paint.report", stages.append)
    yield stages
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            for guard in widget.findChildren(SingleInstance):
                guard.release()
            widget.close()
            widget.deleteLater()


def test_the_daily_backup_runs_after_ready_and_an_edit_is_saved_while_it_copies(
    started: list[str], qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = closed_cleanly(data_dir)
    incidents_before = count(path, "incidents")
    copying, go_on = threading.Event(), threading.Event()
    stages_at_copy: list[list[str]] = []

    def held_copy(source: sqlite3.Connection, tmp: Path, dest: sqlite3.Connection) -> None:
        stages_at_copy.append(list(started))
        source.execute("BEGIN")  # the snapshot the copy will hold: taken now
        source.execute("SELECT count(*) FROM incidents").fetchone()
        copying.set()
        assert go_on.wait(10)
        page_copy(source, tmp, dest)
        source.execute("COMMIT")

    monkeypatch.setitem(daily.COPIERS, daily.DEFAULT_COPY, held_copy)
    edits: list[int] = []

    def run(app: QApplication) -> int:
        window = the_window()
        qtbot.waitUntil(copying.is_set, timeout=5000)
        # The copy holds its read transaction open: an edit still goes straight in.
        window.new_incident()
        edits.append(window.workspace.incident_id)
        go_on.set()
        [session] = window.findChildren(Session)
        qtbot.waitUntil(lambda: session.thread is not None and not session.thread.is_alive(), timeout=10000)
        return 0

    monkeypatch.setattr(QApplication, "exec", run)
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 0
    # The session ended cleanly: every connection closed, the WAL folded in, the close recorded.
    assert not check_policy.has_wal(path) and decide(data_dir, path, TODAY)[0] == SKIP
    assert stages_at_copy == [["shown", "ready"]]  # the backup began after the data was painted
    assert count(path, "incidents") == incidents_before + 1 == len(edits) + incidents_before
    [backup] = [b for b in list_backups(data_dir) if b.kind == DAILY]
    check_backup(backup.path)  # intact, and
    assert count(backup.path, "incidents") == incidents_before  # the snapshot the copy began with


def damage_table(path: Path, table: str) -> None:
    """Damage the root page of a table the start-up does not read: quick_check finds it."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * size
    data[start: start + 200] = b"\xff" * 200
    path.write_bytes(data)


def test_damage_found_by_the_days_check_stops_every_write_and_the_next_start_sets_it_aside(
    started: list[str], qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = closed_cleanly(data_dir, checked=TODAY - timedelta(days=1))
    damage_table(path, "dismissals")
    record_clean_close(data_dir, path)  # as a failing disk would leave it: no program wrote it
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a: told.append(text))
    refused: list[str] = []

    def run(app: QApplication) -> int:
        window = the_window()
        qtbot.waitUntil(lambda: bool(told), timeout=10000)
        try:
            window.ctx.conn.execute("INSERT INTO settings(key, value) VALUES ('typed', 'later')")
        except sqlite3.OperationalError as exc:
            refused.append(str(exc))
        return 0

    monkeypatch.setattr(QApplication, "exec", run)
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 0
    assert "damaged" in told[0] and "stopped saving" in told[0]
    assert refused and "readonly" in refused[0].replace("-", "")
    assert not list_backups(data_dir)  # no backup of a damaged file
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # not one byte written
    assert decide(data_dir, path, TODAY)[0] == CHECK_NOW
    with pytest.raises(CorruptDatabaseError):
        open_data_connection(data_dir)
