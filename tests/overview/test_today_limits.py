"""Today lists the first rows of each section and counts them all: caps, totals, order, late count."""
from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from planner.cli.agenda import agenda_lines
from planner.incidents.model import Status
from planner.overview.today import SECTIONS, TODAY_SECTION_LIMIT, today_view
from tests.overview.today_bulk import add_followups, add_waiting
from tests.today_data import NOW, add_followup, add_incident, add_visit

TODAY = NOW.date()


def purposes(items: list[Any]) -> list[str]:
    return [i.purpose for i in items]


def test_a_long_overdue_list_is_capped_oldest_first_and_counted_in_full(db) -> None:
    iid = add_incident(db, status=Status.APOLOGIZED)
    # Far back (read by SQL alone) and within the last two days (judged row by row).
    add_followups(db, iid, [(TODAY - timedelta(days=80 - n), None, "Europe/London", f"old {n:02}")
                            for n in range(70)])
    add_followup(db, iid, TODAY - timedelta(days=1), time(9, 0), "yesterday")
    add_followup(db, iid, TODAY, time(9, 0), "this morning")
    add_followup(db, iid, TODAY, time(16, 0), "later today")
    data = today_view(db, NOW, limit=TODAY_SECTION_LIMIT)
    assert purposes(data.overdue) == [f"old {n:02}" for n in range(TODAY_SECTION_LIMIT)]
    assert data.total("overdue") == 72 and data.total("due_today") == 1
    small = today_view(db, NOW, limit=3)
    assert purposes(small.overdue) == ["old 00", "old 01", "old 02"] and small.total("overdue") == 72
    everything = today_view(db, NOW)
    assert purposes(everything.overdue)[-2:] == ["yesterday", "this morning"]
    assert len(everything.overdue) == everything.total("overdue") == 72


def test_a_later_date_in_a_far_zone_still_sorts_by_the_day_it_falls_on_here(db) -> None:
    iid = add_incident(db, status=Status.APOLOGIZED)
    base = TODAY - timedelta(days=40)
    add_followups(db, iid, [
        (base, None, "Europe/London", "all day"),
        (base, time(23, 0), "Europe/London", "late evening"),
        # 00:30 on the next day at UTC+14 is the morning of the same day in London: before 23:00.
        (base + timedelta(days=1), time(0, 30), "Pacific/Kiritimati", "Kiritimati"),
        (base + timedelta(days=3), None, "Europe/London", "three days on"),
    ])
    data = today_view(db, NOW, limit=2)
    assert purposes(data.overdue) == ["all day", "Kiritimati"]
    assert data.overdue[1].day == base and data.total("overdue") == 4
    assert purposes(today_view(db, NOW, limit=3).overdue) == ["all day", "Kiritimati", "late evening"]


def test_upcoming_and_due_today_are_capped_soonest_first(db) -> None:
    iid = add_incident(db, status=Status.APOLOGIZED)
    rows = [(TODAY + timedelta(days=d), time(8 + h, 0), "Europe/London", f"day {d} at {8 + h}")
            for d in range(1, 31) for h in range(3)]
    rows += [(TODAY, time(15 + h, 0), "Europe/London", f"today at {15 + h}") for h in range(5)]
    add_followups(db, iid, rows)
    everything = today_view(db, NOW, days=30)
    assert everything.total("upcoming") == len(everything.upcoming) == 90
    for limit in (1, 4, 7, 50):
        data = today_view(db, NOW, days=30, limit=limit)
        assert data.upcoming == everything.upcoming[:limit]
        assert data.due_today == everything.due_today[:limit]
        assert (data.total("upcoming"), data.total("due_today")) == (90, 5)
    assert purposes(today_view(db, NOW, limit=2).upcoming) == ["day 1 at 8", "day 1 at 9"]
    assert today_view(db, NOW, limit=2).total("upcoming") == 21  # the default seven days


