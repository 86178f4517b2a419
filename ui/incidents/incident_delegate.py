"""Paints an incident row in two lines: the title, then customer · status · age, with a severity bar."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

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
    """Two-line rows; the model supplies the title (display), subtitle and severity roles."""

    def __init__(self, subtitle_role: int, severity_role: int, bold_role: int, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.subtitle_role, self.severity_role, self.bold_role = subtitle_role, severity_role, bold_role

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.lineSpacing() * 2 + PAD * 2 + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text_colour = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        painter.save()
        severity = index.data(self.severity_role)
        if isinstance(severity, Severity):
            painter.fillRect(QRect(opt.rect.left(), opt.rect.top() + 3, BAR, opt.rect.height() - 6),
                             SEVERITY_COLOURS[severity])
        area = opt.rect.adjusted(BAR + PAD, PAD, -PAD, -PAD)
        line = QFontMetrics(opt.font).lineSpacing()
        title_font = QFont(opt.font)
        title_font.setBold(bool(index.data(self.bold_role)))
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title = QFontMetrics(title_font).elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(QRect(area.left(), area.top(), area.width(), line), Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(opt.font)
        muted = QColor(text_colour)
        if not selected:
            muted.setAlphaF(0.68)
        painter.setPen(muted)
        subtitle = QFontMetrics(opt.font).elidedText(
            str(index.data(self.subtitle_role) or ""), Qt.TextElideMode.ElideRight, area.width()
        )
        painter.drawText(QRect(area.left(), area.top() + line, area.width(), line), Qt.AlignmentFlag.AlignVCenter, subtitle)
        painter.restore()
