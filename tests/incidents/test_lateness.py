"""One day count for a late apology: the checker, the visit warning and Today agree."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.apology.checker import check_meta
from planner.incidents.lateness import LATE_APOLOGY_DAYS, days_after_report, is_late, late_cutoff
from planner.incidents.service import get_incident
from planner.overview.today import today_view
from planner.visits.model import Visit, VisitPerson
from planner.visits.service import visit_warnings
from tests.today_data import add_incident

AUCKLAND = ZoneInfo("Pacific/Auckland")  # UTC+13 in December: the UTC date is often yesterday


def test_days_are_counted_in_the_users_zone_not_utc() -> None:
    # Monday 09:00 in Auckland is Sunday in UTC; Friday 08:00 there is Thursday in UTC.
    told = datetime(2026, 12, 7, 9, 0, tzinfo=AUCKLAND)
    friday = datetime(2026, 12, 11, 8, 0, tzinfo=AUCKLAND)
    assert days_after_report(told, friday, AUCKLAND) == 4
    assert days_after_report(told.astimezone(ZoneInfo("UTC")), friday, AUCKLAND) == 4
    assert is_late(told, friday, AUCKLAND) and not is_late(told, friday - timedelta(days=1), AUCKLAND)
    assert late_cutoff(friday) == datetime(2026, 12, 11 - LATE_APOLOGY_DAYS, 0, 0, tzinfo=AUCKLAND)


@pytest.mark.parametrize("days_later", [LATE_APOLOGY_DAYS, LATE_APOLOGY_DAYS + 1])
def test_checker_visit_warning_and_today_agree(db, days_later: int) -> None:
    told = datetime(2026, 12, 7, 9, 0, tzinfo=AUCKLAND)
    now = datetime(2026, 12, 7 + days_later, 8, 0, tzinfo=AUCKLAND)
    incident_id = add_incident(db, reported=told)
    incident = get_incident(db, incident_id)
    late = days_later > LATE_APOLOGY_DAYS

    checker_late = any(f.category == "late" for f in check_meta(None, told, None, now))
    visit = Visit(incident_id=incident_id, starts_at=now + timedelta(hours=1),
                  people=[VisitPerson(name="Dana", role="ops lead")])
    visit_late = any("after they told us" in w for w in visit_warnings(visit, incident, now))
    today_late = [w.late for w in today_view(db, now).waiting if w.incident_id == incident_id]

    assert (checker_late, visit_late, today_late) == (late, late, [late])
