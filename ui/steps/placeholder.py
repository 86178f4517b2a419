"""An honest page for a step that is not built yet: says so, offers no pretend controls."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.steps.base import StepPage


class NotYetPage(StepPage):
    """Explains which step this will be and that it is not available in this version."""

    def __init__(self, ctx: AppContext, title: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = title
        label = QLabel(
            f"<h2>{title}</h2><p>{what}</p>"
            "<p><i>This step is not available in this version of Amends yet.</i></p>"
        )
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(label)
        layout.addStretch(1)
