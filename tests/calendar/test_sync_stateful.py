"""Local and calendar-side edits in any order against a model (Hypothesis, a real Radicale): after
a sync and the rep's choices, both sides agree and no edit vanished."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, precondition, rule

from planner.calendar.sync import choices, service
from planner.followups.service import delete_followup, get_followup, save_followup
from planner.store.db import open_data_dir
from tests.calendar.calendar_data import add_fu, add_party
from tests.calendar.phone import Phone
from tests.calendar.servers import PASSWORD, USER, CalDavServer, Radicale

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)
FIRST_DAY = date(2026, 4, 1)
SHIFT = st.integers(-3, 3).filter(bool)


@dataclass
class Expected:
    """What the model says one follow-up must be after the next sync."""

    row_id: int
    day: date
    purpose: str
    agreed: date | None = None  # the day both sides last agreed on (None: never sent)
    remote: date | None = None  # the day the calendar shows now
    deleted_there: bool = False


class SyncMachine(RuleBasedStateMachine):
    """Each example: a fresh data folder connected to a fresh calendar on one Radicale."""

    server: CalDavServer
    uids = Bundle("uids")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="amends-stateful-"))
        self.db = open_data_dir(self.folder / "data")
        self.incident = add_party(self.db)
        self.count = 0
        found = service.connect(self.db, self.server.url, USER, PASSWORD,
                                calendar=f"stateful {self.folder.name}", now=NOW)
        self.phone = Phone(self.server.url, found.account.calendar_url)
        self.model: dict[str, Expected] = {}

    def teardown(self) -> None:
        self.phone.close()
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(target=uids, offset=st.integers(0, 20))
    def add_here(self, offset: int) -> str:
        self.count += 1
        purpose = f"Promise {self.count}"
        followup = add_fu(self.db, self.incident, FIRST_DAY + timedelta(days=offset),
                          purpose=purpose)
        assert followup.id is not None
        self.model[followup.ics_uid] = Expected(followup.id, followup.due_date, purpose)
        return followup.ics_uid

    @rule(uid=uids, text=st.sampled_from(["ask about the invoice", "bring the new parts"]))
    def reword_here(self, uid: str, text: str) -> None:
        if uid not in self.model:
            return
        followup = get_followup(self.db, self.model[uid].row_id)
        followup.purpose = f"{self.model[uid].purpose.split(':')[0]}: {text}"
        save_followup(self.db, followup)
        self.model[uid].purpose = followup.purpose

    @rule(uid=uids, days=SHIFT)
    def move_here(self, uid: str, days: int) -> None:
        if uid not in self.model:
            return
        followup = get_followup(self.db, self.model[uid].row_id)
        followup.due_date += timedelta(days=days)
        save_followup(self.db, followup)
        self.model[uid].day = followup.due_date

    @rule(uid=consumes(uids))
    def delete_here(self, uid: str) -> None:
        if uid in self.model:
            delete_followup(self.db, self.model.pop(uid).row_id)

    @rule(uid=uids, days=SHIFT)
    def move_there(self, uid: str, days: int) -> None:
        expected = self.model.get(uid)
        if expected is None or expected.remote is None or expected.deleted_there:
            return
        self.phone.move(uid, timedelta(days=days))
        expected.remote += timedelta(days=days)

    @rule(uid=uids)
    def delete_there(self, uid: str) -> None:
        expected = self.model.get(uid)
        if expected is None or expected.remote is None or expected.deleted_there:
            return
        self.phone.delete(uid)
        expected.deleted_there = True

    @precondition(lambda self: bool(self.model) or self.count)
    @rule()
    def sync_and_choose(self) -> None:
        service.sync_now(self.db, now=NOW, password=PASSWORD)
        # The rep answers every question: the calendar's day wins a clash; a deleted one is
        # put back. The model says the same.
        for choice in choices.pending_choices(self.db):
            if choice.state == "conflict":
                choices.keep_calendar_version(self.db, choice.uid, now=NOW)
            else:
                choices.put_back_in_calendar(self.db, choice.uid)
        service.sync_now(self.db, now=NOW, password=PASSWORD)
        for expected in self.model.values():
            if expected.remote is not None and not expected.deleted_there:
                there_moved = expected.remote != expected.agreed
                if there_moved:  # taken in (or, moved on both sides, chosen)
                    expected.day = expected.remote
            expected.agreed = expected.remote = expected.day
            expected.deleted_there = False
        self.check_both_sides_agree()

    def check_both_sides_agree(self) -> None:
        on_server = self.phone.objects()
        assert set(on_server) == set(self.model), "the calendar and Amends hold different items"
        for uid, expected in self.model.items():
            here = get_followup(self.db, expected.row_id)
            assert here.due_date == expected.day, f"{uid}: the day here is not the model's"
            assert here.purpose == expected.purpose, f"{uid}: an edit here vanished"
            there = on_server[uid]
            assert there["DTSTART"].dt == expected.day, f"{uid}: the calendar shows another day"
            assert expected.purpose in str(there["SUMMARY"]), f"{uid}: the calendar lost an edit"
        assert service.sync_status(self.db).waiting == 0
        assert choices.pending_choices(self.db) == []


@pytest.mark.slow
def test_local_and_calendar_edits_agree_after_each_sync(tmp_path: Path) -> None:
    server = Radicale(tmp_path / "radicale").start()
    try:
        SyncMachine.server = server
        run = SyncMachine.TestCase()
        run.settings = settings(max_examples=8, stateful_step_count=10, deadline=None,
                                suppress_health_check=[HealthCheck.too_slow])
        run.runTest()
    finally:
        server.stop()


