"""The Edit menu: Undo and Redo over the window's history, and Cut, Copy, Paste, Select All
for whatever has the keyboard (a field, or a cell of a table)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from ui.editing.history import History
    from ui.window.main_window import MainWindow

TextWidget = QLineEdit | QPlainTextEdit | QTextEdit


def _text_widget(widget: QWidget | None) -> TextWidget | None:
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return widget if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)) else None


def field_can(widget: QWidget | None, what: str) -> bool:
    """Whether the focused text field has typing of its own to undo ("undo") or redo ("redo")."""
    field = _text_widget(widget)
    if field is None or field.isReadOnly():
        return False
    if isinstance(field, QLineEdit):
        return field.isUndoAvailable() if what == "undo" else field.isRedoAvailable()
    document = field.document()
    return document.isUndoAvailable() if what == "undo" else document.isRedoAvailable()


class EditActions(QObject):
    """The Edit menu's actions for one window; Undo and Redo name the step they would take."""

    def __init__(self, window: MainWindow, history: History) -> None:
        super().__init__(window)  # a child: its connections end with the window
        self.window, self.history = window, history
        self.undo = self._action("&Undo", [QKeySequence.StandardKey.Undo], self._undo)
        self.redo = self._action("&Redo", [QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")],
                                 self._redo)
        self.cut = self._action("Cu&t", [QKeySequence.StandardKey.Cut], lambda: self._text("cut"))
        self.copy = self._action("&Copy", [QKeySequence.StandardKey.Copy], self._copy)
        self.paste = self._action("&Paste", [QKeySequence.StandardKey.Paste],
                                  lambda: self._text("paste"))
        self.select_all = self._action("Select &All", [QKeySequence.StandardKey.SelectAll],
                                       self._select_all)
        menu = window.edit_menu
        menu.addActions([self.undo, self.redo])
        menu.addSeparator()
        menu.addActions([self.cut, self.copy, self.paste])
        menu.addSeparator()
        menu.addAction(self.select_all)
        menu.aboutToShow.connect(self.update)
        history.stack.indexChanged.connect(self._changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._changed)
        self.update()

    def _changed(self, *_: object) -> None:
        # Focus moves while the window is torn down too, after its history is gone.
        if shiboken6.isValid(self.history) and shiboken6.isValid(self.history.stack):
            self.update()

    def _action(self, text: str, keys: list[QKeySequence | QKeySequence.StandardKey],
                slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        sequences: list[QKeySequence] = []
        for key in keys:  # a standard key may have several bindings (Ctrl+Shift+Z and Ctrl+Y)
            found = QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) \
                else [key]
            sequences += [s for s in found if s.count() and s not in sequences]
        action.setShortcuts(sequences)
        action.triggered.connect(slot)
        self.window.addAction(action)  # shortcuts work even where the menu bar is native or hidden
        return action

    def update(self) -> None:
        """Name and enable Undo and Redo for what they would do now."""
        focus = QApplication.focusWidget()
        stack = self.history.stack
        for action, what, can, text in (
            (self.undo, "undo", stack.canUndo(), stack.undoText()),
            (self.redo, "redo", stack.canRedo(), stack.redoText()),
        ):
            verb = "&Undo" if what == "undo" else "&Redo"
            if field_can(focus, what):
                action.setText(f"{verb} typing")
                action.setEnabled(True)
            else:
                action.setText(f"{verb} {text}" if can and text else verb)
                action.setEnabled(can)
        field = _text_widget(focus)
        editable = field is not None and not field.isReadOnly()
        self.cut.setEnabled(editable)
        self.paste.setEnabled(editable)
        self.copy.setEnabled(field is not None or isinstance(focus, QAbstractItemView))
        self.select_all.setEnabled(field is not None or isinstance(focus, QAbstractItemView))

    def _undo(self) -> None:
        focus = QApplication.focusWidget()
        field = _text_widget(focus)
        if field is not None and field_can(focus, "undo"):
            field.undo()
        else:
            self.history.undo()
        self.update()

    def _redo(self) -> None:
        focus = QApplication.focusWidget()
        field = _text_widget(focus)
        if field is not None and field_can(focus, "redo"):
            field.redo()
        else:
            self.history.redo()
        self.update()

    def _text(self, what: str) -> None:
        field = _text_widget(QApplication.focusWidget())
        if field is not None and not field.isReadOnly():
            getattr(field, what)()

    def _copy(self) -> None:
        focus = QApplication.focusWidget()
        field = _text_widget(focus)
        if field is not None:
            field.copy()
        elif isinstance(focus, QAbstractItemView) and focus.currentIndex().isValid():
            # A table's current cell, as it reads on screen.
            text = focus.currentIndex().data(Qt.ItemDataRole.DisplayRole)
            QApplication.clipboard().setText("" if text is None else str(text))

    def _select_all(self) -> None:
        focus = QApplication.focusWidget()
        field = _text_widget(focus)
        if field is not None:
            field.selectAll()
        elif isinstance(focus, QAbstractItemView):
            focus.selectAll()
