"""Windows open inside the screen: a large default size shrinks to a small laptop's free area."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from ui.theme import FRAME_ALLOWANCE, fit_to_screen
from ui.window.main_window import MainWindow


def test_a_size_larger_than_the_screen_is_cut_to_its_free_area(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    free = QApplication.primaryScreen().availableGeometry()
    fit_to_screen(dialog, free.width() + 900, free.height() + 700)
    assert dialog.width() == free.width() - FRAME_ALLOWANCE[0]
    assert dialog.height() == free.height() - FRAME_ALLOWANCE[1]


def test_a_size_that_fits_is_kept(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit_to_screen(dialog, 500, 300)
    assert (dialog.width(), dialog.height()) == (500, 300)


def test_a_new_main_window_fits_the_screen_with_its_frame(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(tmp_path)
    qtbot.addWidget(window)
    free = QApplication.primaryScreen().availableGeometry()
    assert window.width() <= free.width() - FRAME_ALLOWANCE[0]
    assert window.height() <= free.height() - FRAME_ALLOWANCE[1]
