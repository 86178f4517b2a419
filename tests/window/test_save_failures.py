"""In the window: a full disk or a locked file keeps the typed text, warns, retries, never freezes."""
from __future__ import annotations

import logging
import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlite_utils.db import NotFoundError as RowNotFound

from planner.incidents.service import get_incident
from planner.store.paths import database_path
from tests.environment_helpers import fill_disk, free_disk, tiny_disk
from tests.gui_helpers import show_main_window
from ui.autosave import RETRY_BUSY_TIMEOUT_MS, RETRY_INTERVAL_MS, Autosaver
from ui.startup.error_reporting import ErrorReporter, install_error_reporter, setup_log_file
from ui.window.main_window import MainWindow


def open_on_sample(qtbot, data_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = show_main_window(qtbot, data_dir)
    window.list_panel.select(window.list_panel.model.row_at(0).id)
    window.nav.show_workspace()
    return window


def stored_title(window: MainWindow) -> str:
    assert window.workspace.incident_id is not None
    return get_incident(window.ctx.db, window.workspace.incident_id).title


def test_retrying_every_few_seconds_is_the_default() -> None:
    assert 1000 <= RETRY_INTERVAL_MS <= 5000
    assert RETRY_BUSY_TIMEOUT_MS <= 500


@pytest.mark.parametrize("kind", ["tmpfs", "page-limit"])
def test_full_disk_keeps_the_text_warns_and_saves_once_there_is_room(
    qtbot, tmp_path: Path, kind: str
) -> None:
    if kind == "tmpfs":  # a real, tiny file system (needs root to mount)
        with tiny_disk() as disk:
            _full_disk_round(qtbot, disk / "data", lambda _w: fill_disk(disk),
                             lambda _w: free_disk(disk))
        return

    # Anywhere: SQLite itself runs out of room when the file may not grow past its size now,
    # so the save really fails inside SQLite, part-way through its statements.
    def fill(window: MainWindow) -> None:
        conn = window.ctx.db.conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")

    def free(window: MainWindow) -> None:
        window.ctx.db.conn.execute("PRAGMA max_page_count=1073741823")

    _full_disk_round(qtbot, tmp_path / "data", fill, free)


def stored_incident(window: MainWindow) -> tuple[str, str]:
    """Title and description as another program reads them from the file."""
    conn = sqlite3.connect(database_path(window.ctx.data_dir))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        row = conn.execute("SELECT title, what_went_wrong FROM incidents WHERE id = ?",
                           [window.workspace.incident_id]).fetchone()
        return str(row[0]), str(row[1])
    finally:
        conn.close()


def _full_disk_round(qtbot, folder: Path, fill, free) -> None:  # type: ignore[no-untyped-def]
    window = open_on_sample(qtbot, folder)
    saver = window.ctx.autosaver
    saver.retry_timer.setInterval(100)  # the real interval is a few seconds; the test need not wait
    page = window.workspace.pages["what"]
    before = stored_title(window)
    before_both = stored_incident(window)
    fill(window)
    # One save of two fields: a long text that needs new pages, and the title. A save that
    # stored one without the other would be half-saved.
    long_text = " And then, in more detail: " + "the second delivery was also late. " * 340  # under the 20,000 limit
    page.what_went_wrong.moveCursor(QTextCursor.MoveOperation.End)
    page.what_went_wrong.insertPlainText(long_text)
    qtbot.keyClicks(page.title_edit, " (typed on a full disk)")
    qtbot.waitUntil(lambda: window.save_warning.isVisible(), timeout=3000)
    warning = window.save_warning.toolTip()
    assert str(database_path(folder)) in warning and "is full" in warning and "kept" in warning
    assert window.saved_label.text() == "Not saved"
    assert page.title_edit.text() == f"{before} (typed on a full disk)"
    assert stored_title(window) == before
    assert stored_incident(window) == before_both  # integrity ok, nothing half-saved
    assert saver.has_pending() and saver.retry_timer.isActive()
    free(window)
    qtbot.waitUntil(lambda: not saver.has_pending(), timeout=3000)
    assert stored_title(window) == f"{before} (typed on a full disk)"
    assert stored_incident(window)[1].endswith(long_text)
    assert not window.save_warning.isVisible() and not saver.retry_timer.isActive()
    assert window.saved_label.text().startswith("Saved")
    window.close()


def test_a_locked_file_waits_one_timeout_at_most_and_retries_briefly(qtbot, data_dir: Path) -> None:
    window = open_on_sample(qtbot, data_dir)
    saver = window.ctx.autosaver
    saver.retry_timer.setInterval(60_000)  # retried by hand below
    page = window.workspace.pages["what"]
    blocker = sqlite3.connect(database_path(data_dir))
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    window.ctx.db.conn.execute("PRAGMA busy_timeout=400")  # stands in for the real 5 s
    try:
        qtbot.keyClicks(page.title_edit, " one")
        qtbot.keyClicks(page.c["contact_name"], " two")
        page.impact.insertPlainText(" three")
        started = time.monotonic()
        assert not saver.flush()
        waited = time.monotonic() - started
        assert waited < 0.4 * 1.9  # one timeout for three pending saves, not three
        assert "busy" in window.save_warning.toolTip() and saver.has_pending()
        window.ctx.db.conn.execute("PRAGMA busy_timeout=5000")
        started = time.monotonic()
        assert not saver.retry()
        assert time.monotonic() - started < 1.0  # retries never hold the window for 5 s
    finally:
        blocker.rollback()
        blocker.close()
    assert saver.retry()
    assert stored_title(window).endswith(" one")
    assert not window.save_warning.isVisible()
    window.close()


def test_a_save_for_a_deleted_record_is_dropped_and_a_bug_is_kept(qapp) -> None:
    saver = Autosaver()
    failures: list[str] = []
    saver.failed.connect(failures.append)

    def gone() -> None:
        raise RowNotFound()  # the customer was erased from the shell meanwhile

    saver.schedule("customer:1", gone)
    assert not saver.flush()
    assert not saver.has_pending() and not saver.retry_timer.isActive()

    def buggy() -> None:
        raise TypeError("a bug")

    saver.schedule("incident:1", buggy)
    assert not saver.flush()
    assert saver.has_pending()  # a bug must not cost the user their text
    assert "unexpected problem" in failures[-1]
    saver.discard_pending()


def test_an_unexpected_error_is_logged_and_shown_calmly(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, qapp
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: shown.append((title, text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # both restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    reporter = install_error_reporter(data_dir)
    assert sys.excepthook is reporter
    try:
        raise RuntimeError("customer text 42 in a bug")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
        sys.excepthook(type(exc), exc, exc.__traceback__)  # the same again: logged, not shown twice
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Something went wrong" and "Traceback" not in text
    assert str(reporter.log_path) in text and "safe" in text
    log = reporter.log_path.read_text(encoding="utf-8")
    assert "Traceback" in log and "customer text 42" in log
    assert reporter.log_path.parent == data_dir / "logs"
    full = sqlite3.OperationalError("database or disk is full")
    reporter(type(full), full, None)
    assert "is full" in shown[-1][1] and str(database_path(data_dir)) in shown[-1][1]


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_button_handler_reaches_the_calm_message(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(sys, "excepthook", ErrorReporter(data_dir, setup_log_file(data_dir)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    button = QPushButton("Go")
    qtbot.addWidget(button)

    def broken() -> None:
        raise KeyError("a bug in a slot")

    button.clicked.connect(broken)
    button.click()
    assert shown and "did not expect" in shown[0]


def test_a_log_grown_too_big_is_rotated_at_start_keeping_three(data_dir: Path) -> None:
    from ui.startup.error_reporting import LOG_MAX_BYTES

    logs = data_dir / "logs"
    logs.mkdir(parents=True)
    (logs / "amends.log").write_text("x" * (LOG_MAX_BYTES + 1), encoding="utf-8")
    for n in (1, 2, 3):
        (logs / f"amends.log.{n}").write_text(f"old {n}", encoding="utf-8")
    path = setup_log_file(data_dir)
    try:
        assert path == logs / "amends.log" and path.stat().st_size == 0
        assert (logs / "amends.log.1").stat().st_size == LOG_MAX_BYTES + 1
        assert [(logs / f"amends.log.{n}").read_text() for n in (2, 3)] == ["old 1", "old 2"]
        assert not (logs / "amends.log.4").exists()  # the oldest ("old 3") is gone
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    finally:
        for handler in [h for h in logging.getLogger("amends").handlers if getattr(h, "amends_log_file", False)]:
            logging.getLogger("amends").removeHandler(handler)
            handler.close()


def test_a_small_log_is_appended_to(data_dir: Path) -> None:
    logs = data_dir / "logs"
    logs.mkdir(parents=True)
    (logs / "amends.log").write_text("earlier\n", encoding="utf-8")
    path = setup_log_file(data_dir)
    try:
        logging.getLogger("amends").error("now")
        text = path.read_text(encoding="utf-8")
        assert text.startswith("earlier\n") and "now" in text and not (logs / "amends.log.1").exists()
    finally:
        for handler in [h for h in logging.getLogger("amends").handlers if getattr(h, "amends_log_file", False)]:
            logging.getLogger("amends").removeHandler(handler)
            handler.close()


def test_every_pending_save_is_kept_and_retried_after_a_lock_error(qapp) -> None:
    saver = Autosaver()
    stored: dict[str, str] = {}
    locked = {"on": True}

    def save(key: str, value: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            if locked["on"]:
                exc = sqlite3.OperationalError("database is locked")
                exc.sqlite_errorcode = 5  # type: ignore[attr-defined]
                raise exc
            stored[key] = value
        return run

    for key in ("incident:1", "customer:1", "moment:7"):
        saver.schedule(key, save(key, "first"))
    assert not saver.flush()
    assert saver.has_pending()
    saver.schedule("customer:1", save("customer:1", "newer"))  # typed in a second field meanwhile
    saver.schedule("visit:3", save("visit:3", "new"))
    assert not saver.flush()
    locked["on"] = False
    saved: list[object] = []
    saver.saved.connect(saved.append)
    assert saver.retry()
    assert stored == {"incident:1": "first", "customer:1": "newer", "moment:7": "first",
                      "visit:3": "new"}
    assert saved and not saver.has_pending() and not saver.retry_timer.isActive()


def test_text_typed_in_a_second_field_while_locked_is_saved(qtbot, data_dir: Path) -> None:
    window = open_on_sample(qtbot, data_dir)
    saver = window.ctx.autosaver
    saver.retry_timer.setInterval(60_000)  # retried by hand below
    page = window.workspace.pages["what"]
    blocker = sqlite3.connect(database_path(data_dir))
    blocker.execute("BEGIN IMMEDIATE")
    window.ctx.db.conn.execute("PRAGMA busy_timeout=100")
    try:
        qtbot.keyClicks(page.title_edit, " one")
        assert not saver.flush()
        qtbot.keyClicks(page.c["contact_name"], " two")  # a second field, still locked
        page.impact.insertPlainText(" three")
        assert not saver.flush()
        assert not window.saved_label.text().startswith("Saved")
    finally:
        blocker.rollback()
        blocker.close()
    assert saver.retry()
    incident = get_incident(window.ctx.db, window.workspace.incident_id)
    from planner.incidents.service import get_customer

    customer = get_customer(window.ctx.db, incident.customer_id)
    assert incident.title.endswith(" one") and " three" in incident.impact
    assert customer.contact_name.endswith(" two")
    assert window.saved_label.text().startswith("Saved") and not window.save_warning.isVisible()
    window.close()
