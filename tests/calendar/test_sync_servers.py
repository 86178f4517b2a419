"""Two-way sync against real Radicale and Xandikos servers: connect, first sync, edits and deletes
both ways, a conflict, erase, disconnect — each test on a calendar of its own."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from planner.calendar.sync import choices, service
from planner.calendar.sync.account import set_rep_name
from planner.followups.service import delete_followup, get_followup, mark_done, save_followup
from planner.incidents.privacy import erase_customer
from planner.store.db import open_data_dir
from planner.visits.service import delete_visit
from tests.calendar.calendar_data import add_fu, add_party, add_visit
from tests.calendar.phone import Phone
from tests.calendar.servers import PASSWORD, USER, CalDavServer

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)


def sync(db: Any, **kwargs: Any) -> service.SyncReport:
    return service.sync_now(db, now=NOW, password=PASSWORD, **kwargs)


@pytest.fixture
def plans(db: Any) -> dict[str, Any]:
    """Two follow-ups and a visit still to happen, and items that never belong in a calendar."""
    incident = add_party(db)
    set_rep_name(db, "Robin Vale")
    timed = add_fu(db, incident, date(2026, 3, 23), time(10, 0))
    all_day = add_fu(db, incident, date(2026, 3, 24), purpose="Check the credit note arrived")
    visit = add_visit(db, incident, datetime(2026, 3, 26, 9, tzinfo=UTC), place="Site")
    add_fu(db, incident, date(2026, 3, 25), status="skipped")
    closed = add_party(db, company="Closed Co", status="closed")
    add_fu(db, closed, date(2026, 3, 27))
    visit_uid = db.execute("SELECT ics_uid FROM visits WHERE id = ?", [visit]).fetchone()[0]
    return {"incident": incident, "timed": timed, "all_day": all_day, "visit": visit,
            "visit_uid": visit_uid}


@pytest.fixture
def phone_for(server: CalDavServer) -> Iterator[Any]:
    opened: list[Phone] = []

    def make(db: Any) -> Phone:
        account = service.load_account(db)
        assert account is not None
        opened.append(Phone(server.url, account.calendar_url))
        return opened[-1]

    yield make
    for phone in opened:
        phone.close()


def test_connect_makes_the_calendar_keeps_the_password_and_first_sync_sends_each_once(
    db: Any, data_dir: Path, server: CalDavServer, calendar_name: str, plans: dict[str, Any],
    memory_keyring: Any, phone_for: Any,
) -> None:
    found = service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    assert found.created and found.account.calendar_name == calendar_name
    assert found.queued == 3 and found.password_note == ""
    assert list(memory_keyring.secrets.values()) == [PASSWORD]
    names = [c.name for c in service.discover(server.url, USER, PASSWORD)]
    assert calendar_name in names

    report = sync(db)
    assert (report.sent, report.conflicts, report.removed_there) == (3, 0, 0)
    on_phone = phone_for(db).objects()
    assert set(on_phone) == {plans["timed"].ics_uid, plans["all_day"].ics_uid, plans["visit_uid"]}
    timed = on_phone[plans["timed"].ics_uid]
    assert str(timed["SUMMARY"]).startswith("Call Dana Whitlock (Halvorsen Fitouts Ltd)")
    assert timed["DTSTART"].dt == datetime(2026, 3, 23, 9, tzinfo=UTC)
    assert "Rep: Robin Vale" in str(timed["DESCRIPTION"])
    assert on_phone[plans["all_day"].ics_uid]["DTSTART"].dt == date(2026, 3, 24)
    assert str(on_phone[plans["all_day"].ics_uid]["TRANSP"]) == "TRANSPARENT"
    assert all("METHOD" not in text for text in phone_for(db).texts())

    again = sync(db)
    assert (again.sent, again.taken_in) == (0, 0) and again.requests <= 2
    assert service.load_account(db).auth_type == ("basic" if server.name == "radicale" else "")
    assert service.sync_status(db).text(UTC) == "Synced 12:00"
    # The password is nowhere in the data folder.
    service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_connect_again_picks_the_calendar_it_finds_by_name(
    db: Any, server: CalDavServer, calendar_name: str
) -> None:
    first = service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    second = service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name.upper(),
                             now=NOW)
    assert not second.created and second.account.calendar_url == first.account.calendar_url


def test_edits_both_ways(db: Any, server: CalDavServer, calendar_name: str,
                         plans: dict[str, Any], phone_for: Any) -> None:
    service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    sync(db)
    phone = phone_for(db)
    edited = get_followup(db, plans["all_day"].id)
    edited.purpose = "Confirm the refund reached them"
    save_followup(db, edited)
    phone.move(plans["timed"].ics_uid, timedelta(days=1, hours=2))
    phone.set_start(plans["visit_uid"], datetime(2026, 3, 27, 13, tzinfo=UTC),
                    datetime(2026, 3, 27, 14, tzinfo=UTC))

    report = sync(db)
    assert (report.sent, report.taken_in, report.conflicts) == (1, 2, 0)
    moved = get_followup(db, plans["timed"].id)
    assert (moved.due_date, moved.due_time) == (date(2026, 3, 24), time(12, 0))  # Berlin time
    visit = db.execute("SELECT starts_at, duration_min FROM visits WHERE id = ?",
                       [plans["visit"]]).fetchone()
    assert visit == ("2026-03-27T13:00:00+00:00", 60)
    assert "refund" in str(phone.objects()[plans["all_day"].ics_uid]["SUMMARY"])
    # What came in is not sent back, and nothing is left waiting.
    quiet = sync(db)
    assert (quiet.sent, quiet.taken_in) == (0, 0) and service.sync_status(db).waiting == 0
    # A follow-up dragged from all day to a time of day gets that time in its own zone.
    phone.set_start(plans["all_day"].ics_uid, datetime(2026, 3, 25, 7, 30, tzinfo=UTC))
    sync(db)
    made_timed = get_followup(db, plans["all_day"].id)
    assert (made_timed.due_date, made_timed.due_time) == (date(2026, 3, 25), time(8, 30))


def test_deletes_both_ways_and_never_silently(db: Any, server: CalDavServer, calendar_name: str,
                                              plans: dict[str, Any], phone_for: Any) -> None:
    service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    sync(db)
    phone = phone_for(db)
    delete_visit(db, plans["visit"])
    phone.delete(plans["timed"].ics_uid)
    phone.delete(plans["all_day"].ics_uid)
    report = sync(db)
    assert (report.deleted, report.removed_there) == (1, 2)
    assert phone.objects() == {}
    # Deleted in the calendar: still in Amends, and the rep is asked.
    waiting = {c.uid: c for c in choices.pending_choices(db)}
    assert set(waiting) == {plans["timed"].ics_uid, plans["all_day"].ics_uid}
    assert "deleted in your calendar" in waiting[plans["timed"].ics_uid].question
    assert get_followup(db, plans["timed"].id).purpose
    assert "2 need your choice" in service.sync_status(db).text(UTC)
    edited = get_followup(db, plans["all_day"].id)  # edits meanwhile wait, never recreate it
    edited.purpose = "Edited while the rep decides"
    save_followup(db, edited)
    assert sync(db).sent == 0 and set(phone.objects()) == set()

    choices.put_back_in_calendar(db, plans["timed"].ics_uid)
    choices.delete_in_amends(db, plans["all_day"].ics_uid)
    report = sync(db)
    assert report.sent == 1 and set(phone.objects()) == {plans["timed"].ics_uid}
    assert db.execute("SELECT count(*) FROM followups WHERE id = ?",
                      [plans["all_day"].id]).fetchone()[0] == 0
    assert choices.pending_choices(db) == [] and sync(db).sent == 0


def test_both_sides_changed_nothing_is_lost_and_the_rep_picks(
    db: Any, server: CalDavServer, calendar_name: str, plans: dict[str, Any], phone_for: Any
) -> None:
    service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    sync(db)
    phone = phone_for(db)
    for key in ("timed", "all_day"):
        mine = get_followup(db, plans[key].id)
        mine.due_date = date(2026, 3, 30)
        save_followup(db, mine)
        phone.move(plans[key].ics_uid, timedelta(days=2))
    report = sync(db)
    assert report.conflicts == 2
    waiting = {c.uid: c for c in choices.pending_choices(db)}
    timed = waiting[plans["timed"].ics_uid]
    assert timed.mine == "Mon 30 Mar 2026, 10:00" and timed.theirs == "Wed 25 Mar 2026, 10:00"
    assert "changed in Amends and in your calendar" in timed.question
    assert sync(db).sent == 0  # held until the rep decides

    choices.keep_calendar_version(db, plans["timed"].ics_uid, now=NOW)
    choices.keep_amends_version(db, plans["all_day"].ics_uid, now=NOW)
    sync(db)
    assert get_followup(db, plans["timed"].id).due_date == date(2026, 3, 25)
    on_phone = phone.objects()
    assert on_phone[plans["all_day"].ics_uid]["DTSTART"].dt == date(2026, 3, 30)
    assert on_phone[plans["timed"].ics_uid]["DTSTART"].dt == datetime(2026, 3, 25, 9, tzinfo=UTC)
    assert choices.pending_choices(db) == []
    # A change of different fields on each side merges without asking.
    text = get_followup(db, plans["timed"].id)
    text.purpose = "Ask about the second delivery too"
    save_followup(db, text)
    phone.move(plans["timed"].ics_uid, timedelta(hours=1))
    report = sync(db)
    assert (report.conflicts, report.taken_in, report.sent) == (0, 1, 1)
    merged = phone.objects()[plans["timed"].ics_uid]
    assert "second delivery" in str(merged["SUMMARY"])
    assert merged["DTSTART"].dt == datetime(2026, 3, 25, 10, tzinfo=UTC)


def test_erasing_a_customer_removes_their_events_at_the_next_sync(
    db: Any, server: CalDavServer, calendar_name: str, plans: dict[str, Any], phone_for: Any
) -> None:
    other = add_party(db, company="Keep Me Ltd", contact="Sam Other")
    kept = add_fu(db, other, date(2026, 3, 28))
    service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    sync(db)
    customer = db.execute("SELECT customer_id FROM incidents WHERE id = ?",
                          [plans["incident"]]).fetchone()[0]
    erased = erase_customer(db, customer)
    assert "deleted from your connected calendar at the next sync" in erased.summary()
    report = sync(db)
    assert report.deleted == 3
    phone = phone_for(db)
    assert set(phone.objects()) == {kept.ics_uid}
    assert not any("Halvorsen" in text or "Dana" in text for text in phone.texts())
    remaining = db.execute("SELECT count(*) FROM calendar_objects").fetchone()[0]
    assert remaining == 1


def test_disconnect_keeps_or_removes_the_events(
    db: Any, server: CalDavServer, calendar_name: str, plans: dict[str, Any], phone_for: Any,
    memory_keyring: Any,
) -> None:
    service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    sync(db)
    phone = phone_for(db)
    phone.add_own_event("dentist-1@phone", datetime(2026, 3, 23, 8, tzinfo=UTC))
    assert service.disconnect(db, remove_events=False) == 0
    assert service.load_account(db) is None and memory_keyring.secrets == {}
    assert len(phone.objects()) == 4
    add_fu(db, plans["incident"], date(2026, 3, 29))  # nothing is queued while disconnected
    assert db.execute("SELECT count(*) FROM calendar_outbox").fetchone()[0] == 0

    again = service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    assert not again.created
    report = sync(db)  # the events there are taken up again, not copied
    assert report.sent == 4 and len(phone.objects()) == 5
    assert service.disconnect(db, remove_events=True) == 4
    assert set(phone.objects()) == {"dentist-1@phone"}


def test_follow_ups_as_tasks_tick_off_both_ways(
    db: Any, radicale: CalDavServer, calendar_name: str, plans: dict[str, Any]
) -> None:
    found = service.connect(db, radicale.url, USER, PASSWORD, calendar=calendar_name, tasks=True,
                            now=NOW)
    sync(db)
    phone = Phone(radicale.url, found.account.calendar_url)
    try:
        on_phone = phone.objects()
        assert on_phone[plans["timed"].ics_uid].name == "VTODO"
        assert on_phone[plans["visit_uid"]].name == "VEVENT"  # a visit is an appointment
        phone.tick_off(plans["timed"].ics_uid)
        mark_done(db, plans["all_day"].id, "They have it", NOW)
        report = sync(db)
        assert (report.taken_in, report.sent) == (1, 1)
        done = get_followup(db, plans["timed"].id)
        assert done.status.value == "done" and done.outcome == "Ticked off in the calendar."
        task = phone.objects()[plans["all_day"].ics_uid]
        assert str(task["STATUS"]) == "COMPLETED" and "COMPLETED" in task
    finally:
        phone.close()


def test_a_team_calendar_holds_every_reps_events_with_their_names(
    tmp_path: Path, radicale: CalDavServer, calendar_name: str
) -> None:
    reps = []
    for name in ("Robin Vale", "Kim Osei"):
        rep_db = open_data_dir(tmp_path / name)
        set_rep_name(rep_db, name)
        add_fu(rep_db, add_party(rep_db, contact=f"Customer of {name}"), date(2026, 3, 23))
        service.connect(rep_db, radicale.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
        reps.append(rep_db)
    for rep_db in reps * 2:  # each syncs twice: neither touches the other's event
        sync(rep_db)
    account = service.load_account(reps[0])
    assert account is not None
    phone = Phone(radicale.url, account.calendar_url)
    try:
        texts = phone.texts()
        assert len(texts) == 2
        assert any("Rep: Robin Vale" in t for t in texts) and any("Rep: Kim Osei" in t for t in texts)
    finally:
        phone.close()
        for rep_db in reps:
            rep_db.close()


def test_deleting_here_then_there_and_unchanged_follow_up(db: Any, server: CalDavServer,
                                                          calendar_name: str,
                                                          plans: dict[str, Any],
                                                          phone_for: Any) -> None:
    """Deleted on both sides before a sync: nothing to ask, nothing left behind."""
    service.connect(db, server.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    sync(db)
    delete_followup(db, plans["timed"].id)
    phone_for(db).delete(plans["timed"].ics_uid)
    report = sync(db)
    assert report.removed_there == 0 and choices.pending_choices(db) == []
    assert db.execute("SELECT count(*) FROM calendar_outbox").fetchone()[0] == 0
