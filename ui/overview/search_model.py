"""The search results as a Qt list model, and the delegate that paints a hit with its highlights."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from planner.overview.search import SearchHit
from ui.theme import muted

COL_RESULT = 0
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
INCIDENT_ROLE = Qt.ItemDataRole.UserRole + 2
STEP_ROLE = Qt.ItemDataRole.UserRole + 3
HIT_ROLE = Qt.ItemDataRole.UserRole + 4
Index = QModelIndex | QPersistentModelIndex
PAD = 6


class SearchResultsModel(QAbstractListModel):
    """One row per hit, in the order search() ranked them (that rank is the sort key)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SearchHit] = []

    def set_rows(self, rows: list[SearchHit]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> SearchHit:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hit = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.incident_title} — {hit.company}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.field_label}: {hit.snippet}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return f"{hit.field_label}: {hit.snippet}"
        if role == SORT_ROLE:
            return index.row()
        if role == INCIDENT_ROLE:
            return hit.incident_id
        if role == STEP_ROLE:
            return hit.step
        if role == HIT_ROLE:
            return hit
        return None


def snippet_runs(hit: SearchHit) -> list[tuple[str, bool]]:
    """The snippet cut into (text, highlighted) runs."""
    runs: list[tuple[str, bool]] = []
    at = 0
    for start, end in hit.spans:
        if start > at:
            runs.append((hit.snippet[at:start], False))
        runs.append((hit.snippet[start:end], True))
        at = end
    if at < len(hit.snippet):
        runs.append((hit.snippet[at:], False))
    return runs


class SearchHitDelegate(QStyledItemDelegate):
    """Two lines: the incident and customer, then the matching field with its words in bold."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(300, QFontMetrics(option.font).lineSpacing() * 2 + PAD * 2 + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        area = opt.rect.adjusted(PAD + 2, PAD, -PAD, -PAD)
        line = QFontMetrics(opt.font).lineSpacing()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.setPen(colour)
        title = QFontMetrics(bold).elidedText(f"{hit.incident_title} — {hit.company}", Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(QRect(area.left(), area.top(), area.width(), line), Qt.AlignmentFlag.AlignVCenter, title)
        x, right, top = area.left(), area.right(), area.top() + line
        soft = colour if selected else muted(colour)
        for text, strong in [(f"{hit.field_label}:  ", False), *snippet_runs(hit)]:
            font = bold if strong else opt.font
            fm = QFontMetrics(font)
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, right - x)
            painter.setFont(font)
            painter.setPen(colour if strong else soft)
            painter.drawText(QRect(x, top, right - x, line), Qt.AlignmentFlag.AlignVCenter, shown)
            x += fm.horizontalAdvance(shown)
            if shown != text or x >= right:
                break
        painter.restore()
