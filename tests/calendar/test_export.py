"""Calendar export behaviour: UIDs kept, SEQUENCE rule, what is in scope, failures, the shell."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from planner.calendar.export import calendar_events, export_calendar
from planner.calendar.ics_writer import ExportError, write_calendar
from planner.cli.main import main
from planner.errors import NotFoundError
from planner.followups.service import delete_followup, get_followup, mark_done, save_followup
from tests.calendar.calendar_data import add_fu, add_party, add_visit

NOW = datetime(2026, 3, 20, 16, 45, tzinfo=UTC)


def events_in(path: Path) -> dict[str, int]:
    """UID -> SEQUENCE of every VEVENT in the file."""
    text = path.read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    return {uid: int(seq) for uid, seq in re.findall(r"\r\nUID:(.*?)\r\nSEQUENCE:(\d+)\r\n", text)}


def stored(db) -> dict[int, tuple[int, str]]:
    return {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, ics_sequence, ics_fingerprint FROM followups")}


@pytest.fixture
def three(db) -> list:
    incident_id = add_party(db)
    return [add_fu(db, incident_id, date(2026, 3, 23 + n), time(9 + n, 0)) for n in range(3)]


def test_reexport_keeps_uids_edit_raises_sequence_delete_removes(db, tmp_path: Path, three: list) -> None:
    path, incident_id = tmp_path / "f.ics", three[0].incident_id
    assert export_calendar(db, path, incident_id=incident_id, now=NOW) == 3
    first = events_in(path)
    assert first == {f.ics_uid: 0 for f in three}
    fingerprints = stored(db)
    assert all(seq == 0 and len(fp) == 64 for seq, fp in fingerprints.values())

    export_calendar(db, path, incident_id=incident_id, now=NOW + timedelta(days=1))
    assert events_in(path) == first and stored(db) == fingerprints

    edited = get_followup(db, three[1].id)
    edited.purpose = "A different purpose"
    save_followup(db, edited)
    export_calendar(db, path, incident_id=incident_id, now=NOW)
    export_calendar(db, path, incident_id=incident_id, now=NOW)  # once per change, not per export
    assert events_in(path) == first | {three[1].ics_uid: 1}
    edited.due_time = time(15, 30)
    save_followup(db, edited)
    export_calendar(db, path, incident_id=incident_id, now=NOW)
    assert events_in(path)[three[1].ics_uid] == 2

    db.execute("UPDATE customers SET phone = '+44 1'")  # the text of every call changes
    export_calendar(db, path, incident_id=incident_id, now=NOW)
    assert events_in(path) == {three[0].ics_uid: 1, three[1].ics_uid: 3, three[2].ics_uid: 1}

    delete_followup(db, three[0].id)
    export_calendar(db, path, incident_id=incident_id, now=NOW)
    # Deleted, but calendars hold it: it goes out again cancelled, with nothing personal.
    assert events_in(path) == {three[0].ics_uid: 2, three[1].ics_uid: 3, three[2].ics_uid: 1}
    gone = re.search(rb"BEGIN:VEVENT\r\n(.*?)END:VEVENT", path.read_bytes(), re.DOTALL)
    assert gone is not None and b"UID:" + three[0].ics_uid.encode() in gone.group(1)
    block = gone.group(1).decode()
    assert "SUMMARY:Cancelled: follow-up removed in Amends\r\n" in block
    assert "STATUS:CANCELLED" in block and "TRANSP:TRANSPARENT" in block
    assert "DTSTART;VALUE=DATE:" not in block and "DTSTART:20260323T080000Z" in block
    for personal in ("Dana", "Halvorsen", "+44", "Prüfen", "DESCRIPTION", "LOCATION", "VALARM"):
        assert personal not in block


def test_done_ones_only_on_request_unless_exported_before(db, tmp_path: Path, three: list) -> None:
    path, incident_id = tmp_path / "f.ics", three[0].incident_id
    never_exported = add_fu(db, incident_id, date(2026, 3, 30), time(9, 0))
    mark_done(db, never_exported.id, "Early", NOW)
    export_calendar(db, path, incident_id=incident_id, now=NOW)
    assert never_exported.ics_uid not in events_in(path)
    mark_done(db, three[0].id, "All fine", NOW)
    export_calendar(db, path, incident_id=incident_id, now=NOW)
    # In calendars already: sent again as done (SEQUENCE up, no alarm), never left behind.
    assert events_in(path)[three[0].ics_uid] == 1
    (done,) = [e for e in calendar_events(db, incident_id=incident_id, now=NOW) if e.uid == three[0].ics_uid]
    assert done.summary.startswith("Done: Call") and done.alarm_offset is None and done.status is None
    export_calendar(db, path, incident_id=incident_id, include_done=True, now=NOW)
    assert events_in(path)[three[0].ics_uid] == 1 and never_exported.ics_uid in events_in(path)
    assert b"SUMMARY:Done: Call" in path.read_bytes()


def test_failed_write_changes_neither_file_nor_database(db, tmp_path: Path, three: list) -> None:
    path, incident_id = tmp_path / "f.ics", three[0].incident_id
    export_calendar(db, path, incident_id=incident_id, now=NOW)
    before, old_bytes = stored(db), path.read_bytes()
    edited = get_followup(db, three[0].id)
    edited.purpose = "Changed"
    save_followup(db, edited)
    with pytest.raises(ExportError, match="does not exist"):
        export_calendar(db, tmp_path / "missing" / "f.ics", incident_id=incident_id, now=NOW)

    def cancel(done: int, total: int) -> None:
        raise KeyboardInterrupt  # the user pressed Cancel as the file was about to be written

    with pytest.raises(KeyboardInterrupt):
        export_calendar(db, path, incident_id=incident_id, now=NOW, progress=cancel)
    assert stored(db) == before and path.read_bytes() == old_bytes
    calls: list[tuple[int, int]] = []
    export_calendar(db, path, incident_id=incident_id, now=NOW, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3) and stored(db)[three[0].id][0] == 1


def test_scopes_upcoming_visits_skipped_cancelled_closed(db) -> None:
    now = datetime(2026, 3, 24, 12, tzinfo=UTC)
    incident_id = add_party(db)
    overdue = add_fu(db, incident_id, date(2026, 3, 23))
    today = add_fu(db, incident_id, date(2026, 3, 24), time(8, 0))  # earlier today: still "upcoming"
    later = add_fu(db, incident_id, date(2026, 4, 1))
    done_later = add_fu(db, incident_id, date(2026, 4, 2), status="done", outcome="early")
    add_fu(db, incident_id, date(2026, 4, 3), status="skipped")
    visit = add_visit(db, incident_id, datetime(2026, 3, 26, 9, tzinfo=UTC), place="Site", room="R2")
    add_visit(db, incident_id, datetime(2026, 3, 27, 9, tzinfo=UTC), status="cancelled")
    closed = add_party(db, status="closed")
    add_fu(db, closed, date(2026, 4, 1))

    def uids(**scope: object) -> list[str]:
        return [e.uid for e in calendar_events(db, now=now, **scope)]

    visit_uid = db.execute("SELECT ics_uid FROM visits WHERE id = ?", [visit]).fetchone()[0]
    assert uids() == [today.ics_uid, visit_uid, later.ics_uid]
    assert uids(include_done=True) == [today.ics_uid, visit_uid, later.ics_uid, done_later.ics_uid]
    assert uids(incident_id=incident_id) == [overdue.ics_uid, today.ics_uid, visit_uid, later.ics_uid]
    (event,) = [e for e in calendar_events(db, now=now) if e.uid == visit_uid]
    assert (event.location, event.end - event.start) == ("Site, R2", timedelta(minutes=90))
    assert event.summary == "Visit Dana Whitlock (Halvorsen Fitouts Ltd) — apologize in person: Late shelving"
    with pytest.raises(NotFoundError):
        calendar_events(db, incident_id=9999, now=now)


def test_shell_command(db, data_dir: Path, tmp_path: Path, three: list, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.ics"
    base = ["export-ics", "--data-dir", str(data_dir)]
    assert main([*base, "--incident", str(three[0].incident_id), "-o", str(out)]) == 0
    assert set(events_in(out)) == {f.ics_uid for f in three}
    assert "Wrote 3 events" in capsys.readouterr().out
    assert main([*base, "--all", "--include-done", "-o", str(out)]) == 0
    for args, message in (
        (["--incident", "9999", "-o", str(out)], "no incident #9999"),
        (["-o", str(tmp_path / "nowhere" / "x.ics")], "does not exist"),
        (["-o", str(tmp_path)], "is a folder"),
    ):
        assert main([*base, *args]) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err and err.startswith("amends: ")
    with pytest.raises(SystemExit) as caught:
        main([*base, "--all", "--incident", "1", "-o", str(out)])
    assert caught.value.code == 2


def test_cancel_on_the_last_progress_call_changes_neither_file_nor_database(
    db, tmp_path: Path, three: list
) -> None:
    path, incident_id = tmp_path / "f.ics", three[0].incident_id

    def cancel_at_the_end(done: int, total: int) -> None:
        if total and done == total:
            raise KeyboardInterrupt  # Cancel pressed as the last chunk finished

    with pytest.raises(KeyboardInterrupt):
        export_calendar(db, path, incident_id=incident_id, now=NOW, progress=cancel_at_the_end)
    assert not path.exists()
    assert all(fp == "" for _, fp in stored(db).values())


def test_all_day_follow_up_reminds_the_morning_before_and_leaves_the_day_free(db) -> None:
    incident_id = add_party(db)
    monday = add_fu(db, incident_id, date(2026, 3, 23))
    timed = add_fu(db, incident_id, date(2026, 3, 24), time(10, 0))
    events = {e.uid: e for e in calendar_events(db, incident_id=incident_id, now=NOW)}
    all_day = events[monday.ics_uid]
    # 09:00 on Sunday: a trigger before the start, which every calendar keeps (some drop one
    # after an all-day start), worded for the day before.
    assert (all_day.alarm_before, all_day.alarm_after_start) == (timedelta(hours=15), None)
    assert all_day.alarm_description == "Tomorrow: " + all_day.summary
    assert all_day.transparent and not events[timed.ics_uid].transparent
    assert events[timed.ics_uid].alarm_before == timedelta(minutes=15)
    assert events[timed.ics_uid].alarm_description.startswith("Reminder: Call ")


def test_nothing_to_export_writes_no_file(db, data_dir: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.ics"
    incident_id = add_party(db)
    assert export_calendar(db, path, incident_id=incident_id, now=NOW) == 0
    assert not path.exists()
    assert main(["export-ics", "--data-dir", str(data_dir), "-o", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Nothing to export" in out and "no file was written" in out and not path.exists()
    with pytest.raises(ValueError, match="no events"):
        write_calendar(path, [], now=NOW)


def test_erased_customer_goes_out_cancelled_without_personal_data(db, tmp_path: Path) -> None:
    from planner.incidents.privacy import erase_customer

    path = tmp_path / "f.ics"
    incident_id = add_party(db)
    exported = add_fu(db, incident_id, date(2026, 3, 23))
    visit = add_visit(db, incident_id, datetime(2026, 3, 26, 9, tzinfo=UTC), place="Site")
    export_calendar(db, path, now=NOW)
    add_fu(db, incident_id, date(2026, 3, 24))  # never exported: leaves no trace at all
    customer = db.execute("SELECT customer_id FROM incidents WHERE id = ?", [incident_id]).fetchone()[0]
    erase_customer(db, customer)
    rows = db.execute("SELECT uid, kind, sequence FROM calendar_tombstones ORDER BY kind").fetchall()
    visit_uid = f"visit-{datetime(2026, 3, 26, 9, tzinfo=UTC).isoformat()}-planned@test"
    assert rows == [(exported.ics_uid, "followup", 1), (visit_uid, "visit", 1)]
    assert visit
    assert export_calendar(db, path, now=NOW) == 2
    data = path.read_bytes()
    assert data.count(b"STATUS:CANCELLED") == 2 and b"removed in Amends" in data
    for personal in (b"Dana", b"Halvorsen", b"Site", b"Late shelving", b"555"):
        assert personal not in data
    assert events_in(path) == {exported.ics_uid: 1, visit_uid: 1}


def test_exported_then_skipped_cancelled_or_closed_go_out_cancelled(db, tmp_path: Path) -> None:
    path, now = tmp_path / "f.ics", datetime(2026, 3, 24, 12, tzinfo=UTC)
    incident_id = add_party(db)
    skipped = add_fu(db, incident_id, date(2026, 3, 25), time(9, 0))
    past = add_fu(db, incident_id, date(2026, 3, 26))  # all day; in the past by the last export
    pending = add_fu(db, incident_id, date(2026, 3, 27), time(10, 0))
    visit = add_visit(db, incident_id, datetime(2026, 3, 26, 9, tzinfo=UTC))
    visit_uid = db.execute("SELECT ics_uid FROM visits WHERE id = ?", [visit]).fetchone()[0]
    other = add_party(db)
    untouched = add_fu(db, other, date(2026, 4, 1), time(9, 0))
    assert export_calendar(db, path, now=now) == 5
    first = events_in(path)

    later = add_fu(db, incident_id, date(2026, 3, 28))  # never exported
    db.execute("UPDATE followups SET status = 'skipped' WHERE id = ?", [skipped.id])
    db.execute("UPDATE visits SET status = 'cancelled' WHERE id = ?", [visit])
    db.execute("UPDATE incidents SET status = 'closed' WHERE id = ?", [incident_id])
    after = datetime(2026, 3, 30, 12, tzinfo=UTC)
    for scope in ({}, {"incident_id": incident_id}):
        events = {e.uid: e for e in calendar_events(db, now=after, **scope)}
        assert later.ics_uid not in events  # closed before it ever went out: stays out
        for uid in (skipped.ics_uid, past.ics_uid, pending.ics_uid, visit_uid):
            assert (events[uid].status, events[uid].alarm_offset) == ("CANCELLED", None), uid
            assert events[uid].summary.startswith("Cancelled: ") and events[uid].transparent
        assert (untouched.ics_uid in events) == (not scope)
    assert export_calendar(db, path, now=after) == 5
    data = path.read_bytes()
    assert events_in(path) == {uid: seq + (uid != untouched.ics_uid) for uid, seq in first.items()}
    assert data.count(b"STATUS:CANCELLED") == 4 and data.count(b"BEGIN:VALARM") == 1
    export_calendar(db, path, now=after)  # nothing changed since: SEQUENCE stays
    assert events_in(path)[pending.ics_uid] == 1


def test_never_exported_skipped_or_closed_stay_out(db) -> None:
    incident_id = add_party(db)
    add_fu(db, incident_id, date(2026, 3, 25), status="skipped")
    add_visit(db, incident_id, datetime(2026, 3, 26, 9, tzinfo=UTC), status="cancelled")
    closed = add_party(db, status="closed")
    add_fu(db, closed, date(2026, 3, 25))
    add_visit(db, closed, datetime(2026, 3, 26, 9, tzinfo=UTC), uid="closed-visit@test")
    for scope in ({}, {"incident_id": incident_id}, {"incident_id": closed}):
        assert calendar_events(db, now=NOW, **scope) == []
