"""The main window's File and Help menus and its window-wide shortcuts."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from ui.calendar.controls import add_calendar_controls
from ui.followups.calendar_export import add_export_all_action
from ui.window.menu_actions import add_playbooks_action, on_demand

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Fill the File and Help menus the window frame already shows."""
    file_menu, help_menu = window.file_menu, window.help_menu
    window.new_action = QAction("&New incident", window, shortcut=QKeySequence("Ctrl+N"))
    window.new_action.triggered.connect(window.new_incident)
    window.delete_action = QAction("&Delete incident…", window)
    window.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
    # Only from the list: Delete in a text field must delete text, not the incident.
    window.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    window.list_panel.view.addAction(window.delete_action)
    window.delete_action.triggered.connect(window.delete_current)
    window.delete_menu_action = QAction("&Delete incident…", window)
    window.delete_menu_action.triggered.connect(window.delete_current)
    sample_action = QAction("Add the &sample incident", window)
    sample_action.triggered.connect(window.add_sample)
    quit_action = QAction("&Quit", window, shortcut=QKeySequence("Ctrl+Q"))
    quit_action.triggered.connect(window.close)
    for action in (window.new_action, window.delete_menu_action, sample_action):
        file_menu.addAction(action)
    window.export_all_action = add_export_all_action(window, file_menu, window.ctx)
    window.calendar = add_calendar_controls(window, file_menu, window.ctx,
                                            on_moved=window.calendar_changed)
    # Shortcuts must work even where the menu bar is native or hidden.
    window.addActions([window.new_action, quit_action])
    file_menu.addSeparator()
    window.playbooks_action = add_playbooks_action(
        window, file_menu, window.ctx.db, Path.home(), on_change=window.workspace.reload)
    export_action = QAction("&Export customer data…", window)
    export_action.triggered.connect(lambda: on_demand("ui.incidents.privacy_actions", "export_customer_data")(window))
    erase_action = QAction("E&rase customer…", window)
    erase_action.triggered.connect(lambda: on_demand("ui.incidents.privacy_actions", "erase_customer_data")(window))
    file_menu.addActions([export_action, erase_action])
    file_menu.addSeparator()
    file_menu.addAction(quit_action)
    about = QAction("&About Amends", window)
    about.triggered.connect(window.show_about)
    backups_action = QAction("&Backups…", window)
    backups_action.triggered.connect(lambda: on_demand("ui.window.backups_dialog", "show_backups_dialog")(window))
    shortcuts_action = QAction("&Keyboard shortcuts", window, shortcut=QKeySequence("Ctrl+/"))
    shortcuts_action.triggered.connect(
        lambda: on_demand("ui.window.shortcuts_dialog", "show_shortcuts")(window))
    window.addAction(shortcuts_action)
    help_menu.addAction(shortcuts_action)
    help_menu.addAction(backups_action)
    help_menu.addAction(about)
