"""Playbook files from the app: export to a file, import one checked in full, clashes asked."""
from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner.playbooks import (
    ClashMode,
    NameClashError,
    Playbook,
    PlaybookImportError,
    all_playbooks,
    dump_playbook,
    parse_playbook,
    plan_import,
)
from planner.playbooks.db_store import DbPlaybookStore
from planner.playbooks.model import MAX_FILE_BYTES
from planner.store.atomic import ExportError, atomic_write_bytes
from planner.store.doors import DoorError, read_input

FILE_FILTER = "Amends playbooks (*.toml);;All files (*)"


class ProblemsDialog(QDialog):
    """Every problem of a refused file, each with its place, in text the user can copy."""

    def __init__(self, source: str, problems: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Playbook not imported")
        self.resize(640, 360)
        count = len(problems)
        intro = QLabel(
            f"<b>{escape(Path(source).name)} was not imported</b> — nothing was changed. "
            f"Fix the {count} problem{'s' if count != 1 else ''} below in the file "
            "(or ask whoever sent it for a fresh copy), then import it again."
        )
        intro.setWordWrap(True)
        self.details = QPlainTextEdit("\n".join(problems))
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Problems")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)


def ask_clash(parent: QWidget | None, name: str, builtin: bool) -> ClashMode | None:
    """Ask what to do when an imported playbook's name is taken; None means cancel."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("A playbook with this name exists")
    box.setTextFormat(Qt.TextFormat.PlainText)  # a name from a file is shown, never rendered
    if builtin:
        box.setText(f"“{name}” is the name of a built-in playbook, which cannot be replaced.")
        box.setInformativeText("Keep both: the imported one is added under a numbered name.")
    else:
        box.setText(f"You already have a playbook named “{name}”.")
        box.setInformativeText("Replace yours with the imported one, or keep both "
                               "(the imported one gets a numbered name)?")
    replace = None if builtin else box.addButton("Replace", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep both", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if replace is not None and clicked is replace:
        return "replace"
    return "keep-both" if clicked is keep else None


def export_playbook(parent: QWidget | None, playbook: Playbook, folder: Path) -> Path | None:
    """Ask where to save ``playbook`` and write it atomically; the path written, or None."""
    suggested = str(folder / f"{playbook.key}.toml")
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Export playbook", suggested, FILE_FILTER)
    if not chosen:
        return None
    path = Path(chosen)
    try:
        atomic_write_bytes(path, dump_playbook(playbook))
    except ExportError as error:
        QMessageBox.warning(parent, "Playbook not exported", str(error))
        return None
    return path


def import_playbook(parent: QWidget | None, store: DbPlaybookStore, folder: Path) -> Playbook | None:
    """Ask for a file, check all of it, settle a name clash, save; the playbook saved, or None.

    Nothing is stored unless the whole file is valid and the user settled any clash.
    """
    chosen, _filter = QFileDialog.getOpenFileName(parent, "Import playbook", str(folder),
                                                  FILE_FILTER)
    if not chosen:
        return None
    try:
        # A pipe, a device or a file over the limit is refused before a byte is read.
        data = read_input(chosen, limit=MAX_FILE_BYTES, what="a playbook file (.toml)")
    except DoorError as error:
        QMessageBox.warning(parent, "Playbook not imported", f"{error} Nothing was imported.")
        return None
    except OSError as error:
        QMessageBox.warning(parent, "Playbook not imported",
                            f"Could not read {chosen}: {error.strerror or error}. "
                            "Check that the file exists and that you may open it.")
        return None
    try:
        incoming = parse_playbook(data, chosen)
    except PlaybookImportError as error:
        ProblemsDialog(chosen, [str(p) for p in error.problems], parent).exec()
        return None
    library = all_playbooks(store)
    try:
        plan = plan_import(library, incoming, None)
    except NameClashError as clash:
        mode = ask_clash(parent, clash.name, clash.builtin)
        if mode is None:
            return None
        plan = plan_import(library, incoming, mode)
    store.save(plan.playbook)
    return plan.playbook
