"""Help > Backups… and File > Export / Erase customer, driven in the real main window."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from planner.incidents.service import get_incident, save_incident
from planner.store.backups import BEFORE_RESTORE, MANUAL, list_backups
from ui.autosave import SAVE_DELAY_MS
from ui.incidents import privacy_actions
from ui.incidents.privacy_actions import EraseCustomerDialog
from ui.startup.gui import open_main_window
from ui.window import backups_dialog
from ui.window.backups_dialog import BackupsDialog
from ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    for name in ("warning", "critical"):  # a modal box would hang the test: fail it instead
        monkeypatch.setattr(QMessageBox, name, lambda _p, title, text, *a: pytest.fail(f"{title}: {text}"))
    win = open_main_window(data_dir)
    qtbot.addWidget(win)
    win.show()
    win.list_panel.select(win.list_panel.model.row_at(0).id)
    win.nav.show_workspace()
    return win


def menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()]


def test_the_menus_offer_backups_export_and_erase(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = menu_texts(window)
    assert {"&Backups…", "&Export customer data…", "E&rase customer…"} <= set(texts)
    opened: list[BackupsDialog] = []
    monkeypatch.setattr(BackupsDialog, "exec", lambda self: opened.append(self) or 0)
    help_menu = next(m.menu() for m in window.menuBar().actions() if m.text() == "&Help")
    [action] = [a for a in help_menu.actions() if a.text() == "&Backups…"]
    action.trigger()
    assert opened and opened[0].ctx is window.ctx


def test_back_up_now_restore_and_the_window_reloads(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.workspace.pages["what"]
    original = page.title_edit.text()
    dialog = BackupsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.restored.connect(lambda: backups_dialog.reload_window_data(window))
    assert dialog.empty.isVisibleTo(dialog)
    dialog.backup_button.click()  # on a worker: the list fills in when it is done
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 1).text() == "Taken by you"
    assert [b.kind for b in list_backups(window.ctx.data_dir)] == [MANUAL]
    qtbot.keyClicks(page.title_edit, " - edited later")
    assert window.ctx.autosaver.flush()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    dialog.restore_button.click()
    assert page.title_edit.text() == f"{original} - edited later"  # cancelled: nothing changed
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.table.selectRow(0)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: page.title_edit.text() == original)  # the window shows the restored data
    assert not dialog.task.busy() and dialog.isEnabled()
    assert get_incident(window.ctx.db, window.workspace.incident_id).title == original
    kinds = [b.kind for b in list_backups(window.ctx.data_dir)]
    assert BEFORE_RESTORE in kinds and dialog.table.rowCount() == len(kinds)
    shown: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: shown.append(url) or True)
    dialog.folder_button.click()
    assert shown[0].toLocalFile() == str(window.ctx.data_dir / "backups")


def test_export_customer_data_writes_their_json(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "export.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "JSON files (*.json)"))
    assert privacy_actions.export_customer_data(window) == target
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["customer"]["company"] == window.workspace.pages["what"].c["company"].text()
    assert len(data["incidents"]) == 1


def test_erase_needs_the_company_name_typed_exactly(qtbot, window: MainWindow) -> None:
    customer = privacy_actions.current_customer(window)
    assert customer is not None
    dialog = EraseCustomerDialog(customer, 1, window)
    qtbot.addWidget(dialog)
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, customer.company[:-1])
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, customer.company[-1])
    assert dialog.erase_button.isEnabled()


def test_erase_customer_removes_them_and_reports_what_remains(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident_id = window.workspace.incident_id
    assert incident_id is not None
    incident = get_incident(window.ctx.db, incident_id)
    incident.title = "Kept only in the erasure test"
    save_incident(window.ctx.db, incident)

    def confirm(self: EraseCustomerDialog) -> int:
        self.name_edit.setText(self.company)
        assert self.erase_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EraseCustomerDialog, "exec", confirm)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    assert privacy_actions.erase_customer_data(window)
    qtbot.waitUntil(lambda: bool(told))  # the erase runs on a worker
    assert window.list_panel.model.rowCount() == 0 and window.workspace.incident_id is None
    assert window.ctx.db.execute("SELECT count(*) FROM customers").fetchone()[0] == 0
    assert told and "Erased" in told[0]
    assert b"Kept only in the erasure" not in (window.ctx.data_dir / "amends.db").read_bytes()


def test_after_an_erase_no_reasonless_not_saved_warning(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.workspace.pages["what"]
    qtbot.keyClicks(page.title_edit, " typed just before erasing")  # still waiting to be saved

    def confirm(self: EraseCustomerDialog) -> int:
        self.name_edit.setText(self.company)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EraseCustomerDialog, "exec", confirm)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    assert privacy_actions.erase_customer_data(window)
    qtbot.waitUntil(lambda: bool(told))
    window.ctx.autosaver.flush()
    qtbot.wait(SAVE_DELAY_MS + 100)  # any save still scheduled has run
    shown = window.save_warning.text()
    assert not window.save_warning.isVisible() or not shown.rstrip().endswith("Not saved:")


def test_a_record_erased_elsewhere_says_why_the_edit_was_not_saved(
    qtbot, window: MainWindow
) -> None:
    from planner.incidents.privacy import erase_customer
    from planner.store.db import open_data_dir

    incident = get_incident(window.ctx.db, window.workspace.incident_id)
    shell = open_data_dir(window.ctx.data_dir)  # `amends customer erase` in a terminal
    erase_customer(shell, incident.customer_id)
    shell.close()
    page = window.workspace.pages["what"]
    qtbot.keyClicks(page.c["contact_name"], " more")
    window.ctx.autosaver.flush()
    assert window.save_warning.isVisible()
    text = window.save_warning.toolTip()
    assert "no longer exists" in text and "erased" in text
