"""Double booking: clashes between visits and timed follow-ups are found and flagged, and
nothing new (a visit, a cadence's follow-ups) is planned on an occupied slot."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from planner.cli.agenda import agenda_text
from planner.followups.cadence import Proposal
from planner.followups.plan import settle_times
from planner.overview.today import today_view
from planner.visits.service import get_visit, new_visit, visit_clashes
from planner.visits.slots import bookings, clash_text, clashes, first_free
from tests.today_data import LONDON, NOW, add_followup, add_incident, add_visit

WED_10 = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)  # the day after NOW, a Wednesday


def test_overlapping_visit_and_timed_follow_up_clash_and_all_day_ones_never_do(db: Database) -> None:
    leeds = add_incident(db, "Kestrel Labs")
    york = add_incident(db, "Halvorsen Fitouts")
    visit = add_visit(db, leeds, WED_10, "Leeds")  # 10:00-11:00 (the default 60 minutes)
    call = add_followup(db, york, WED_10.date(), time(10, 30), "Ring Dana")
    add_followup(db, york, WED_10.date(), None, "All-day reminder")
    add_followup(db, york, WED_10.date(), time(11, 0), "Just after: no clash")
    found = clashes(bookings(db, WED_10 - timedelta(hours=2), WED_10 + timedelta(hours=4)))
    assert set(found) == {("visit", visit), ("followup", call)}
    assert clash_text(found[("visit", visit)], LONDON) == \
        "Overlaps the follow-up with Halvorsen Fitouts, Wed 25 Nov 10:30–11:00."


def test_first_free_skips_whatever_is_booked_and_stays_in_working_hours(db: Database) -> None:
    iid = add_incident(db)
    add_visit(db, iid, WED_10, "Leeds")  # 10:00-11:00
    add_followup(db, iid, WED_10.date(), time(11, 0), "call")  # 11:00-11:30
    assert first_free(db, WED_10, 45) == WED_10.replace(hour=11, minute=30)
    late = WED_10.replace(hour=17, minute=30)
    add_visit(db, iid, late, "Late")
    assert first_free(db, late, 60) == datetime(2026, 11, 26, 9, 0, tzinfo=LONDON)
    friday = datetime(2026, 11, 27, 17, 0, tzinfo=LONDON)
    add_visit(db, iid, friday, "Friday evening")
    assert first_free(db, friday, 60).date() == date(2026, 11, 30)  # over the weekend


def test_a_new_visit_is_never_planned_on_top_of_another(db: Database) -> None:
    # The rep already goes to Leeds at 10:00 the next working day; the new visit must not.
    leeds = add_incident(db, "Kestrel Labs")
    york = add_incident(db, "Halvorsen Fitouts")
    first = new_visit(db, leeds, now=NOW)
    second = new_visit(db, york, now=NOW)
    assert first.starts_at.astimezone().hour == 10
    assert second.starts_at >= first.ends_at
    assert visit_clashes(db, second) == ""
    moved = get_visit(db, second.id)
    moved.starts_at = first.starts_at + timedelta(minutes=15)
    assert visit_clashes(db, moved).startswith("Overlaps the visit to Kestrel Labs")


def test_the_cadence_never_proposes_an_occupied_slot_nor_two_at_once(db: Database) -> None:
    iid = add_incident(db)
    add_visit(db, iid, WED_10, "Leeds")
    at_ten = [Proposal(WED_10.date(), time(10, 0), "call", purpose, n)
              for n, purpose in enumerate(["Check the fix", "Confirm the credit"])]
    all_day = Proposal(WED_10.date(), None, "email", "Send the statement", 2)
    settled = settle_times(db, [*at_ten, all_day], ZoneInfo("Europe/London"))
    assert [(p.step_index, p.time) for p in settled] == [
        (0, time(11, 0)), (1, time(11, 30)), (2, None)]  # all-day ones hold no slot


def test_today_and_the_agenda_flag_both_sides_of_a_clash(db: Database) -> None:
    leeds = add_incident(db, "Kestrel Labs", "Wrong invoice")
    york = add_incident(db, "Halvorsen Fitouts")
    visit = add_visit(db, leeds, WED_10, "Leeds")
    call = add_followup(db, york, WED_10.date(), time(10, 30), "Ring Dana")
    data = today_view(db, NOW)
    [item] = [f for f in data.upcoming if f.id == call]
    [planned] = [v for v in data.visits if v.id == visit]
    assert item.clash.startswith("Overlaps the visit to Kestrel Labs")
    assert planned.clash.startswith("Overlaps the follow-up with Halvorsen Fitouts")
    lines = agenda_text(db, NOW)
    assert sum("[CLASH: Overlaps" in line for line in lines) == 2
