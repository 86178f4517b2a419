"""The typed date field: Enter commits what it understood, a mistake is named and nothing
changes, future dates are refused where they cannot be, Up/Down and the calendar move it."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from planner.incidents.service import get_incident
from tests.gui_helpers import show_main_window, type_date
from ui.editing.date_field import DateTimeField


def field(qtbot, **options) -> tuple[DateTimeField, list[object]]:  # type: ignore[no-untyped-def]
    widget = DateTimeField(**options)
    qtbot.addWidget(widget)
    widget.set_value(datetime(2026, 11, 20, 9, 30).astimezone())
    seen: list[object] = []
    widget.changed.connect(lambda: seen.append(widget.value()))
    return widget, seen


def test_enter_takes_what_was_typed_and_shows_it_as_understood(qtbot) -> None:
    widget, seen = field(qtbot)
    widget.edit.selectAll()
    qtbot.keyClicks(widget.edit, "25/11/2026 14:30")
    assert seen == [] and widget.hint.full_text() == "= Wed 25 Nov 2026, 14:30"  # a preview only
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert seen == [datetime(2026, 11, 25, 14, 30).astimezone()]
    assert widget.edit.text() == "Wed 25 Nov 2026, 14:30"
    widget.edit.selectAll()
    qtbot.keyClicks(widget.edit, "24/11/2026")  # a date alone keeps the time
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert widget.value() == datetime(2026, 11, 24, 14, 30).astimezone()


def test_what_cannot_be_read_is_named_and_changes_nothing(qtbot) -> None:
    widget, seen = field(qtbot)
    before = widget.value()
    widget.edit.selectAll()
    qtbot.keyClicks(widget.edit, "next blursday")
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert seen == [] and widget.value() == before
    assert "not a date Amends can read" in widget.problem()
    assert widget.hint.full_text().startswith("⚠") and widget.problem() in widget.hint.toolTip()
    assert widget.edit.text() == "next blursday"  # what was typed stays, to be corrected


def test_a_date_that_cannot_lie_ahead_is_refused(qtbot) -> None:
    now = datetime(2026, 12, 2, 12, 0).astimezone()
    widget, seen = field(qtbot, prefer="past", latest=lambda: now,
                         latest_reason="They told us already.")
    type_date(qtbot, widget, "20/12/2026 10:00")  # 18 days ahead
    assert seen == [] and "is in the future. They told us already." in widget.problem()
    type_date(qtbot, widget, "yesterday 10:00")
    assert widget.problem() == "" and len(seen) == 1


def test_arrows_step_a_day_and_the_calendar_picks_keeping_the_time(qtbot) -> None:
    widget, seen = field(qtbot)
    qtbot.keyClick(widget.edit, Qt.Key.Key_Up)
    qtbot.keyClick(widget.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert seen[-1] == datetime(2026, 11, 14, 9, 30).astimezone()
    widget.pick(QDate(2026, 12, 24))
    assert widget.value() == datetime(2026, 12, 24, 9, 30).astimezone()


def test_a_date_only_and_an_optional_time_field(qtbot) -> None:
    day_only = DateTimeField(with_time=False)
    qtbot.addWidget(day_only)
    type_date(qtbot, day_only, "3/1/2027")
    assert day_only.value() == date(2027, 1, 3)
    type_date(qtbot, day_only, "3/1/2027 10:00")
    assert "Only a date" in day_only.problem() and day_only.value() == date(2027, 1, 3)
    either = DateTimeField(with_time=None)
    qtbot.addWidget(either)
    type_date(qtbot, either, "2027-01-04")
    assert either.value() == date(2027, 1, 4) and either.hint.full_text().endswith("all day")
    type_date(qtbot, either, "2027-01-04 9")
    assert either.value() == datetime(2027, 1, 4, 9, 0).astimezone()


def test_they_told_us_refuses_a_date_in_the_future_in_the_app(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    window.new_incident()
    page = window.workspace.pages["what"]
    incident_id = window.workspace.incident_id
    stored = get_incident(window.ctx.db, incident_id).reported_at
    ahead = datetime.now().astimezone() + timedelta(days=18)
    type_date(qtbot, page.reported_at, f"{ahead:%d/%m/%Y} 10:00")
    assert "is in the future" in page.reported_at.problem()
    assert window.ctx.autosaver.flush()
    assert get_incident(window.ctx.db, incident_id).reported_at == stored
    type_date(qtbot, page.reported_at, "yesterday 17:05")
    assert window.ctx.autosaver.flush()
    told = get_incident(window.ctx.db, incident_id).reported_at.astimezone()
    assert told.time() == time(17, 5) and told.date() == date.today() - timedelta(days=1)
    window.close()


TYPED = [  # typed into the field, then Enter: the day from today, and the time
    ("tomorrow 9", 1, time(9, 0)),
    ("+3d", 3, time(9, 30)),  # a date alone keeps the time the field had
    ("in 2 weeks 16:45", 14, time(16, 45)),
    ("today 7pm", 0, time(19, 0)),
]


@pytest.mark.parametrize(("typed", "days", "clock"), TYPED)
def test_typed_as_people_type_it(qtbot, typed: str, days: int, clock: time) -> None:
    widget, seen = field(qtbot)
    widget.edit.selectAll()
    qtbot.keyClicks(widget.edit, typed)
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    expected = datetime.combine(date.today() + timedelta(days=days), clock).astimezone()
    assert widget.value() == expected and seen == [expected]
    assert widget.edit.text() == expected.strftime("%a %d %b %Y, %H:%M")


@pytest.mark.parametrize(("typed", "weekday"), [("fri 10:00", 4), ("mon", 0), ("next wed 8", 2)])
def test_a_weekday_lies_ahead_in_a_field_that_looks_ahead(qtbot, typed: str, weekday: int) -> None:
    widget = DateTimeField(prefer="future")
    qtbot.addWidget(widget)
    type_date(qtbot, widget, typed)
    value = widget.value()
    assert isinstance(value, datetime) and value.weekday() == weekday
    assert 0 <= (value.date() - date.today()).days <= 7
