"""At 1024×640 nothing is cut off: in Today and in every step, each label shows all its text
(or ends in "…" with all of it on hover), each field, button and drop-down has at least the
room it asks for, nothing reaches past the right edge of what shows it, and no column header
is cut."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from tests.gui_helpers import show_main_window
from ui.editing.fields import ElidedLabel
from ui.window.main_window import MainWindow
from ui.window.workspace import STEPS

SMALL = (1024, 640)
EDITORS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton)


def _clip_width(widget: QWidget, window: QWidget) -> tuple[QWidget, int]:
    """What shows the widget and how wide it is: the viewport of a scroll area that cannot
    scroll sideways, or else the window."""
    node = widget.parentWidget()
    while node is not None and node is not window:
        area = node.parentWidget()
        if isinstance(area, QAbstractScrollArea) and node is area.viewport():
            if area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
                return node, node.width()
            if area.horizontalScrollBar().maximum() > 0:
                return node, 10**6  # it scrolls sideways: nothing is lost
        node = node.parentWidget()
    return window, window.width()


def problems_in(root: QWidget, window: QWidget) -> list[str]:
    """Everything visible under ``root`` that is cut, each with why."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own parts of a widget (a spin box's line edit), sized by it
        name = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}"
        plain_label = isinstance(widget, QLabel) and not isinstance(widget, ElidedLabel)
        if plain_label and widget.text() and not widget.wordWrap() and (
                widget.width() < widget.minimumSizeHint().width() - 1):
            found.append(f"{name} “{widget.text()[:40]}” is {widget.width()} wide, needs "
                         f"{widget.minimumSizeHint().width()}")
        if isinstance(widget, EDITORS):
            need = widget.minimumSizeHint()
            if widget.width() < need.width() - 1 or widget.height() < need.height() - 1:
                text = getattr(widget, "text", lambda: "")()
                found.append(f"{name} “{str(text)[:30]}” is {widget.width()}×{widget.height()},"
                             f" needs {need.width()}×{need.height()}")
        if isinstance(widget, (QLabel, QPlainTextEdit, *EDITORS)):
            clip, width = _clip_width(widget, window)
            right = widget.mapTo(clip, QPoint(widget.width(), 0)).x()
            if right > width + 1:
                found.append(f"{name} reaches {right - width}px past the right edge of "
                             f"{type(clip).__name__}")
        if isinstance(widget, QTableView) and widget.model() is not None:
            header = widget.horizontalHeader()
            for col in range(widget.model().columnCount()):
                text = str(widget.model().headerData(col, Qt.Orientation.Horizontal) or "")
                room = header.sectionSize(col) - 10
                if not header.isSectionHidden(col) and header.fontMetrics().horizontalAdvance(
                        text) > room:
                    found.append(f"{name}: the header “{text}” is cut ({room}px for it)")
    return found


@pytest.fixture
def small_window(qtbot, data_dir: Path) -> MainWindow:
    window = show_main_window(qtbot, data_dir)
    window.resize(*SMALL)
    QApplication.processEvents()
    return window


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_today_at_1024_by_640_cuts_nothing(small_window: MainWindow) -> None:
    small_window.nav.show_today()
    settle()
    assert small_window.width() == SMALL[0]
    assert problems_in(small_window.nav.today, small_window) == []


@pytest.mark.parametrize("step", [key for key, _label, _factory in STEPS])
def test_every_step_at_1024_by_640_cuts_nothing(small_window: MainWindow, step: str) -> None:
    small_window.nav.open_incident(small_window.list_panel.model.row_at(0).id, step)
    settle()
    page = small_window.workspace.pages[step]
    assert page.isVisible() and small_window.width() == SMALL[0]
    assert problems_in(small_window.workspace, small_window) == []


def test_the_check_finds_a_cut_field(qtbot) -> None:
    """The check itself can fail: a line edit squeezed below its minimum is reported."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 100)
    edit = QLineEdit("a long name", window)
    edit.setGeometry(250, 10, 120, 30)  # past the right edge, too
    label = QLabel("A label far too long for the room it has", window)
    label.setGeometry(0, 50, 60, 20)
    window.show()
    found = problems_in(window, window)
    assert any("QLineEdit" in p and "past the right edge" in p for p in found)
    assert any("QLabel" in p and "needs" in p for p in found)


def test_the_apology_with_its_promised_dates_set_at_1024_by_640_cuts_nothing(
    small_window: MainWindow,
) -> None:
    small_window.nav.open_incident(small_window.list_panel.model.row_at(0).id, "apology")
    settle()
    plan = small_window.workspace.pages["apology"].plan
    for promise in (plan.remedy_due, plan.check_back):
        promise.enabled.setChecked(True)
    settle()
    assert plan.remedy_due.edit.isVisible()
    assert problems_in(small_window.workspace, small_window) == []