def test_visits_are_capped_soonest_first_and_counted(db) -> None:
    iid = add_incident(db, status=Status.APOLOGIZED)
    for n in range(7):
        add_visit(db, iid, NOW + timedelta(days=1, hours=n), f"room {n}")
    add_visit(db, iid, NOW + timedelta(days=20), "too far")
    data = today_view(db, NOW, limit=3)
    assert [v.place for v in data.visits] == ["room 0", "room 1", "room 2"]
    assert data.total("visits") == 7


def test_waiting_is_capped_longest_waiting_first_and_late_counts_them_all(db) -> None:
    ids = add_waiting(db, [NOW - timedelta(days=30 - n) for n in range(30)])  # 30 .. 1 days old
    data = today_view(db, NOW, limit=5)
    assert [w.incident_id for w in data.waiting] == ids[:5]
    assert [w.age_days for w in data.waiting] == [30, 29, 28, 27, 26]
    assert data.total("waiting") == 30
    assert data.waiting_late == 27  # 4 days old and more; only five of them are listed
    everything = today_view(db, NOW)
    assert sum(w.late for w in everything.waiting) == everything.waiting_late == 27


NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(("now", "late", "on_time"), [
    # 14:00 in New York (UTC-5): late means reported before 00:00 on the 21st there, 05:00 UTC.
    (datetime(2026, 11, 24, 14, 0, tzinfo=NEW_YORK),
     datetime(2026, 11, 21, 4, 59, 59, tzinfo=UTC), datetime(2026, 11, 21, 5, 0, tzinfo=UTC)),
    # A zone that changed its clocks since the cut-off day: London went to summer time on the 29th;
    # midnight starting the 28th there is still 00:00 UTC, not 23:00 the day before.
    (datetime(2026, 3, 31, 10, 0, tzinfo=ZoneInfo("Europe/London")),
     datetime(2026, 3, 27, 23, 59, 59, tzinfo=UTC), datetime(2026, 3, 28, 0, 0, tzinfo=UTC)),
    # The machine's zone as a fixed offset (what datetime.now().astimezone() gives): +01:00.
    (datetime(2026, 3, 31, 10, 0, tzinfo=timezone(timedelta(hours=1))),
     datetime(2026, 3, 27, 22, 59, 59, tzinfo=UTC), datetime(2026, 3, 27, 23, 0, tzinfo=UTC)),
])
def test_late_count_turns_at_midnight_in_the_zone_of_now(db, now: datetime, late: datetime,
                                                         on_time: datetime) -> None:
    add_waiting(db, [late, on_time, now])
    data = today_view(db, now, limit=1)
    assert data.waiting_late == 1 and data.total("waiting") == 3
    everything = today_view(db, now)
    assert [(w.age_days, w.late) for w in everything.waiting] == [(4, True), (3, False), (0, False)]
    assert today_view(db, now, late_days=4, limit=1).waiting_late == 0
    assert today_view(db, now, late_days=2, limit=1).waiting_late == 2


def test_totals_decide_emptiness_even_when_nothing_is_listed(db) -> None:
    assert today_view(db, NOW, limit=TODAY_SECTION_LIMIT).is_empty()
    add_waiting(db, [NOW - timedelta(days=1)])
    data = today_view(db, NOW, limit=0)
    assert data.waiting == [] and data.total("waiting") == 1 and not data.is_empty()
    assert all(data.total(s) == 0 for s in SECTIONS if s != "waiting")
    with pytest.raises(ValueError, match="limit must be 0 or more"):
        today_view(db, NOW, limit=-1)


def test_the_agenda_command_still_lists_everything(db) -> None:
    iid = add_incident(db, status=Status.APOLOGIZED)
    count = TODAY_SECTION_LIMIT + 15
    add_followups(db, iid, [(TODAY - timedelta(days=100 - n), None, "Europe/London", f"old {n}")
                            for n in range(count)])
    lines = agenda_lines(db, NOW)
    assert [line.tag for line in lines] == ["OVERDUE"] * count
    assert [line.text for line in lines] == [f"old {n}" for n in range(count)]
