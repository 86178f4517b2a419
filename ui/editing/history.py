"""The window's undo history: every edit to an incident is a command holding the rows it changed.

Typing is saved by the autosaver; each save is recorded, and saves of the same field in a row
merge into one step ("Undo changes to Regret"). Structural edits (a deleted moment, a
follow-up marked done, a playbook applied) are one step each. Undo and redo write rows through
planner.incidents.history, then say which incident changed so the window shows it afresh.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.incidents.history import (
    Change,
    Snapshot,
    StaleHistoryError,
    diff,
    redo,
    snapshot,
    undo,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

T = TypeVar("T")
UNDO_LIMIT = 200  # steps kept; each holds only the rows its edit changed


class RowsCommand(QUndoCommand):
    """One step: the rows an edit changed, undone and redone through the history."""

    MERGEABLE = 1  # QUndoStack asks mergeWith only of commands sharing an id other than -1

    def __init__(self, history: History, change: Change, label: str, step: str,
                 merge_key: str | None) -> None:
        super().__init__(label)
        self.history, self.change, self.step, self.merge_key = history, change, step, merge_key
        self._pushed = False

    @property
    def incident_id(self) -> int:
        return self.change.incident_id

    def id(self) -> int:
        return self.MERGEABLE if self.merge_key else -1

    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push() runs redo(): the edit is in the file already
            self._pushed = True
            return
        self.history._apply(self, redo)

    def undo(self) -> None:
        self.history._apply(self, undo)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, RowsCommand) or other.merge_key != self.merge_key
                or other.incident_id != self.incident_id or not self.history._may_merge()):
            return False
        self.change = self.change.then(other.change)
        self.setObsolete(self.change.is_empty())  # typed, then typed back: nothing to undo
        return True


class History(QObject):
    """The undo stack of one window, over the incidents in its data file."""

    restored = Signal(int, str)  # incident id, step key: undo or redo rewrote that incident
    problem = Signal(str)  # a step could not be undone or redone (something changed it since)

    def __init__(self, database: Callable[[], Database], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database  # asked for on the first edit: start-up never waits for it
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        # Called before undo and redo: typing still waiting to be saved becomes a step first.
        self.before_step: Callable[[], object] = lambda: None
        self._merge_floor = 0

    def record(self, incident_id: int | None, label: str, action: Callable[[], T], *,
               step: str = "", merge_key: str | None = None) -> T:
        """Run ``action`` (which writes the incident's rows) and keep what it changed as a step.

        ``merge_key`` (say "apology:12") makes saves of the same thing in a row one step.
        """
        if incident_id is None:
            return action()
        before = snapshot(self.db, incident_id)
        result = action()
        self._push(diff(before, snapshot(self.db, incident_id)), label, step, merge_key)
        return result

    def record_new(self, label: str, action: Callable[[], int], *, step: str = "") -> int:
        """Run ``action``, which creates an incident and returns its id; undo removes it."""
        incident_id = action()
        self._push(diff(Snapshot(incident_id, {}), snapshot(self.db, incident_id)), label, step,
                   None)
        return incident_id

    def recorded(self, incident_id: int | None, label: str, save: Callable[[], object], *,
                 step: str = "", merge_key: str | None = None) -> Callable[[], None]:
        """``save`` as it should be handed to the autosaver: recorded when it runs."""

        def run() -> None:
            self.record(incident_id, label, save, step=step, merge_key=merge_key)

        return run

    def undo(self) -> None:
        """Save what is typed, then undo the last step."""
        self.before_step()
        if self.stack.canUndo():
            self.stack.undo()
        self._merge_floor = self.stack.index()

    def redo(self) -> None:
        """Save what is typed, then redo the step last undone."""
        self.before_step()
        if self.stack.canRedo():
            self.stack.redo()
        self._merge_floor = self.stack.index()

    @property
    def db(self) -> Database:
        return self._database()

    def clear(self) -> None:
        """Forget every step (after erasing a customer or restoring a backup, say)."""
        self.stack.clear()
        self._merge_floor = 0

    def _push(self, change: Change, label: str, step: str, merge_key: str | None) -> None:
        if not change.is_empty():
            self.stack.push(RowsCommand(self, change, label, step, merge_key))

    def _may_merge(self) -> bool:
        # Nothing merges into a step that was just undone or redone to.
        return self.stack.index() > self._merge_floor

    def _apply(self, command: RowsCommand, write: Callable[[Database, Change], None]) -> None:
        try:
            write(self.db, command.change)
        except StaleHistoryError as exc:
            command.setObsolete(True)  # the stack drops it: it can never apply again
            self.problem.emit(str(exc))
            return
        self.restored.emit(command.incident_id, command.step)
