"""`amends agenda`: overdue, today's and coming follow-ups and visits, one line each, local time."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from planner.cli.agenda import agenda_text
from planner.cli.main import main
from planner.store.db import open_data_dir
from tests.today_data import LONDON, NOW, add_followup, add_incident, add_visit


def test_agenda_lines_for_a_fixed_moment(db) -> None:
    iid = add_incident(db, "Halvorsen Fitouts")
    other = add_incident(db, "Brightwater Dental", "Invoice charged twice")
    add_followup(db, iid, date(2026, 11, 23), time(10, 0), "check the end caps arrived")
    add_followup(db, other, date(2026, 11, 24), None, "send the corrected invoice", channel="email")
    add_followup(db, iid, date(2026, 11, 26), time(9, 30), "confirm the fix\nis holding")
    add_followup(db, iid, date(2026, 12, 5), None, "too far ahead")
    add_visit(db, other, datetime(2026, 11, 24, 16, 0, tzinfo=LONDON), "Their surgery")
    add_visit(db, iid, datetime(2026, 11, 27, 11, 0, tzinfo=LONDON), "")
    assert agenda_text(db, NOW) == [
        f"OVERDUE   Mon 23 Nov 10:00    call    #{iid} Halvorsen Fitouts — check the end caps arrived",
        f"TODAY     Tue 24 Nov all day  email   #{other} Brightwater Dental — send the corrected invoice",
        f"TODAY     Tue 24 Nov 16:00    visit   #{other} Brightwater Dental — Invoice charged twice; at Their surgery",
        f"UPCOMING  Thu 26 Nov 09:30    call    #{iid} Halvorsen Fitouts — confirm the fix is holding",
        f"UPCOMING  Fri 27 Nov 11:00    visit   #{iid} Halvorsen Fitouts — Late shelving",
    ]


def test_times_are_shown_in_the_local_zone_of_now(db) -> None:
    iid = add_incident(db)
    add_followup(db, iid, date(2026, 11, 25), time(9, 0), "call Auckland", tz="Pacific/Auckland")
    assert agenda_text(db, NOW) == [
        f"TODAY     Tue 24 Nov 20:00    call    #{iid} Halvorsen Fitouts — call Auckland"]


def test_days_widens_the_window_and_zero_means_today_only(db) -> None:
    iid = add_incident(db)
    add_followup(db, iid, date(2026, 12, 5), None, "in eleven days")
    add_followup(db, iid, date(2026, 11, 25), None, "tomorrow")
    assert [line.split("—")[-1].strip() for line in agenda_text(db, NOW, days=14)] == [
        "tomorrow", "in eleven days"]
    assert agenda_text(db, NOW, days=0) == ["Nothing overdue, and nothing planned for today."]


def test_an_empty_agenda_says_so(db) -> None:
    assert agenda_text(db, NOW) == ["Nothing overdue, and nothing planned for the next 7 days."]


def test_the_shell_command(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_data_dir(data_dir)
    iid = add_incident(db, "Kestrel Labs")
    today = datetime.now().astimezone().date()
    add_followup(db, iid, today - timedelta(days=2), None, "late call")
    add_followup(db, iid, today + timedelta(days=10), None, "much later")
    db.close()
    assert main(["agenda", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("OVERDUE") and out[0].endswith("Kestrel Labs — late call")
    assert main(["agenda", "--days", "14", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("UPCOMING")


@pytest.mark.parametrize("days", ["-1", "x", "1000"])
def test_bad_days_are_refused_with_a_message(data_dir: Path, days: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["agenda", "--days", days, "--data-dir", str(data_dir)])
    assert caught.value.code == 2 and "--days" in capsys.readouterr().err
