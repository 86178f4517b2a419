"""Paints an incident row in two lines: the title, then #number · customer · status · age, with a
severity bar."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from planner.incidents.model import Severity

SEVERITY_COLOURS = {
    Severity.CRITICAL: QColor("#c0392b"),
    Severity.HIGH: QColor("#e67e22"),
    Severity.MEDIUM: QColor("#d4ac0d"),
    Severity.LOW: QColor("#95a5a6"),
}
PAD = 6
BAR = 4


class IncidentDelegate(QStyledItemDelegate):
    """Two-line rows; the model supplies the title (display), subtitle and severity roles.

    Qt draws the row's background, selection and focus (the base class, with the text left
    out); this adds the two lines and the bar. It asks the view, not the style option's state,
    whether the row is selected: reading that state from Python makes PySide set up QStyle's
    eleven enumerations (3 ms), which the list's first paint can do without.
    """

    def __init__(self, subtitle_role: int, severity_role: int, bold_role: int,
                 view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.subtitle_role, self.severity_role, self.bold_role = subtitle_role, severity_role, bold_role

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.lineSpacing() * 2 + PAD * 2 + 2)

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.text = ""  # the two lines are drawn by paint()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        selected = self.view.selectionModel().isSelected(index)
        group = QPalette.ColorGroup.Active if self.view.isActiveWindow() else QPalette.ColorGroup.Inactive
        text_colour = option.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect = option.rect
        painter.save()
        # The role's Severity comes back through Qt as its text; a str enum is keyed by its text too.
        colour = SEVERITY_COLOURS.get(index.data(self.severity_role))
        if colour is not None:
            painter.fillRect(QRect(rect.left(), rect.top() + 3, BAR, rect.height() - 6), colour)
        area = rect.adjusted(BAR + PAD, PAD, -PAD, -PAD)
        font = option.font
        line = QFontMetrics(font).lineSpacing()
        title_font = QFont(font)
        title_font.setBold(bool(index.data(self.bold_role)))
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title = QFontMetrics(title_font).elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(QRect(area.left(), area.top(), area.width(), line), Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(font)
        muted = QColor(text_colour)
        if not selected:
            muted.setAlphaF(0.68)
        painter.setPen(muted)
        subtitle = QFontMetrics(font).elidedText(
            str(index.data(self.subtitle_role) or ""), Qt.TextElideMode.ElideRight, area.width()
        )
        painter.drawText(QRect(area.left(), area.top() + line, area.width(), line), Qt.AlignmentFlag.AlignVCenter, subtitle)
        painter.restore()
