"""File > Export customer data… and Erase customer…: privacy requests from the main window."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from planner.errors import AmendsError
from planner.incidents.model import Customer
from planner.incidents.privacy import ErasureReport, erase_customer, write_customer_export
from planner.incidents.service import get_customer, get_incident
from planner.store.environment import describe
from ui.background import BackgroundTask

ERASE_TASK = "erase-customer-task"


def current_customer(window: Any) -> Customer | None:
    """The customer of the incident shown in the window, or None (with a hint to the user)."""
    incident_id = window.workspace.incident_id
    if incident_id is None:
        QMessageBox.information(window, "Choose an incident",
                                "Choose one of the customer's incidents in the list first.")
        return None
    try:
        return get_customer(window.ctx.db, get_incident(window.ctx.db, incident_id).customer_id)
    except AmendsError as exc:
        QMessageBox.warning(window, "Customer not found", str(exc))
        return None


def export_customer_data(window: Any) -> Path | None:
    """Ask where, then write everything about the current customer as JSON."""
    window.ctx.autosaver.flush()
    customer = current_customer(window)
    if customer is None or customer.id is None:
        return None
    slug = re.sub(r"[^\w-]+", "-", customer.company.casefold()).strip("-") or "customer"
    name, _filter = QFileDialog.getSaveFileName(
        window, f"Export everything about {customer.company}",
        str(Path.home() / f"{slug}-amends-export.json"), "JSON files (*.json)",
    )
    if not name:
        return None
    path = Path(name)
    try:
        write_customer_export(window.ctx.db, customer.id, path)
    except (AmendsError, OSError, sqlite3.Error) as exc:
        QMessageBox.warning(window, "Export failed", describe(exc, path))
        return None
    window.statusBar().showMessage(f"Exported {customer.company} to {path}.", 8000)
    return path


class EraseCustomerDialog(QDialog):
    """Explains what goes, and erases only once the company name is typed exactly."""

    def __init__(self, customer: Customer, incidents: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.company = customer.company
        self.setWindowTitle("Erase customer")
        text = QLabel(
            f"<p>This erases <b>{_esc(customer.company)}</b> and all {incidents} of their "
            "incident(s) — moments, apology, visits and follow-ups — so the text is gone from "
            "the data file. It cannot be undone.</p><p>Need a copy for them first? Cancel and "
            "use File &gt; Export customer data….</p>"
            "<p>Type the company name to confirm:</p>"
        )
        text.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(customer.company)
        self.name_edit.setAccessibleName("Company name to confirm")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = self.buttons.addButton("Erase for good", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def _check(self, typed: str) -> None:
        self.erase_button.setEnabled(typed.strip() == self.company.strip())


def erase_task(window: Any) -> BackgroundTask:
    """The window's one erase job runner (found again by name, so there is never a second)."""
    task: BackgroundTask | None = window.findChild(BackgroundTask, ERASE_TASK)
    if task is None:
        task = BackgroundTask(window.ctx, window)
        task.setObjectName(ERASE_TASK)
    return task


def erase_customer_data(window: Any) -> bool:
    """Confirm by the company name, then erase on a worker; True when the erase started.

    The window is disabled until the erase ends (it has the file to itself: VACUUM and the
    WAL checkpoint need every other connection idle); then the list reloads and a message
    says what remains (e.g. in older backups).
    """
    task = erase_task(window)
    if task.busy():
        return False
    window.ctx.autosaver.flush()
    customer = current_customer(window)
    if customer is None or customer.id is None:
        return False
    db = window.ctx.db
    incidents = db.execute("SELECT count(*) FROM incidents WHERE customer_id = ?", [customer.id]).fetchone()[0]
    dialog = EraseCustomerDialog(customer, int(incidents), window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    window.workspace.load(None)
    customer_id = customer.id
    return task.start(
        lambda worker_db, _report: erase_customer(worker_db, customer_id),
        title="Erase customer", label=f"Erasing {customer.company}…",
        on_done=lambda report: _erased(window, report),
        on_failed=lambda message: _erase_failed(window, message), exclusive=True,
    )


def _erased(window: Any, report: ErasureReport) -> None:
    window.ctx.history.clear()  # undo must never bring erased data back
    window.refresh_list()
    window.ctx.incidents_changed.emit()
    window.statusBar().showMessage(f"Erased {report.company}.", 8000)
    QMessageBox.information(window, "Customer erased", report.summary())


def _erase_failed(window: Any, message: str) -> None:
    window.refresh_list()
    QMessageBox.warning(window, "Erase failed", message)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
