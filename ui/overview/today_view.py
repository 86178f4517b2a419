"""The Today view, the app's home: what is overdue or due, visits ahead, and apologies still owed."""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from planner.errors import AmendsError
from planner.overview.today import (
    DEFAULT_LATE_DAYS,
    SECTIONS,
    TODAY_SECTION_LIMIT,
    TodayData,
    complete_followup,
    today_view,
)
from ui.context import AppContext
from ui.overview.today_models import (
    COL_F_CHANNEL,
    COL_F_CUSTOMER,
    COL_F_INCIDENT,
    COL_F_PURPOSE,
    COL_F_WHEN,
    COL_V_CUSTOMER,
    COL_V_INCIDENT,
    COL_V_PLACE,
    COL_V_WHEN,
    COL_W_AGE,
    COL_W_CUSTOMER,
    COL_W_INCIDENT,
    INCIDENT_ROLE,
    FollowUpsModel,
    VisitsModel,
    WaitingModel,
)
from ui.overview.today_section import TodaySection, separator
from ui.qt_values import ALIGN_CENTER, set_enum

EMPTY_TEXT = (
    "<p style='font-size:15pt'>Nothing needs you today.</p>"
    "<p>No follow-up is due or overdue, no visit is planned for the next two weeks, and every "
    "customer who told you about a problem has had their apology.</p>"
    "<p>When something goes wrong for a customer, press Ctrl+N to record it.</p>"
)
# Under a section that lists only its first rows: how many there are, and how to reach the rest.
_WORK_THROUGH = "mark these done and the next ones move up; Ctrl+K finds any other."
MORE_TEXT = {
    "overdue": "Showing the {shown} most overdue of {total} — " + _WORK_THROUGH,
    "due_today": "Showing {shown} of {total} due today — " + _WORK_THROUGH,
    "upcoming": "Showing the {shown} soonest of {total} — Ctrl+K finds any other, and each "
                "incident's Follow-ups step lists all of its own.",
    "visits": "Showing the {shown} soonest of {total} — Ctrl+K finds any other visit.",
    "waiting": "Showing the {shown} waiting longest of {total} — to see the rest, filter the incident "
               "list by status (Open, Apology planned) or search it with Ctrl+F.",
}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


