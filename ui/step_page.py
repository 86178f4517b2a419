"""The shape every workspace step shares: load an incident, save through the autosaver."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext


class StepPage(QWidget):
    """One step of the incident workspace; subclasses fill in load()."""

    title = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.incident_id: int | None = None

    def load(self, incident_id: int | None) -> None:
        """Show incident_id (None: nothing selected). Pending edits were flushed before."""
        self.incident_id = incident_id
