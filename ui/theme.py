"""How windows look: colours for light and dark palettes, the opt-in dark theme
(AMENDS_THEME=dark), and default sizes that fit the screen."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyle, QWidget

THEME_ENV = "AMENDS_THEME"

# Reds tuned for contrast: the deep one on light backgrounds, the soft one on dark ones.
_ALERT_ON_LIGHT = "#b3261e"
_ALERT_ON_DARK = "#ff8a80"
_OK_ON_LIGHT = "#2e7d32"
_OK_ON_DARK = "#81c784"


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def alert_colour(palette: QPalette) -> QColor:
    """The red for overdue and late things, readable on this palette's background."""
    return QColor(_ALERT_ON_DARK if is_dark(palette) else _ALERT_ON_LIGHT)


def ok_colour(palette: QPalette) -> QColor:
    """The green for things done, readable on this palette's background."""
    return QColor(_OK_ON_DARK if is_dark(palette) else _OK_ON_LIGHT)


def muted(colour: QColor, alpha: float = 0.65) -> QColor:
    """The same colour, partly transparent: secondary text that still follows the palette."""
    # Not QColor(colour): choosing among QColor's constructors builds the Qt namespace (one of
    # them takes a Qt.GlobalColor), which the first paint does without (ui/qt_values.py).
    out = QColor.fromRgba(colour.rgba())
    out.setAlphaF(alpha)
    return out


def dark_palette() -> QPalette:
    """A calm dark palette for the Fusion style (Qt offers none of its own on every platform)."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#26282b", role.WindowText: "#e6e6e6", role.Base: "#1d1f21",
        role.AlternateBase: "#2c2f33", role.ToolTipBase: "#3a3d41", role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#8c9096", role.Text: "#e6e6e6", role.Button: "#33363a",
        role.ButtonText: "#e6e6e6", role.BrightText: "#ff6659", role.Light: "#45484d",
        role.Midlight: "#3a3d41", role.Mid: "#6b6f75", role.Dark: "#17181a", role.Shadow: "#0d0d0e",
        role.Highlight: "#3d7fd9", role.HighlightedText: "#ffffff", role.Link: "#79b0ff",
        role.LinkVisited: "#b493ff",
    }
    for r, colour in colours.items():
        p.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7d8086"))
    return p


# Room a window manager's frame and title bar take outside the window's own size.
FRAME_ALLOWANCE = (16, 48)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to width×height, or to the screen's free area where that is smaller (a 1024×640
    laptop), so no window opens with its buttons or status bar off the screen."""
    screen = widget.screen() or QApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width = max(320, min(width, free.width() - FRAME_ALLOWANCE[0]))
        height = max(240, min(height, free.height() - FRAME_ALLOWANCE[1]))
    widget.resize(width, height)


EDGE = "#8c9096"


def dark_style() -> QStyle:
    """Fusion with check boxes and radio buttons that show when unticked: Fusion draws their
    edge a shade darker than the window, which on a dark window is no edge at all."""
    # Built on first use: defining a QProxyStyle subclass sets up QStyle's many enums, about
    # 25 ms that a light-themed start should not pay before its first paint.
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption

    kind = QStyle.PrimitiveElement

    class DarkStyle(QProxyStyle):
        def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                          painter: QPainter, widget: QWidget | None = None) -> None:
            super().drawPrimitive(element, option, painter, widget)
            if element not in (kind.PE_IndicatorCheckBox, kind.PE_IndicatorRadioButton):
                return
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QColor(EDGE))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            # Half-pixel insets put the one-pixel line on whole pixels, crisp rather than smeared.
            box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
            if element == kind.PE_IndicatorRadioButton:
                painter.drawEllipse(box.adjusted(0.5, 0.5, -0.5, -0.5))
            else:
                painter.drawRoundedRect(box, 1.5, 1.5)
            painter.restore()

    return DarkStyle("Fusion")


def apply_theme(app: QApplication) -> None:
    """Apply the dark theme when AMENDS_THEME=dark; otherwise leave the platform's look."""
    if os.environ.get(THEME_ENV, "").strip().lower() == "dark":
        app.setStyle(dark_style())
        app.setPalette(dark_palette())
