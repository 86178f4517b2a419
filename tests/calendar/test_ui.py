"""The calendar in the app, driven with qtbot against a real Radicale: the connect dialog, the quiet
status line and its background syncs, the choice after a conflict, the window's menu entries."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.calendar.sync import service
from planner.followups.service import get_followup, save_followup
from tests.calendar.calendar_data import add_fu, add_party
from tests.calendar.phone import Phone
from tests.calendar.servers import PASSWORD, USER, CalDavServer
from tests.gui_helpers import show_main_window
from ui.calendar.choices_dialog import ChoicesDialog
from ui.calendar.connect_dialog import ConnectDialog
from ui.calendar.sync_runner import SyncRunner
from ui.context import AppContext

WAIT_MS = 20_000  # a real server on a busy machine; the tests wait on events, not on time


@pytest.fixture
def ctx(db: Any, data_dir: Path, qtbot: Any) -> AppContext:
    context = AppContext(db, data_dir)
    return context


@pytest.fixture
def two(db: Any) -> list[Any]:
    incident = add_party(db)
    return [add_fu(db, incident, date(2026, 12, 23), time(10, 0)),
            add_fu(db, incident, date(2026, 12, 24))]


def test_connect_dialog_finds_calendars_and_connects(
    qtbot: Any, ctx: AppContext, radicale: CalDavServer, two: list[Any], memory_keyring: Any
) -> None:
    dialog = ConnectDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.connect_button.isEnabled()
    dialog.find.click()
    assert "Fill in the server address" in dialog.message.text()
    qtbot.keyClicks(dialog.url, radicale.url)
    qtbot.keyClicks(dialog.user, USER)
    qtbot.keyClicks(dialog.password, "wrong")
    dialog.find.click()
    qtbot.waitUntil(lambda: dialog.job is None and "refused" in dialog.message.text(),
                    timeout=WAIT_MS)
    assert "127.0.0.1" in dialog.message.text() and not dialog.connect_button.isEnabled()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.find.click()
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.calendars.itemData(0) == "new" and "Signed in" in dialog.message.text()
    dialog.rep.setText("Robin Vale")
    with qtbot.waitSignal(dialog.connected, timeout=WAIT_MS) as connected:
        dialog.connect_button.click()
    assert connected.args[0].account.calendar_name == "Amends follow-ups"
    assert dialog.result() == ConnectDialog.DialogCode.Accepted
    assert service.load_account(ctx.db) is not None
    assert list(memory_keyring.secrets.values()) == [PASSWORD]
    from planner.calendar.sync.account import rep_name

    assert rep_name(ctx.db) == "Robin Vale"


def _connect(ctx: AppContext, radicale: CalDavServer, name: str) -> None:
    service.connect(ctx.db, radicale.url, USER, PASSWORD, calendar=name,
                    now=datetime.now(UTC))


def test_status_line_shows_waiting_then_synced_and_a_change_goes_out_after_a_pause(
    qtbot: Any, ctx: AppContext, radicale: CalDavServer, two: list[Any], calendar_name: str
) -> None:
    runner = SyncRunner(ctx)
    statuses: list[str] = []
    runner.status_changed.connect(statuses.append)
    runner.refresh_status()
    assert statuses[-1] == ""  # not connected: the status line stays empty
    _connect(ctx, radicale, calendar_name)
    runner.refresh_status()
    assert statuses[-1] == "2 changes waiting"
    with qtbot.waitSignal(runner.synced, timeout=WAIT_MS):
        assert runner.sync_now()
    assert statuses[-1].startswith("Synced ") and not runner.busy()

    runner.pause.setInterval(50)  # the pause after typing, shortened for the test
    runner.start()
    edited = get_followup(ctx.db, two[0].id)
    edited.purpose = "Typed in the app"
    save_followup(ctx.db, edited)
    with qtbot.waitSignal(runner.synced, timeout=WAIT_MS) as synced:
        pass  # the watch sees the write, the pause runs out, the worker sends it
    assert synced.args[0].sent == 1
    runner.stop()


def test_conflict_choice_dialog_keeps_the_version_the_rep_picks(
    qtbot: Any, ctx: AppContext, radicale: CalDavServer, two: list[Any], calendar_name: str
) -> None:
    _connect(ctx, radicale, calendar_name)
    now = datetime.now(UTC)
    service.sync_now(ctx.db, now=now, password=PASSWORD)
    account = service.load_account(ctx.db)
    assert account is not None
    phone = Phone(radicale.url, account.calendar_url)
    try:
        for followup in two:
            mine = get_followup(ctx.db, followup.id)
            mine.due_date = date(2026, 12, 30)
            save_followup(ctx.db, mine)
            phone.move(followup.ics_uid, timedelta(days=1))
    finally:
        phone.close()
    assert service.sync_now(ctx.db, now=now, password=PASSWORD).conflicts == 2
    answered: list[bool] = []
    dialog = ChoicesDialog(ctx, on_answered=lambda: answered.append(True))
    qtbot.addWidget(dialog)
    assert len(dialog.cards) == 2
    first = dialog.cards[0]
    assert "In Amends: <b>Wed 30 Dec 2026" in _html(first)
    assert "In your calendar: <b>Thu 24 Dec 2026" in _html(first) or "Fri 25 Dec" in _html(first)
    uid = first.choice.uid
    first.second.click()  # keep the calendar's version
    assert len(dialog.cards) == 1 and answered == [True]
    moved = next(f for f in two if f.ics_uid == uid)
    assert get_followup(ctx.db, moved.id).due_date != date(2026, 12, 30)
    dialog.cards[0].first.click()  # keep Amends' version
    assert dialog.cards == [] and dialog.answers == 2


def _html(card: Any) -> str:
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in card.findChildren(QLabel))


def test_window_has_the_calendar_entries_and_the_status_line(
    qtbot: Any, data_dir: Path, radicale: CalDavServer, calendar_name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = show_main_window(qtbot, data_dir)
    controls = window.calendar
    assert not controls.button.isVisible() and not controls.sync_action.isEnabled()
    service.connect(window.ctx.db, radicale.url, USER, PASSWORD, calendar=calendar_name,
                    now=datetime.now(UTC))
    with qtbot.waitSignal(controls.runner.synced, timeout=WAIT_MS):
        controls.sync_action.trigger()
    qtbot.waitUntil(lambda: controls.button.text().startswith("Calendar: Synced"),
                    timeout=WAIT_MS)
    assert controls.button.isVisible() and controls.disconnect_action.isEnabled()
    answers = iter(["keep"])

    def exec_keep(box: QMessageBox) -> int:
        next(answers)
        for button in box.buttons():
            if button.text().startswith("Keep the events"):
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_keep)
    controls.disconnect_action.trigger()
    qtbot.waitUntil(lambda: controls.job is None and not controls.button.isVisible(),
                    timeout=WAIT_MS)
    assert service.load_account(window.ctx.db) is None


def test_export_with_nothing_to_export_says_so_and_writes_no_file(
    qtbot: Any, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QWidget

    from ui.followups import calendar_export

    target = tmp_path / "empty.ics"
    told: list[str] = []
    parent = QWidget()
    qtbot.addWidget(parent)
    exporter = calendar_export.CalendarExporter(ctx, parent)
    monkeypatch.setattr(calendar_export, "choose_path", lambda widget, path: target)
    monkeypatch.setattr(calendar_export, "offer_to_open", lambda *args: told.append("offered"))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda widget, title, text, *args: told.append(f"{title}: {text}"))
    with qtbot.waitSignal(exporter.done, timeout=WAIT_MS):
        assert exporter.start(incident_id=None, include_done=False, suggested_name="x.ics")
    assert not target.exists()
    assert len(told) == 1 and told[0].startswith("Nothing to export: ")
    assert "no file was written" in told[0]
