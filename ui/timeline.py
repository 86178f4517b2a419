"""A compact picture of one incident's timeline, painted with QPainter in the palette's colours."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from planner.errors import NotFoundError
from planner.timeline import PointState, TimelinePoint, incident_timeline
from ui.context import AppContext
from ui.theme import alert_colour, muted, ok_colour

HEIGHT = 88
MARGIN = 14
DOT = 6.0


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
        self.setMinimumHeight(HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Timeline")
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(600, HEIGHT)

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

    def x_positions(self) -> list[float]:
        """Where each point sits: evenly spread between the margins."""
        n = len(self.points)
        if n == 0:
            return []
        left, right = MARGIN + 30.0, self.width() - MARGIN - 30.0
        if n == 1:
            return [(left + right) / 2]
        step = (right - left) / (n - 1)
        return [left + i * step for i in range(n)]

    def today_x(self) -> float:
        """Today's place: between its neighbours in proportion to the time between them."""
        xs = self.x_positions()
        if not xs:
            return self.width() / 2
        if self.now <= self.points[0].when:
            return max(MARGIN, xs[0] - 22)
        for i in range(1, len(xs)):
            a, b = self.points[i - 1].when, self.points[i].when
            if self.now <= b:
                span = (b - a).total_seconds() or 1.0
                return xs[i - 1] + (xs[i] - xs[i - 1]) * (self.now - a).total_seconds() / span
        return min(self.width() - MARGIN, xs[-1] + 22)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        font = QFont(self.font())
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.9)
        fm, fs = QFontMetrics(font), QFontMetrics(small)
        label_y, axis_y = 4.0, 4.0 + fm.height() + 12
        date_y = axis_y + DOT + 6
        if not self.points:
            painter.setPen(muted(text))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No dates yet: add when it happened, the apology, a visit or follow-ups.")
            return
        xs = self.x_positions()
        painter.setPen(QPen(muted(text, 0.35), 2))
        painter.drawLine(QPointF(xs[0], axis_y), QPointF(xs[-1], axis_y))
        slot = (xs[1] - xs[0]) if len(xs) > 1 else self.width() - 2 * MARGIN
        highlight = pal.color(QPalette.ColorRole.Highlight)
        alert, ok = alert_colour(pal), ok_colour(pal)
        for x, point in zip(xs, self.points):
            colour = {PointState.OVERDUE: alert, PointState.PLANNED: highlight}.get(point.state, ok)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(pal.color(QPalette.ColorRole.Window) if point.state == PointState.PLANNED else colour)
            painter.drawEllipse(QPointF(x, axis_y), DOT, DOT)
            width = max(slot - 6, 24.0)
            bold = QFont(font)
            bold.setBold(point.state == PointState.OVERDUE)
            painter.setFont(bold)
            painter.setPen(alert if point.state == PointState.OVERDUE else text)
            label = QFontMetrics(bold).elidedText(point.label, Qt.TextElideMode.ElideRight, int(width))
            painter.drawText(QRectF(x - width / 2, label_y, width, fm.height()), Qt.AlignmentFlag.AlignHCenter, label)
            when = point.when.astimezone()
            stamp = f"{when:%d %b}" if point.all_day or fs.horizontalAdvance("00 Mmm 00:00") > width else f"{when:%d %b %H:%M}"
            painter.setFont(small)
            painter.setPen(alert if point.state == PointState.OVERDUE else muted(text, 0.75))
            painter.drawText(QRectF(x - width / 2, date_y, width, fs.height()), Qt.AlignmentFlag.AlignHCenter,
                             fs.elidedText(stamp, Qt.TextElideMode.ElideRight, int(width)))
        self._paint_today(painter, axis_y, highlight, small)

    def _paint_today(self, painter: QPainter, axis_y: float, colour: object, font: QFont) -> None:
        x = self.today_x()
        painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))  # type: ignore[call-overload]
        painter.drawLine(QPointF(x, axis_y - 14), QPointF(x, axis_y + 14))
        painter.setFont(font)
        fm = QFontMetrics(font)
        label = "Today"
        w = fm.horizontalAdvance(label) + 4
        left = min(max(x - w / 2, 0), self.width() - w)
        painter.drawText(QRectF(left, self.height() - fm.height() - 2, w, fm.height()),
                         Qt.AlignmentFlag.AlignHCenter, label)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            xs = self.x_positions()
            near = [(abs(x - event.position().x()), p) for x, p in zip(xs, self.points)]
            best = min(near, key=lambda pair: pair[0], default=None)
            if best is not None and best[0] < 30:
                QToolTip.showText(event.globalPos(), point_text(best[1]), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
