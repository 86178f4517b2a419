"""Paints an incident row in two lines: the title, then #number · customer · status · age, with a
severity bar."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from planner.incidents.summary import Severity

SEVERITY_COLOURS = {
    Severity.CRITICAL: QColor("#c0392b"),
    Severity.HIGH: QColor("#e67e22"),
    Severity.MEDIUM: QColor("#d4ac0d"),
    Severity.LOW: QColor("#95a5a6"),
}
PAD = 6
BAR = 4
TEXT = QPalette.ColorRole.Text


class IncidentDelegate(QStyledItemDelegate):
    """Two-line rows; the model supplies the title (display), subtitle and severity roles.

    Qt draws the row's background, selection and focus (the base class, with the text left
    out); this adds the two lines and the bar. The list paints before anything else needs
    PySide's Qt namespace (ui/qt_values.py), so nothing here hands QPainter a colour, pen or
    brush (choosing among those overloads builds the namespace): the bar is a pixmap of its
    colour, and each line of text is a QTextDocument drawn with its palette's text colour set
    to the colour wanted. Nor does it touch QStyle (the style's drawItemText would do the same
    job, but PySide sets up QStyle's enumerations on first use, 8 ms): it asks the view, not
    the style option's state, whether the row is selected.
    """

    def __init__(self, subtitle_role: int, severity_role: int, bold_role: int,
                 view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.subtitle_role, self.severity_role, self.bold_role = subtitle_role, severity_role, bold_role
        self._bars: dict[int, QPixmap] = {}  # by the colour's RGBA
        self._line = QTextDocument()
        self._line.setDocumentMargin(0)
        self._line.setUndoRedoEnabled(False)
        self._context = QAbstractTextDocumentLayout.PaintContext()

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
        palette = option.palette
        text_colour = palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect = option.rect
        painter.save()
        # The role's Severity comes back through Qt as its text; a str enum is keyed by its text too.
        bar = self._bar(index.data(self.severity_role))
        if bar is not None:
            painter.drawPixmap(QRect(rect.left(), rect.top() + 3, BAR, rect.height() - 6), bar)
        area = rect.adjusted(BAR + PAD, PAD, -PAD, -PAD)
        font = option.font
        line = QFontMetrics(font).lineSpacing()
        title_font = QFont(font)
        title_font.setBold(bool(index.data(self.bold_role)))
        palette.setColor(TEXT, text_colour)
        self._draw_line(painter, QPointF(area.left(), area.top()), line, str(index.data() or ""),
                        title_font, area.width(), palette)
        muted = QColor.fromRgba(text_colour.rgba())  # see ui.theme.muted
        if not selected:
            muted.setAlphaF(0.68)
        palette.setColor(TEXT, muted)
        self._draw_line(painter, QPointF(area.left(), area.top() + line), line,
                        str(index.data(self.subtitle_role) or ""), font, area.width(), palette)
        painter.restore()

    def _draw_line(self, painter: QPainter, at: QPointF, height: int, text: str, font: QFont,
                   width: int, palette: QPalette) -> None:
        """One line of text, cut with "…" to width, centred in a line of this height, in the
        palette's text colour."""
        doc = self._line
        doc.setDefaultFont(font)
        doc.setPlainText(elide(QFontMetrics(font), " ".join(text.split()), width))
        self._context.palette = palette
        painter.save()
        painter.translate(at.x(), at.y() + (height - doc.size().height()) / 2)
        doc.documentLayout().draw(painter, self._context)
        painter.restore()

    def _bar(self, severity: object) -> QPixmap | None:
        """The severity bar's colour as a pixmap, which QPainter stretches to the bar."""
        colour = SEVERITY_COLOURS.get(severity)  # type: ignore[call-overload]
        if colour is None:
            return None
        pixmap = self._bars.get(colour.rgba())
        if pixmap is None:
            pixmap = self._bars[colour.rgba()] = QPixmap(1, 1)
            pixmap.fill(colour)
        return pixmap

def elide(metrics: QFontMetrics, text: str, width: int) -> str:
    """text cut at its end with "…" to fit width, as QFontMetrics.elidedText(ElideRight) does.

    Ours, because elidedText takes a Qt.TextElideMode, and the list paints before anything
    else needs the Qt namespace (ui/qt_values.py). A binary search: a dozen measurements for
    the longest title.
    """
    if metrics.horizontalAdvance(text) <= width:
        return text
    fits, too_long = 0, len(text)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if metrics.horizontalAdvance(text[:middle].rstrip() + "…") <= width:
            fits = middle
        else:
            too_long = middle
    return text[:fits].rstrip() + "…" if fits or metrics.horizontalAdvance("…") <= width else ""