class TodayView(QWidget):
    """Sections appear only when they have rows; a row opens its incident at the right step."""

    open_requested = Signal(int, str, object)  # incident id, workspace step key, Target
    followup_done = Signal(int)  # incident id whose follow-up was just marked done
    counts_changed = Signal(int)  # follow-ups overdue or due today, for the Today button

    def __init__(self, ctx: AppContext, clock: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.late_days = DEFAULT_LATE_DAYS
        self.data: TodayData | None = None
        self._read_at = -1e9
        self.title = QLabel("Today")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        fm = self.fontMetrics()
        when_w, how_w = fm.horizontalAdvance("Wed 30 Sep, all day") + 28, fm.horizontalAdvance("Meeting") + 28
        # The purpose is what the user must do: it gets the stretch, the rest what they need.
        follow_widths = {COL_F_WHEN: when_w, COL_F_CHANNEL: how_w}
        follow_shares = {COL_F_CUSTOMER: 2, COL_F_PURPOSE: 5, COL_F_INCIDENT: 3}
        self.overdue = self._section("overdue", "Overdue", FollowUpsModel(self), "followups", follow_widths,
                                     follow_shares, alert=True)
        self.due_today = self._section("due_today", "Due today", FollowUpsModel(self), "followups",
                                       follow_widths, follow_shares)
        self.upcoming = self._section("upcoming", "Next 7 days", FollowUpsModel(self), "followups",
                                      follow_widths, follow_shares)
        self.visits = self._section("visits", "Visits in the next 14 days", VisitsModel(self), "visit",
                                    {COL_V_WHEN: when_w},
                                    {COL_V_CUSTOMER: 2, COL_V_PLACE: 4, COL_V_INCIDENT: 4})
        self.waiting = self._section(
            "waiting", "Waiting for an apology", WaitingModel(self), "apology",
            {COL_W_AGE: fm.horizontalAdvance("since today") + 28},
            {COL_W_CUSTOMER: 3, COL_W_INCIDENT: 7},
            view_tip=f"Ages over {self.late_days} days stand out: a late apology is a weak one.")
        self.sections = [self.overdue, self.due_today, self.upcoming, self.visits, self.waiting]
        for section in self.sections:
            section.selection_changed.connect(lambda chosen=section: self._one_highlight(chosen))
        self.section_limit = TODAY_SECTION_LIMIT
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setVisible(False)  # until a read finds nothing (refresh)
        self.empty.setWordWrap(True)
        set_enum(self.empty, "alignment", ALIGN_CENTER)
        self.empty.setMargin(40)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 12, 16, 12)
        column.addWidget(self.title)
        column.addWidget(self.summary)
        column.addWidget(separator())
        for section in self.sections:
            column.addWidget(section)
        column.addWidget(self.empty, 1)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._refresh_soon = QTimer(self, singleShot=True, interval=200)
        self._refresh_soon.timeout.connect(self.refresh)
        ctx.incident_changed.connect(self._changed)
        ctx.incidents_changed.connect(self._changed)

    def _section(self, name: str, title: str, model: object, step: str, widths: dict[int, int],
                 shares: dict[int, int], *, alert: bool = False, view_tip: str = "") -> TodaySection:
        action = "Mark done…" if step == "followups" else None
        section = TodaySection(title, model, step, widths=widths, shares=shares,  # type: ignore[arg-type]
                               action=action, alert=alert, more_text=MORE_TEXT[name], view_tip=view_tip)
        section.open_requested.connect(self.open_requested)
        section.action_requested.connect(lambda row, s=section: self.mark_done(s, row))
        return section

    def refresh(self, now: datetime | None = None) -> None:
        """Read everything again for `now` (default: the clock) and redraw."""
        moment = now or self.clock()
        try:
            # The plain connection: Today is painted at start-up before sqlite-utils loads.
            data = today_view(self.ctx.conn, moment, late_days=self.late_days, limit=self.section_limit)
        except AmendsError as exc:
            self.ctx.status_message.emit(str(exc))
            return
        self.data = data
        self._read_at = time.monotonic()
        self.title.setText(f"Today — {moment:%A %d %B}")
        for name, section in zip(SECTIONS, self.sections, strict=True):
            section.set_rows(data.rows(name), data.total(name))
        # The true totals, not the listed rows: the summary and the Today button count everything.
        total, late = data.total, data.waiting_late
        parts = [
            _plural(total("overdue"), "follow-up overdue", "follow-ups overdue") if total("overdue") else "",
            f"{total('due_today'):,} due today" if total("due_today") else "",
            f"{total('upcoming'):,} in the next 7 days" if total("upcoming") else "",
            _plural(total("visits"), "visit planned", "visits planned") if total("visits") else "",
            (_plural(total("waiting"), "apology owed", "apologies owed") + (f" ({late:,} late)" if late else ""))
            if total("waiting") else "",
        ]
        self.summary.setText(" · ".join(p for p in parts if p))
        self.counts_changed.emit(total("overdue") + total("due_today"))
        self.summary.setVisible(not data.is_empty())
        self.empty.setVisible(data.is_empty())

    def mark_done(self, section: TodaySection, row: int) -> None:
        """Ask for the outcome of the follow-up on `row` of `section`, then record it."""
        item = section.model.row_at(row)
        from ui.overview import (
            mark_done_dialog,  # first use only: it is not needed to show the page
        )

        outcome = mark_done_dialog.ask_outcome(self, item)
        if outcome is None:
            return
        try:
            self.ctx.history.record(
                item.incident_id, "Mark a follow-up done",
                lambda: complete_followup(self.ctx.db, item.id, outcome, now=self.clock()),
                step="followups")
        except AmendsError as exc:
            self.ctx.status_message.emit(str(exc))
            self.refresh()
            return
        self.ctx.status_message.emit(f"Done: {item.purpose or 'follow-up'} ({item.company}).")
        self.refresh()
        self.followup_done.emit(item.incident_id)
        self.ctx.incident_changed.emit(item.incident_id)

    def current_incident(self) -> int | None:
        """The incident of the row the user has highlighted here (the table with the keyboard
        first, else one with a selected row); None when no row is highlighted."""
        shown = [s for s in self.sections if s.isVisible() and s.model.rowCount() and s.has_view()]
        ordered = [s for s in shown if s.view.hasFocus()] + [
            s for s in shown if s.view.selectionModel().hasSelection()]
        for section in ordered:
            index = section.view.currentIndex()
            # Only a row drawn as highlighted counts: a delete must never reach an incident
            # the user cannot see is chosen.
            if index.isValid() and section.view.selectionModel().isRowSelected(index.row()):
                return int(index.data(INCIDENT_ROLE))
        return None

    def _one_highlight(self, chosen: TodaySection) -> None:
        """A row chosen in one table clears the others: Today has one highlighted row."""
        if not chosen.view.selectionModel().hasSelection():
            return
        for section in self.sections:
            if section is not chosen and section.has_view():
                section.view.clearSelection()

    def focus_first(self) -> None:
        """Put keyboard focus on the first table with rows, so arrows and Enter work at once."""
        for section in self.sections:
            if section.model.rowCount():
                section.view.setFocus()
                if not section.view.currentIndex().isValid():
                    # Current (Enter opens it) but not selected: nothing looks chosen for the user.
                    section.view.selectionModel().setCurrentIndex(
                        section.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
                return

    def _changed(self, *_: object) -> None:
        if self.isVisible():
            self._refresh_soon.start()

    def showEvent(self, event: QShowEvent) -> None:
        # Re-read on every return to Today, unless it was read a moment ago (opening the window).
        if time.monotonic() - self._read_at > 1.0:
            self.refresh()
        super().showEvent(event)
