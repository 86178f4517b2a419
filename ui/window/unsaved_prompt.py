"""Leaving a record whose typed input was refused: go back and fix it, or discard it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.field_labels import describe

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow

# Which workspace step shows the record behind an autosave key ("moment:12" -> experience).
STEP_OF_KEY = {
    "incident": "what", "customer": "what", "moment": "experience", "apology": "apology",
    "visit": "visit", "followup": "followups",
}

def ask_discard(parent: QWidget, message: str) -> bool:
    """Ask what to do with refused input; True when the user discards it."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", message, parent=parent)
    back = box.addButton("Go back and fix it", QMessageBox.ButtonRole.RejectRole)
    discard = box.addButton("Discard those changes", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is discard


def resolve_invalid(window: MainWindow) -> bool:
    """True when nothing refused is left (none, or the user discarded it). False: the user
    goes back to fix it, and the page with the problem is shown."""
    saver = window.ctx.autosaver
    problems = saver.invalid_saves()
    if not problems:
        return True
    key, exc = problems[0]
    message = f"Not saved: {describe(exc)}"
    if len(problems) > 1:
        message += f"\n(and {len(problems) - 1} more change{'s' if len(problems) > 2 else ''} not saved)"
    message += ("\n\nGo back to correct it, or discard what was typed in that record since it "
                "was last saved.")
    if ask_discard(window, message):
        saver.discard_invalid()
        return True
    window.nav.show_workspace()
    step = STEP_OF_KEY.get(key.split(":")[0])
    if step is not None:
        window.workspace.show_step(step)
    return False
