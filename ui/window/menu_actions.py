"""Menu entries whose dialogs load on first use, so start-up does not pay for them."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

if TYPE_CHECKING:
    from sqlite_utils import Database


def on_demand(module: str, name: str) -> Callable[..., Any]:
    """A callable that imports ``module`` the first time it runs and calls its ``name``."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


def add_playbooks_action(window: QMainWindow, menu: QMenu, db: Database, folder: Path,
                         on_change: Callable[[], None] | None = None) -> QAction:
    """Put "Playbooks…" (Ctrl+Shift+P) in ``menu``; ``on_change`` runs once the dialog closes
    if any playbook was added, changed or deleted."""
    action = QAction("&Playbooks…", window, shortcut=QKeySequence("Ctrl+Shift+P"))

    def open_manager() -> None:
        from ui.playbooks.manager import PlaybookManager

        dialog = PlaybookManager(db, folder, window)
        changed: list[bool] = []
        dialog.playbooks_changed.connect(lambda: changed.append(True))
        dialog.exec()
        dialog.deleteLater()
        if changed and on_change is not None:
            on_change()

    action.triggered.connect(open_manager)
    menu.addAction(action)
    window.addAction(action)  # the shortcut works even where the menu bar is native or hidden
    return action
