"""What the Visit step's buttons do: save the brief as PDF, print it, start a rehearsal."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from planner.errors import AmendsError
from planner.visits.brief import BriefData, brief_filename, brief_title, gather_brief
from planner.visits.cue_cards import cue_cards
from ui.context import AppContext
from ui.visits.brief_pdf import print_brief, write_pdf
from ui.visits.rehearsal import RehearsalWindow, format_elapsed

_last_folder: Path | None = None  # where the last brief went, for the next save dialog


def _gather(parent: QWidget, ctx: AppContext, incident_id: int, visit_id: int | None) -> BriefData | None:
    ctx.autosaver.flush()  # the brief shows what is on screen, so store it first
    try:
        return gather_brief(ctx.db, incident_id, visit_id)
    except AmendsError as exc:
        QMessageBox.warning(parent, "Visit brief", str(exc))
        return None


def save_brief_as_pdf(
    parent: QWidget, ctx: AppContext, incident_id: int, visit_id: int | None, *,
    full: bool = False,
) -> Path | None:
    """Ask where, then write the brief as a PDF (one page, or with ``full`` all of it);
    returns the file, or None if not written."""
    global _last_folder
    data = _gather(parent, ctx, incident_id, visit_id)
    if data is None:
        return None
    folder = _last_folder or Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        or Path.home())
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save the visit brief as PDF", str(folder / brief_filename(data)), "PDF (*.pdf)")
    if not name:
        return None
    path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        pages = write_pdf(data, path, brief_title(data), full=full)
    except AmendsError as exc:  # ExportError: says which file and what to do
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, "The brief was not saved", str(exc))
        return None
    QGuiApplication.restoreOverrideCursor()
    _last_folder = path.parent
    more = "" if pages == 1 else f" The full brief takes {pages} pages."
    ctx.status_message.emit(f"Saved the visit brief to {path}.{more}")
    return path


def print_visit_brief(parent: QWidget, ctx: AppContext, incident_id: int, visit_id: int | None,
                      *, full: bool = False) -> bool:
    """Choose a printer and print the brief (one page, or all of it); False when cancelled."""
    data = _gather(parent, ctx, incident_id, visit_id)
    if data is None:
        return False
    printed = print_brief(data, brief_title(data), parent, full=full)
    if printed:
        ctx.status_message.emit("The visit brief went to the printer.")
    return printed


def start_rehearsal(
    parent: QWidget, ctx: AppContext, incident_id: int, visit_id: int | None
) -> RehearsalWindow | None:
    """Open the cue cards full screen; the status bar reports how long the run-through took."""
    data = _gather(parent, ctx, incident_id, visit_id)
    if data is None:
        return None
    window = RehearsalWindow(cue_cards(data), data.customer.company, parent)
    window.finished.connect(lambda ms: ctx.status_message.emit(
        f"Run-through took {format_elapsed(ms)}. Say it out loud once more before you go in."))
    window.start()
    return window
