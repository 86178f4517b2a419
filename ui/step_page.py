"""The shape every workspace step shares: load an incident, save through the autosaver."""
from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import QWidget

from ui.context import AppContext


class Target(NamedTuple):
    """What to show on a step once it is open: a record on it, and a field to type in."""

    row: int | None = None  # a moment, visit or follow-up, by id
    field: str = ""  # a stored field's name, such as "purpose" or "remedy"


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

    def reveal(self, target: Target) -> None:
        """Select ``target.row`` and put the keyboard in ``target.field``, where the step has
        them (a search hit, a row of Today); steps with neither ignore it."""
