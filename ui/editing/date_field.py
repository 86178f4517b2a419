"""A date (and time) field that reads what people type ("25/11 14:30", "tomorrow 9", "fri 10:00",
"+3d"), shows what it understood, and offers a calendar; it commits on Enter, on leaving the
field or on a pick, never half-way through typing."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.typed_dates import EXAMPLES, Prefer, TypedDateError, parse_typed, relative_words
from ui.editing.fields import ElidedLabel, LineEdit

DATE_FORMAT = "%a %d %b %Y"
DATETIME_FORMAT = "%a %d %b %Y, %H:%M"
ERROR_STYLE = "color: #c0392b;"
HINT_STYLE = "color: palette(placeholder-text);"


def day_first() -> bool:
    """Whether the user writes the day before the month in numbers (not in the US, say)."""
    return not QLocale.system().dateFormat(QLocale.FormatType.ShortFormat).lstrip().startswith("M")


class _Line(LineEdit):
    """The text part: Up and Down move the date a day (with Shift a week), Alt+Down opens the
    calendar, and leaving the field commits what was typed."""

    stepped = Signal(int)  # days
    calendar_wanted = Signal()
    left = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier or key == Qt.Key.Key_F4:
            self.calendar_wanted.emit()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = 7 if mods & Qt.KeyboardModifier.ShiftModifier else 1
            self.stepped.emit(step if key == Qt.Key.Key_Up else -step)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # the calendar is part of us
            self.left.emit()


class DateTimeField(QWidget):
    """A typed date and time, with the understood value beside it and a calendar button.

    ``with_time``: True asks for a date and a time (a typed date alone keeps the last time),
    False for a date only, None makes the time optional (no time: all day). ``prefer`` says
    which way a date without a year, or a weekday, lies ("future" for a visit, "past" for when
    it happened). ``latest`` (say, now) refuses anything later, with ``latest_reason``.
    ``changed`` fires when a new, valid value is committed.
    """

    changed = Signal()

    def __init__(self, *, with_time: bool | None = True, prefer: Prefer = "near",
                 latest: Callable[[], datetime] | None = None, latest_reason: str = "",
                 default_time: time = time(9, 0), name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_time, self.prefer, self.latest = with_time, prefer, latest
        self.latest_reason = latest_reason or "It cannot be later than now."
        self.default_time = default_time
        self.allow_empty = False
        self._value: date | datetime | None = None
        self._problem = ""
        self.edit = _Line()
        self.edit.setAccessibleName(name)
        example = {True: "25/11 14:30, tomorrow 9, fri 10:00", False: "25/11, fri, +3d",
                   None: "fri, 25/11 14:30, +3d 9"}[with_time]
        self.edit.setPlaceholderText(example)
        self._advice = (f"Type a date the way you say it: {EXAMPLES}. Up and Down move it a "
                        "day; Alt+Down opens a calendar.")
        self.edit.setToolTip(self._advice)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Choose on a calendar (Alt+Down)")
        self.button.setAccessibleName(f"{name} calendar" if name else "Calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Wide enough for the longest date it writes back, so it is never cut.
        longest = "Wed 30 Sep 2026, 23:59" if with_time is not False else "Wed 30 Sep 2026"
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(longest) + 16)
        self.hint = ElidedLabel()
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setMaximumWidth(self.hint.fontMetrics().horizontalAdvance(f"= {longest}") + 8)
        # Its full width when there is room; cut with "…" (all of it on hover) when there is not.
        self.hint.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        row.addWidget(self.hint)
        self.setFocusProxy(self.edit)
        self._popup: QFrame | None = None
        self.edit.textEdited.connect(self._preview)
        self.edit.returnPressed.connect(self.commit)
        self.edit.left.connect(self.commit)
        self.edit.stepped.connect(self._step)
        self.edit.calendar_wanted.connect(self.open_calendar)
        self.button.clicked.connect(self.open_calendar)

    # --- the value ---------------------------------------------------------------------------

    def value(self) -> date | datetime | None:
        """The last committed value: an aware datetime (with a time), a date, or None."""
        return self._value

    def set_value(self, value: date | datetime | None) -> None:
        """Show ``value`` (None: empty) without reporting a change."""
        self._value = value
        self._problem = ""
        self.edit.setText(self._format(value))
        self.edit.setCursorPosition(0)
        self._show_relative()

    def problem(self) -> str:
        """Why the typed text was not taken (empty when it was)."""
        return self._problem

    def commit(self) -> bool:
        """Take what is typed; False (and the reason shown) when it cannot be read or allowed."""
        text = self.edit.text()
        if text == self._format(self._value):
            self._problem = ""
            self._show_relative()
            return True
        try:
            value = self._parse(text)
        except TypedDateError as exc:
            self._show_problem(str(exc))
            return False
        return self._take(value)

    def setEnabled(self, enabled: bool) -> None:
        super().setEnabled(enabled)
        self.hint.setVisible(enabled)

    # --- reading -------------------------------------------------------------------------------

    def _parse(self, text: str) -> date | datetime | None:
        if not text.strip() and self.allow_empty:
            return None
        now = datetime.now().astimezone()
        typed = parse_typed(text, now.date(), prefer=self.prefer, day_first=day_first(),
                            with_time=self.with_time is not False, now_clock=now.time())
        if self.with_time is False:
            return typed.day
        clock = typed.clock
        if clock is None and self.with_time is None:
            return typed.day  # all day
        if clock is None:  # a date alone keeps the time it had
            clock = self._clock()
        return datetime.combine(typed.day, clock).astimezone()

    def _clock(self) -> time:
        """The time of day the field shows now (the default when it has none)."""
        if isinstance(self._value, datetime):
            return self._value.astimezone().time().replace(tzinfo=None)
        return self.default_time

    def _take(self, value: date | datetime | None) -> bool:
        if value is not None and self.latest is not None:
            limit = self.latest()
            later = value > limit if isinstance(value, datetime) else value > limit.date()
            if later:
                self._show_problem(f"{self._format(value)} is in the future. {self.latest_reason}")
                return False
        changed = value != self._value
        self.set_value(value)
        if changed:
            self.changed.emit()
        return True

    def _format(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.astimezone().strftime(DATETIME_FORMAT)
        return value.strftime(DATE_FORMAT)

    def _preview(self, text: str) -> None:
        try:
            value = self._parse(text)
        except TypedDateError:
            self.hint.set_full_text("")  # still typing: nothing until Enter or leaving the field
            self.edit.setToolTip(self._advice)
            return
        self.hint.setStyleSheet(HINT_STYLE)
        understood = f"= {self._format(value)}" if value is not None else "not set"
        self.hint.set_full_text(understood)
        self.edit.setToolTip(f"Understood as {understood[2:]}" if value is not None else "")

    def _show_relative(self) -> None:
        self.hint.setStyleSheet(HINT_STYLE)
        self.edit.setToolTip(self._advice)
        value = self._value
        if value is None:
            self.hint.set_full_text("")
            return
        day = value.astimezone().date() if isinstance(value, datetime) else value
        words = relative_words(day, date.today())
        self.hint.set_full_text(words + (", all day" if self.with_time is None and
                                         not isinstance(value, datetime) else ""))

    def _show_problem(self, message: str) -> None:
        self._problem = message
        self.hint.setStyleSheet(ERROR_STYLE)
        self.hint.set_full_text("⚠ not taken", tip=message)
        self.edit.setToolTip(message)

    # --- moving it -----------------------------------------------------------------------------

    def _step(self, days: int) -> None:
        if not self.commit():
            return
        value = self._value
        if value is None:
            value = date.today() if self.with_time is not True else datetime.combine(
                date.today(), self.default_time).astimezone()
        if isinstance(value, datetime):
            local = value.astimezone()
            moved: date | datetime = datetime.combine(local.date() + timedelta(days=days),
                                                      local.time().replace(tzinfo=None)).astimezone()
        else:
            moved = value + timedelta(days=days)
        self._take(moved)

    def open_calendar(self) -> None:
        """A calendar under the field; a click picks the day and keeps the time."""
        if not self.isEnabled() or not self.commit():
            return
        popup = QFrame(self, Qt.WindowType.Popup)
        popup.setFrameShape(QFrame.Shape.StyledPanel)
        calendar = QCalendarWidget(popup)
        calendar.setGridVisible(False)
        value = self._value
        day = value.astimezone().date() if isinstance(value, datetime) else (value or date.today())
        calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        QVBoxLayout(popup).addWidget(calendar)
        calendar.clicked.connect(lambda picked: (self.pick(picked), popup.close()))
        calendar.activated.connect(lambda picked: (self.pick(picked), popup.close()))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), popup, popup.close)
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup = popup
        popup.show()
        calendar.setFocus()

    def pick(self, picked: QDate) -> None:
        """The calendar's choice: that day, at the time the field had (or its default)."""
        day = date(picked.year(), picked.month(), picked.day())
        value = self._value
        if self.with_time is False or (self.with_time is None and not isinstance(value, datetime)):
            self._take(day)
            return
        self._take(datetime.combine(day, self._clock()).astimezone())
        self.edit.setFocus()
