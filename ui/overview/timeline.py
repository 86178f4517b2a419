"""A compact picture of one incident's timeline, painted with QPainter in the palette's colours."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from planner.errors import NotFoundError
from planner.overview.timeline import PointState, TimelinePoint, incident_timeline
from ui.context import AppContext
from ui.theme import alert_colour, muted, ok_colour

MARGIN = 8
DOT = 6.0
TODAY_GAP = 26.0  # how far past the first or last point today is drawn when it lies outside


def _stamp(point: TimelinePoint, with_time: bool) -> str:
    when = point.when.astimezone()
    return f"{when:%d %b}" if point.all_day or not with_time else f"{when:%d %b %H:%M}"


def point_text(point: TimelinePoint) -> str:
    """'Follow-up — Tue 24 Nov 10:00 — check the end caps arrived (overdue)' in local time."""
    when = point.when.astimezone()
    stamp = f"{when:%a %d %b}" if point.all_day else f"{when:%a %d %b %H:%M}"
    detail = f" — {point.detail}" if point.detail else ""
    state = {PointState.OVERDUE: " (overdue)", PointState.PLANNED: " (planned)"}.get(point.state, "")
    return f"{point.label} — {stamp}{detail}{state}"


class TimelineWidget(QWidget):
    """Points spaced evenly in time order (so labels never collide), with today marked between them."""

    def __init__(self, ctx: AppContext | None = None, clock: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.points: list[TimelinePoint] = []
        self.now = self.clock()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Timeline")

    def _fonts(self) -> tuple[QFont, QFont]:
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.9)
        return QFont(self.font()), small

    def _rows(self) -> tuple[float, float, float, float]:
        """The y of the labels, the axis, the dates and the "Today" caption."""
        font, small = self._fonts()
        line, small_line = QFontMetrics(font).height(), QFontMetrics(small).height()
        label_y = 4.0
        axis_y = label_y + line + 4 + DOT
        date_y = axis_y + DOT + 4
        return label_y, axis_y, date_y, date_y + small_line + 1

    def sizeHint(self) -> QSize:
        small = self._fonts()[1]
        return QSize(600, int(self._rows()[3] + QFontMetrics(small).height() + 4))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def load(self, incident_id: int | None) -> None:
        """Read the incident's points from the database (nothing for None or a deleted incident)."""
        points: list[TimelinePoint] = []
        now = self.clock()
        if incident_id is not None and self.ctx is not None:
            try:
                points = incident_timeline(self.ctx.db, incident_id, now)
            except NotFoundError:
                points = []
        self.set_points(points, now)

    def set_points(self, points: list[TimelinePoint], now: datetime) -> None:
        self.points, self.now = list(points), now
        self.setAccessibleDescription("; ".join(point_text(p) for p in self.points) or "No dates yet")
        self.update()

    def _side_margin(self, point: TimelinePoint, today_outside: bool) -> float:
        # Room for the end point's own label and date, centred on it, and for today beyond it.
        font, small = self._fonts()
        wide = max(QFontMetrics(font).horizontalAdvance(point.label),
                   QFontMetrics(small).horizontalAdvance(_stamp(point, True)))
        return MARGIN + wide / 2 + (TODAY_GAP if today_outside else 0)

    def x_positions(self) -> list[float]:
        """Where each point sits: evenly spread between margins that fit the end labels."""
        n = len(self.points)
        if n == 0:
            return []
        left = self._side_margin(self.points[0], self.now < self.points[0].when)
        right = self.width() - self._side_margin(self.points[-1], self.now > self.points[-1].when)
        if n == 1 or right <= left:
            return [(left + right) / 2] * n if n == 1 else [left + i * 2.0 for i in range(n)]
        step = (right - left) / (n - 1)
        return [left + i * step for i in range(n)]

    def today_x(self) -> float:
        """Today's place: between its neighbours in proportion to the time between them."""
        xs = self.x_positions()
        if not xs:
            return self.width() / 2
        if self.now < self.points[0].when:
            return xs[0] - TODAY_GAP
        for i in range(1, len(xs)):
            a, b = self.points[i - 1].when, self.points[i].when
            if self.now <= b:
                span = (b - a).total_seconds() or 1.0
                return xs[i - 1] + (xs[i] - xs[i - 1]) * (self.now - a).total_seconds() / span
        return xs[-1] + TODAY_GAP

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        font, small = self._fonts()
        fm, fs = QFontMetrics(font), QFontMetrics(small)
        label_y, axis_y, date_y, today_y = self._rows()
        if not self.points:
            painter.setPen(muted(text))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No dates yet: add when it happened, the apology, a visit or follow-ups.")
            return
        xs = self.x_positions()
        painter.setPen(QPen(muted(text, 0.35), 2))
        painter.drawLine(QPointF(xs[0], axis_y), QPointF(xs[-1], axis_y))
        slot = (xs[1] - xs[0]) if len(xs) > 1 else self.width() - 2 * MARGIN
        width = max(slot - 6, 24.0)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        alert, ok = alert_colour(pal), ok_colour(pal)
        for x, point in zip(xs, self.points):
            overdue = point.state == PointState.OVERDUE
            colour = {PointState.OVERDUE: alert, PointState.PLANNED: highlight}.get(point.state, ok)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(pal.color(QPalette.ColorRole.Window) if point.state == PointState.PLANNED else colour)
            painter.drawEllipse(QPointF(x, axis_y), DOT, DOT)
            bold = QFont(font)
            bold.setBold(overdue)
            painter.setFont(bold)
            painter.setPen(alert if overdue else text)
            label = QFontMetrics(bold).elidedText(point.label, Qt.TextElideMode.ElideRight, int(width))
            painter.drawText(QRectF(x - width / 2, label_y, width, fm.height()), Qt.AlignmentFlag.AlignHCenter, label)
            stamp = _stamp(point, fs.horizontalAdvance(_stamp(point, True)) <= width)
            painter.setFont(small)
            painter.setPen(alert if overdue else muted(text, 0.75))
            painter.drawText(QRectF(x - width / 2, date_y, width, fs.height()), Qt.AlignmentFlag.AlignHCenter,
                             fs.elidedText(stamp, Qt.TextElideMode.ElideRight, int(width)))
        self._paint_today(painter, axis_y, today_y, highlight, small)

    def _paint_today(self, painter: QPainter, axis_y: float, caption_y: float, colour: QColor,
                     font: QFont) -> None:
        x = self.today_x()
        painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, axis_y - DOT - 6), QPointF(x, axis_y + DOT + 4))
        painter.setFont(font)
        fm = QFontMetrics(font)
        w = fm.horizontalAdvance("Today") + 4
        left = min(max(x - w / 2, 0), self.width() - w)
        painter.drawText(QRectF(left, caption_y, w, fm.height()), Qt.AlignmentFlag.AlignHCenter, "Today")

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            xs = self.x_positions()
            near = [(abs(x - event.pos().x()), p) for x, p in zip(xs, self.points)]
            best = min(near, key=lambda pair: pair[0], default=None)
            if best is not None and best[0] < 30:
                QToolTip.showText(event.globalPos(), point_text(best[1]), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
