"""The incident timeline: points in order with their states, and the painted widget in both palettes."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtGui import QColor, QPalette

from planner.errors import NotFoundError
from planner.incidents.model import Status
from planner.overview.timeline import PointKind, PointState, incident_timeline
from tests.today_data import LONDON, NOW, add_apology, add_followup, add_incident, add_visit
from ui.overview.timeline import TimelineWidget, point_text
from ui.theme import alert_colour, dark_palette

D, P, O = PointState.DONE, PointState.PLANNED, PointState.OVERDUE


def kinds_and_states(points) -> list[tuple[str, str]]:
    return [(p.kind.value, p.state.value) for p in points]


def test_the_whole_story_in_order(db) -> None:
    iid = add_incident(db, reported=NOW - timedelta(days=4), status=Status.APOLOGIZED)
    add_apology(db, iid, planned_for="2026-11-21T09:00:00+00:00", remedy_due="2026-11-26",
                remedy_owner="Priya (warehouse)")
    add_visit(db, iid, datetime(2026, 11, 21, 9, 0, tzinfo=LONDON), status="done")
    add_followup(db, iid, date(2026, 11, 22), time(10, 0), "after the visit", status="done")
    add_followup(db, iid, date(2026, 11, 23), time(10, 0), "missed call")
    add_followup(db, iid, date(2026, 11, 24), None, "today, all day")
    add_followup(db, iid, date(2026, 12, 3), time(9, 0), "a week on")
    add_followup(db, iid, date(2026, 12, 4), None, "dropped", status="skipped")
    points = incident_timeline(db, iid, NOW)
    assert kinds_and_states(points) == [
        ("happened", "done"), ("reported", "done"), ("apology", "done"), ("visit", "done"),
        ("followup", "done"), ("followup", "overdue"), ("followup", "planned"),
        ("remedy_due", "planned"), ("followup", "planned"),
    ]
    assert points[5].detail == "missed call" and points[7].detail == "Priya (warehouse)"
    assert points[6].all_day and points[6].when.date() == date(2026, 11, 24)


def test_promises_not_kept_are_overdue_and_closing_adds_the_last_point(db) -> None:
    iid = add_incident(db, reported=NOW - timedelta(days=6))
    add_apology(db, iid, planned_for="2026-11-20T09:00:00+00:00", remedy_due="2026-11-22")
    add_visit(db, iid, NOW - timedelta(days=1))  # still "planned" after its time
    states = {p.kind: p.state for p in incident_timeline(db, iid, NOW)}
    assert states[PointKind.APOLOGY] == O and states[PointKind.REMEDY_DUE] == O
    assert states[PointKind.VISIT] == O
    db.execute("UPDATE incidents SET status = 'closed', closed_at = ?, customer_confirmation = 'ok' "
               "WHERE id = ?", ["2026-11-24T12:00:00+00:00", iid])
    points = incident_timeline(db, iid, NOW)
    assert points[-1].kind == PointKind.CLOSED and points[-1].state == D
    assert {p.kind: p.state for p in points}[PointKind.REMEDY_DUE] == D


def test_unknown_incident_and_naive_now_are_refused(db) -> None:
    with pytest.raises(NotFoundError):
        incident_timeline(db, 404, NOW)
    iid = add_incident(db)
    with pytest.raises(ValueError, match="time zone"):
        incident_timeline(db, iid, datetime(2026, 11, 24))


def test_point_text_reads_as_a_sentence(db) -> None:
    iid = add_incident(db)
    add_followup(db, iid, date(2026, 11, 23), time(10, 0), "check the end caps")
    overdue = next(p for p in incident_timeline(db, iid, NOW) if p.kind == PointKind.FOLLOWUP)
    assert point_text(overdue).startswith("Follow-up — Mon 23 Nov")
    assert point_text(overdue).endswith("check the end caps (overdue)")


@pytest.mark.parametrize("palette", [None, "dark"])
def test_widget_paints_points_today_and_overdue_in_either_palette(qtbot, db, palette) -> None:
    iid = add_incident(db, reported=NOW - timedelta(days=2))
    add_followup(db, iid, date(2026, 11, 23), time(10, 0), "missed")
    add_followup(db, iid, date(2026, 11, 30), None, "next week")
    widget = TimelineWidget(clock=lambda: NOW)
    qtbot.addWidget(widget)
    if palette:
        widget.setPalette(dark_palette())
    widget.resize(900, widget.sizeHint().height())
    widget.set_points(incident_timeline(db, iid, NOW), NOW)
    xs = widget.x_positions()
    assert len(xs) == 4 and xs == sorted(xs)
    assert xs[2] < widget.today_x() < xs[3]  # today lies between the overdue call and next week
    image = widget.grab().toImage()
    alert = alert_colour(widget.palette())
    # The overdue dot is filled with the alert colour (sampled just left of its centre).
    dot = QColor(image.pixel(int(xs[2]) - 2, widget_axis_y(widget)))
    assert abs(dot.red() - alert.red()) < 40 and abs(dot.green() - alert.green()) < 40
    background = QColor(image.pixel(2, 2))
    assert background == widget.palette().color(QPalette.ColorRole.Window)
    assert "missed (overdue)" in widget.accessibleDescription()


def widget_axis_y(widget: TimelineWidget) -> int:
    return int(widget._rows()[1])


def test_widget_with_no_points_shows_a_hint(qtbot) -> None:
    widget = TimelineWidget(clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.set_points([], NOW)
    widget.grab()
    assert widget.accessibleDescription() == "No dates yet"


def test_hovering_a_point_tells_its_whole_story(qtbot, db, monkeypatch) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    iid = add_incident(db)
    add_followup(db, iid, date(2026, 11, 23), time(10, 0), "check the end caps")
    widget = TimelineWidget(clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(900, widget.sizeHint().height())
    widget.show()
    points = incident_timeline(db, iid, NOW)
    widget.set_points(points, NOW)
    at = [p.kind for p in points].index(PointKind.FOLLOWUP)
    spot = QPoint(int(widget.x_positions()[at]) + 3, widget_axis_y(widget))
    shown: list[str] = []  # the offscreen platform warns when a real tooltip raises itself
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, widget=None: shown.append(text))
    widget.event(QHelpEvent(QEvent.Type.ToolTip, spot, widget.mapToGlobal(spot)))
    assert len(shown) == 1 and shown[0].endswith("check the end caps (overdue)")
