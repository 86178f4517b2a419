"""Checks on the incident around the apology: said in person, and said in time."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from planner.apology.checker import MetaFinding, check_meta

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
REPORTED = datetime(2026, 3, 16, 17, 5, tzinfo=UTC)  # a Monday evening


def _ids(findings: list[MetaFinding]) -> list[str]:
    return [f.rule_id for f in findings]


@pytest.mark.parametrize("channel", ["email", "text", "email_text", "Email/Text", "SMS"])
def test_a_written_apology_is_told_to_say_it_in_person(channel: str) -> None:
    findings = check_meta(channel, None, None, NOW)
    assert _ids(findings) == ["channel-written"]
    finding = findings[0]
    assert (finding.category, finding.severity) == ("channel", "warning")
    assert "in person" in finding.message
    assert finding.suggestion and finding.reason


@pytest.mark.parametrize("channel", ["in_person", "in person", "video_call", "phone", None])
def test_spoken_channels_are_fine(channel: str | None) -> None:
    assert check_meta(channel, REPORTED, REPORTED + timedelta(days=1), NOW) == []


def test_an_apology_planned_late_names_the_days() -> None:
    planned = REPORTED + timedelta(days=5)
    [finding] = check_meta("in_person", REPORTED, planned, NOW)
    assert (finding.rule_id, finding.category, finding.days) == ("late-apology", "late", 5)
    assert "5 days" in finding.message
    assert finding.suggestion is not None and "3 days" in finding.suggestion


def test_the_limit_is_a_parameter_and_counts_calendar_days() -> None:
    planned = REPORTED + timedelta(days=3)  # Thursday: three calendar days later
    assert check_meta(None, REPORTED, planned, NOW) == []
    assert _ids(check_meta(None, REPORTED, planned, NOW, max_days=2)) == ["late-apology"]
    one = check_meta(None, REPORTED, REPORTED + timedelta(days=1), NOW, max_days=0)
    assert "1 day " in one[0].message


def test_days_are_counted_in_the_users_time_zone() -> None:
    """The user's zone is the zone of ``now``: Monday 23:30 to Friday 00:00 in Berlin is four
    days there, though only three in UTC (Monday 22:30 to Thursday 23:00)."""
    berlin_winter = timezone(timedelta(hours=1))
    reported = datetime(2026, 3, 16, 23, 30, tzinfo=berlin_winter)
    planned = datetime(2026, 3, 19, 23, 0, tzinfo=UTC)  # Friday 00:00 in Berlin
    [finding] = check_meta(None, reported, planned, NOW.astimezone(berlin_winter))
    assert finding.days == 4
    assert check_meta(None, reported, planned, NOW) == []  # a user in UTC: three days


def test_no_apology_planned_yet_is_measured_against_now() -> None:
    findings = check_meta(None, REPORTED, None, REPORTED + timedelta(days=6))
    assert _ids(findings) == ["late-unplanned"]
    assert "6 days ago" in findings[0].message
    assert check_meta(None, REPORTED, None, REPORTED + timedelta(days=2)) == []


def test_both_problems_are_reported_together() -> None:
    findings = check_meta("email", REPORTED, REPORTED + timedelta(days=9), NOW)
    assert _ids(findings) == ["channel-written", "late-apology"]


def test_without_a_report_date_lateness_is_not_judged() -> None:
    assert check_meta("phone", None, NOW + timedelta(days=30), NOW) == []


def test_naive_datetimes_and_negative_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="reported_at must be timezone-aware"):
        check_meta(None, datetime(2026, 3, 16, 9, 0), None, NOW)
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        check_meta(None, None, None, datetime(2026, 3, 16, 9, 0))
    with pytest.raises(ValueError, match="max_days"):
        check_meta(None, REPORTED, None, NOW, max_days=-1)
