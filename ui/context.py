"""What every view shares: the database, the data folder, autosave, and change notices."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from planner.store.paths import database_path
from ui.autosave import Autosaver
from ui.field_labels import edit_step

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ui.editing.history import History


class AppContext(QObject):
    """One per main window; views get it instead of reaching for globals.

    `conn` is the window's connection; `db` is sqlite-utils' Database on it, made on first
    use: start-up reads the list and Today through `conn` and paints them before sqlite-utils
    (45 ms, 12 MiB) has loaded.
    """

    incident_changed = Signal(int)  # an incident's list-visible fields changed
    incidents_changed = Signal()  # incidents were added or deleted
    status_message = Signal(str)

    def __init__(self, db: Database | sqlite3.Connection, data_dir: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        if isinstance(db, sqlite3.Connection):
            self.conn = db
        else:
            self._db, self.conn = db, db.conn
        self.data_dir = data_dir
        self.autosaver = Autosaver(self, connection=self.conn, data_file=database_path(data_dir))
        self._history: History | None = None
        # Record key -> the record as it was when its pending save began to wait.
        self._typing_from: dict[str, dict[str, object]] = {}

    @property
    def history(self) -> History:
        """The window's undo history, made on first use (the first edit, or the Edit menu,
        both after the data is on screen: start-up does not wait for it)."""
        if self._history is None:
            from ui.editing.history import History

            self._history = History(lambda: self.db, self)
            self._history.before_step = self.save_typing
        return self._history

    @property
    def db(self) -> Database:
        if self._db is None:
            from planner.store.db import as_database

            self._db = as_database(self.conn)
        return self._db

    def save_typing(self) -> bool:
        """Store what is typed, including a table cell still open: True when all of it is."""
        from ui.widgets import commit_open_editors  # with the pages, after the first paint

        commit_open_editors()
        return self.autosaver.flush()

    def save_edit(self, kind: str, record_id: int, incident_id: int | None,
                  before: Mapping[str, object], after: Mapping[str, object],
                  save: Callable[[], object], *, step: str) -> None:
        """Schedule the save of an edit to one record as an undo step named by the fields it
        changed since the save began to wait ("changes to Title"; "changes to Title, What went
        wrong" when the user moved on before it ran), so the Edit menu always says what one
        Ctrl+Z takes back, and typing on in the same field stays one step."""
        key = f"{kind}:{record_id}"
        start = self._typing_from.setdefault(key, dict(before))
        label, merge_key = edit_step(kind, record_id, start, after)

        def run() -> object:
            result = save()  # a refused save keeps its start: the retry names the same fields
            self._typing_from.pop(key, None)  # saved: the next edit starts a new wait
            return result

        self.autosaver.schedule(key, self.history.recorded(incident_id, label, run, step=step,
                                                           merge_key=merge_key))
