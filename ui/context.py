"""What every view shares: the database, the data folder, autosave, and change notices."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from planner.store.paths import database_path
from ui.autosave import Autosaver

if TYPE_CHECKING:
    from sqlite_utils import Database


class AppContext(QObject):
    """One per main window; views get it instead of reaching for globals."""

    incident_changed = Signal(int)  # an incident's list-visible fields changed
    incidents_changed = Signal()  # incidents were added or deleted
    status_message = Signal(str)

    def __init__(self, db: Database, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.data_dir = data_dir
        self.autosaver = Autosaver(self, connection=db.conn, data_file=database_path(data_dir))
