"""The Playbooks dialog: list, view, duplicate, edit, delete, export and import playbooks."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.errors import AmendsError
from planner.playbooks import Playbook, all_playbooks, duplicate_playbook
from planner.playbooks.db_store import DbPlaybookStore
from ui.playbooks.editor import PlaybookEditor
from ui.playbooks.files import export_playbook, import_playbook
from ui.playbooks.view import playbook_html
from ui.theme import fit_to_screen
from ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from sqlite_utils import Database

KEY_ROLE = Qt.ItemDataRole.UserRole


class PlaybookManager(QDialog):
    """Built-in playbooks (copy only) beside the user's own (edit, delete); files both ways."""

    playbooks_changed = Signal()

    def __init__(self, db: Database, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Playbooks — one recovery protocol per kind of failure")
        fit_to_screen(self, 1100, 720)
        self.store = DbPlaybookStore(db)
        self.folder = folder  # where file dialogs start
        self.library: list[Playbook] = []
        self._items: dict[str, QTreeWidgetItem] = {}  # the listed playbooks by key
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Playbooks")
        self.tree.setMinimumWidth(260)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setAccessibleName("Playbook")
        self.warning = ErrorLabel()
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label, slot in (
            ("duplicate", "&Duplicate", self.duplicate), ("edit", "&Edit…", self.edit),
            ("delete", "De&lete…", self.delete), ("export", "E&xport…", self.export),
            ("import", "&Import…", self.import_file), ("close", "Close", self.accept),
        ):
            button = self.buttons[key] = QPushButton(label)
            button.clicked.connect(slot)
            if key == "close":
                row.addStretch(1)
            row.addWidget(button)
        self.buttons["close"].setAutoDefault(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.view)
        splitter.setSizes([300, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())
        self.tree.itemDoubleClicked.connect(lambda *_: self._double_clicked())
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Re-read the library; keep (or move to) the playbook with key ``select``."""
        keep = select or self.current_key()
        self.library = all_playbooks(self.store)
        self.warning.show_error("\n".join(u.message() for u in self.store.unreadable))
        self.tree.clear()
        groups = {True: QTreeWidgetItem(["Built-in"]), False: QTreeWidgetItem(["Yours"])}
        for group in groups.values():
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
        self._items = {}
        for playbook in self.library:
            item = QTreeWidgetItem(groups[playbook.builtin], [playbook.name])
            item.setData(0, KEY_ROLE, playbook.key)
            item.setToolTip(0, playbook.failure_type)
            self._items[playbook.key] = item
        if not groups[False].childCount():
            empty = QTreeWidgetItem(groups[False], ["(none yet: duplicate or import one)"])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
        self.tree.expandAll()
        chosen = self._items.get(keep or "") or next(iter(self._items.values()), None)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._show_current()

    def current_key(self) -> str | None:
        item = self.tree.currentItem()
        value = item.data(0, KEY_ROLE) if item is not None else None
        return str(value) if value else None

    def current(self) -> Playbook | None:
        """The selected playbook, or None when a heading is selected."""
        key = self.current_key()
        return next((p for p in self.library if p.key == key), None)

    def select(self, key: str) -> None:
        """Select the playbook with ``key``, if it is listed."""
        item = self._items.get(key)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _show_current(self) -> None:
        playbook = self.current()
        self.view.setHtml(playbook_html(playbook) if playbook else "")
        mine = playbook is not None and not playbook.builtin
        for key in ("duplicate", "export"):
            self.buttons[key].setEnabled(playbook is not None)
        for key in ("edit", "delete"):
            self.buttons[key].setEnabled(mine)
        tip = "" if mine or playbook is None else \
            "Built-in playbooks cannot be changed; duplicate one to make your own version."
        self.buttons["edit"].setToolTip(tip)
        self.buttons["delete"].setToolTip(tip)

    def _double_clicked(self) -> None:
        playbook = self.current()
        if playbook is not None and not playbook.builtin:
            self.edit()

    def duplicate(self) -> Playbook | None:
        """Save an editable copy of the selected playbook and select it."""
        playbook = self.current()
        if playbook is None:
            return None
        copy = duplicate_playbook(playbook, self.library)
        if not self._save(copy):
            return None
        self.refresh(select=copy.key)
        return copy

    def edit(self) -> Playbook | None:
        """Edit the selected user playbook; it is saved only once it is valid."""
        playbook = self.current()
        if playbook is None or playbook.builtin:
            return None
        names = [p.name for p in self.library if p.key != playbook.key]
        editor = PlaybookEditor(playbook, names, self)
        if editor.exec() != QDialog.DialogCode.Accepted or editor.playbook == playbook:
            return None
        if not self._save(editor.playbook):
            return None
        self.refresh(select=playbook.key)
        return editor.playbook

    def delete(self) -> bool:
        """Delete the selected user playbook after asking; built-ins are never deleted."""
        playbook = self.current()
        if playbook is None or playbook.builtin:
            return False
        answer = QMessageBox.question(
            self, "Delete playbook",
            f"Delete your playbook “{playbook.name}”? This cannot be undone; export it first "
            "if you may want it back. Incidents that used it keep everything it added.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.store.delete(playbook.key)
        self.refresh()
        self.playbooks_changed.emit()
        return True

    def export(self) -> Path | None:
        """Write the selected playbook to a file the user chooses."""
        playbook = self.current()
        if playbook is None:
            return None
        path = export_playbook(self, playbook, self.folder)
        if path is not None:
            self.folder = path.parent
        return path

    def import_file(self) -> Playbook | None:
        """Import a playbook file, showing every problem if it is refused."""
        try:
            playbook = import_playbook(self, self.store, self.folder)
        except AmendsError as error:
            QMessageBox.warning(self, "Playbook not imported", str(error))
            return None
        if playbook is not None:
            self.refresh(select=playbook.key)
            self.playbooks_changed.emit()
        return playbook

    def _save(self, playbook: Playbook) -> bool:
        try:
            self.store.save(playbook)
        except AmendsError as error:
            QMessageBox.warning(self, "Playbook not saved", str(error))
            return False
        self.playbooks_changed.emit()
        return True
