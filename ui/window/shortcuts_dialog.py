"""Help ▸ Keyboard shortcuts: every shortcut of the window, read from its actions and shortcuts
when the dialog opens, so the list can never drift from what the keys do."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.step_page import StepPage
from ui.theme import fit_to_screen

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow


HARDWARE_KEYS = {"Undo", "Redo", "Cut", "Copy", "Paste"}  # keys only some keyboards have


def _keys(sequences: list[QKeySequence]) -> str:
    shown = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences if s.count()]
    # Enter, Return: once. F13 and up are the Undo/Copy keys of old Sun keyboards, as X11 maps
    # them: on a laptop they only puzzle ("Ctrl+Z or F14").
    shown = [k for k in dict.fromkeys(shown) if k not in HARDWARE_KEYS
             and not (k[:1] == "F" and k[1:].isdigit() and int(k[1:]) > 12)]
    return " or ".join(shown[:2])  # the usual two; the rest are old spellings of the same


def _where(widget: QWidget | None) -> str:
    """The part of the window a shortcut works in: its step, Today, the list, or everywhere."""
    node = widget
    while node is not None:
        if isinstance(node, StepPage) and node.title:
            return f"Step: {node.title}"
        name = type(node).__name__
        if name == "TodayView":
            return "Today"
        if name == "IncidentListPanel":
            return "Incident list"
        if name == "IncidentWorkspace":
            return "An open incident"
        node = node.parentWidget() if isinstance(node, QWidget) else None
    return "Everywhere"



def shortcut_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """(group, keys, what it does) for every action and shortcut the window has.

    Every step page is built first, so the shortcuts of steps not yet visited are listed too.
    """
    from ui.window.workspace import STEPS

    for key, _label, _factory in STEPS:
        window.workspace.pages[key]  # built on first use
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        group = menu_action.text().replace("&", "")
        for action in menu.actions():
            keys = _keys(action.shortcuts())
            text = action.text().replace("&", "").rstrip("…").strip()
            if keys and (keys, text) not in seen:
                seen.add((keys, text))
                rows.append((group, keys, _generic(text)))
    for action in window.findChildren(QAction):
        keys, text = _keys(action.shortcuts()), action.text().replace("&", "").rstrip("…")
        if not keys or not text or any(k == keys for k, _ in seen):
            continue
        where = "Everywhere"
        if action.shortcutContext() != Qt.ShortcutContext.WindowShortcut:
            widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
            where = _where(widgets[0]) if widgets else where
        seen.add((keys, text))
        rows.append((where, keys, _generic(text)))
    for shortcut in window.findChildren(QShortcut):
        keys = _keys([shortcut.key()])
        parent = shortcut.parent()
        where = _where(parent if isinstance(parent, QWidget) else None)
        what = shortcut.whatsThis() or "(no description)"
        if keys and (where + keys, what) not in seen:
            seen.add((where + keys, what))
            rows.append((where, keys, what))
    return rows


def _generic(text: str) -> str:
    # "Undo changes to Regret" names today's step; the shortcut itself just undoes.
    for verb in ("Undo", "Redo"):
        if text.startswith(verb + " "):
            return f"{verb} the last change (typing first, then the last step)"
    return text


class ShortcutsDialog(QDialog):
    """A read-only list of every shortcut, grouped by where it works."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        fit_to_screen(self, 620, 560)
        intro = QLabel("Every shortcut in this window, by where it works. Menus show theirs "
                       "beside each entry too.")
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Keys", "What it does"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        groups: dict[str, QTreeWidgetItem] = {}
        for group, keys, what in shortcut_rows(window):
            parent = groups.get(group)
            if parent is None:
                parent = groups[group] = QTreeWidgetItem(self.tree, [group])
                parent.setFirstColumnSpanned(True)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
            QTreeWidgetItem(parent, [keys, what]).setToolTip(1, what)
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)


def show_shortcuts(window: MainWindow) -> None:
    """Help ▸ Keyboard shortcuts."""
    dialog = ShortcutsDialog(window)
    dialog.exec()
    dialog.deleteLater()
