"""Text fields that share the window's undo: Ctrl+Z undoes a field's own typing first, then
goes on to the window's history."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit


def passes_undo_on(event: QEvent, can_undo: bool, can_redo: bool) -> bool:
    """For a text field's ShortcutOverride: True when Ctrl+Z (or redo) should go past the field
    to the window's Edit menu, because the field has nothing of its own to undo (or redo).

    Text fields claim Ctrl+Z even with an empty undo history; then the window's history (the
    deleted moment, the follow-up marked done, this field's saved typing) is what to undo.
    """
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    if event.matches(QKeySequence.StandardKey.Undo):
        return not can_undo
    if event.matches(QKeySequence.StandardKey.Redo):
        return not can_redo
    return False


class LineEdit(QLineEdit):
    """A one-line field whose Ctrl+Z undoes its own typing first, then the window's last step."""

    def event(self, event: QEvent) -> bool:
        if passes_undo_on(event, self.isUndoAvailable(), self.isRedoAvailable()):
            event.ignore()
            return True
        return super().event(event)
