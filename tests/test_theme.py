"""The dark theme: unticked check boxes and radio buttons stay visible on a dark window."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QProxyStyle,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.theme import dark_palette, dark_style


def light_pixels_in_indicator(button: QWidget, style: QStyle) -> int:
    """How many pixels of the drawn indicator are clearly lighter than the dark window."""
    button.setStyle(style)
    button.setPalette(dark_palette())
    button.resize(button.sizeHint())
    option = QStyleOptionButton()
    option.initFrom(button)
    element = (QStyle.SubElement.SE_RadioButtonIndicator if isinstance(button, QRadioButton)
               else QStyle.SubElement.SE_CheckBoxIndicator)
    box = style.subElementRect(element, option, button)
    image = button.grab().toImage()
    return sum(1 for x in range(box.left(), box.right() + 1) for y in range(box.top(), box.bottom() + 1)
               if QColor(image.pixel(x, y)).lightness() > 100)


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_an_unticked_box_has_a_visible_edge_in_the_dark_theme(qtbot: QtBot, kind: type[QWidget]) -> None:
    plain, ours = kind("Packed"), kind("Packed")
    qtbot.addWidget(plain)
    qtbot.addWidget(ours)
    plain_style, our_style = QProxyStyle("Fusion"), dark_style()
    assert light_pixels_in_indicator(plain, plain_style) == 0  # what Fusion alone draws: nothing to see
    assert light_pixels_in_indicator(ours, our_style) >= 16
