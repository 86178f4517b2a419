"""Faults between Amends and the server (a proxy on 127.0.0.1 in front of Radicale): connection
refused mid-sync, time-outs, answers lost, 401, 412, 507. Nothing lost, nothing duplicated, and
the queue drains once the fault is gone — across a restart too."""
from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from planner.calendar.sync import service
from planner.calendar.sync.failures import Failure, SyncError
from planner.calendar.sync.server import CalendarServer
from planner.store.db import open_data_dir
from tests.calendar.calendar_data import add_fu, add_party
from tests.calendar.phone import Phone
from tests.calendar.servers import PASSWORD, USER, CalDavServer, FaultProxy

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)
ITEMS = 8


def quick(url: str, user: str, password: str, **options: Any) -> CalendarServer:
    # A hung server costs these seconds; Radicale's first sync report on a busy machine can
    # take most of one, so less would fail for the wrong reason.
    return CalendarServer(url, user, password, timeout=3, **options)


@pytest.fixture
def connected(db: Any, proxy: FaultProxy, radicale: CalDavServer, calendar_name: str) -> Any:
    incident = add_party(db)
    for n in range(ITEMS):
        add_fu(db, incident, date(2026, 3, 23 + n), time(9 + n % 8, 0), purpose=f"Call {n}")
    service.connect(db, proxy.url, USER, PASSWORD, calendar=calendar_name, now=NOW)
    return db


def sync(db: Any) -> service.SyncReport:
    return service.sync_now(db, now=NOW, password=PASSWORD, make_server=quick)


def on_server(db: Any, radicale: CalDavServer) -> Counter[str]:
    """UID -> how many objects hold it, read straight from the server (not through the proxy)."""
    account = service.load_account(db)
    assert account is not None
    phone = Phone(radicale.url, account.calendar_url.replace(
        account.server_url.rstrip("/"), radicale.url.rstrip("/")))
    try:
        return Counter(str(o.icalendar_component["UID"]) for o in phone.calendar.search())
    finally:
        phone.close()


def all_uids(db: Any) -> set[str]:
    return {r[0] for r in db.execute("SELECT ics_uid FROM followups")}


# A connection cut mid-request reaches the HTTP library as a read that never completes: it
# says "timed out" for a reset as for silence. Either way the sync is offline for now.
GONE_QUIET = {Failure.OFFLINE, Failure.TIMEOUT}


def expect_failure(db: Any, failure: Failure | set[Failure]) -> SyncError:
    with pytest.raises(SyncError) as caught:
        sync(db)
    assert caught.value.failure in (failure if isinstance(failure, set) else {failure})
    assert caught.value.offline == (caught.value.failure in GONE_QUIET)
    assert "127.0.0.1" in str(caught.value) and PASSWORD not in str(caught.value)
    return caught.value


def drains(db: Any, radicale: CalDavServer) -> None:
    """After the fault: one sync sends the rest, every item is there exactly once."""
    sync(db)
    assert service.sync_status(db).waiting == 0
    counts = on_server(db, radicale)
    assert set(counts) == all_uids(db) and max(counts.values()) == 1


def test_connection_refused_mid_sync_then_restart(connected: Any, data_dir: Path,
                                                  proxy: FaultProxy, radicale: CalDavServer) -> None:
    proxy.plan("refuse", method="PUT", after=3)
    error = expect_failure(connected, GONE_QUIET)
    assert "Changes wait in Amends" in str(error) or "changes wait in Amends" in str(error)
    status = service.sync_status(connected)
    assert status.waiting == ITEMS - 3
    assert status.text(UTC) == f"{ITEMS - 3} changes waiting — offline"
    assert len(on_server(connected, radicale)) == 3
    connected.close()  # the laptop is shut; the queue is in the file
    proxy.heal()
    reopened = open_data_dir(data_dir)
    try:
        drains(reopened, radicale)
    finally:
        reopened.close()


def test_time_out_then_the_answer_lost_after_the_server_stored_it(
    connected: Any, proxy: FaultProxy, radicale: CalDavServer
) -> None:
    proxy.plan("hang", method="PUT", after=2)
    expect_failure(connected, Failure.TIMEOUT)
    proxy.heal()
    # The server stores the next PUT but the answer never arrives: the retry must not copy it.
    proxy.plan("lose-answer", method="PUT")
    expect_failure(connected, GONE_QUIET)
    assert len(on_server(connected, radicale)) == 3
    proxy.heal()
    drains(connected, radicale)


def test_password_refused_then_accepted(connected: Any, proxy: FaultProxy,
                                        radicale: CalDavServer) -> None:
    proxy.plan("401", times=10)
    error = expect_failure(connected, Failure.AUTH)
    assert "app password" in str(error)
    assert "password refused" in service.sync_status(connected).text(UTC)
    proxy.heal()
    drains(connected, radicale)


def test_precondition_failed_is_checked_and_sent_again(connected: Any, proxy: FaultProxy,
                                                       radicale: CalDavServer) -> None:
    sync(connected)
    connected.execute("UPDATE followups SET purpose = purpose || ' (changed)'")
    proxy.plan("412", method="PUT", times=1)  # checked, found unchanged there, sent again
    proxy.plan("412", method="PUT", times=2, after=2)  # refused twice: waits for the next sync
    report = sync(connected)
    assert (report.sent, report.conflicts) == (ITEMS - 1, 0)
    assert service.sync_status(connected).waiting == 1
    drains(connected, radicale)
    account = service.load_account(connected)
    assert account is not None
    phone = Phone(radicale.url, account.calendar_url.replace(account.server_url.rstrip("/"),
                                                             radicale.url.rstrip("/")))
    try:
        assert all("(changed)" in str(c["SUMMARY"]) for c in phone.objects().values())
    finally:
        phone.close()


def test_insufficient_storage(connected: Any, proxy: FaultProxy, radicale: CalDavServer) -> None:
    proxy.plan("507", method="PUT", after=1, times=3)
    error = expect_failure(connected, Failure.QUOTA)
    assert "507" in str(error) and "nothing was lost" in str(error)
    assert service.sync_status(connected).text(UTC) == f"{ITEMS - 1} changes waiting — calendar full"
    proxy.heal()
    drains(connected, radicale)


def test_calendar_gone(connected: Any, proxy: FaultProxy, radicale: CalDavServer) -> None:
    sync(connected)
    account = service.load_account(connected)
    assert account is not None
    direct = account.calendar_url.replace(account.server_url.rstrip("/"), radicale.url.rstrip("/"))
    phone = Phone(radicale.url, direct)
    phone.calendar.delete()
    phone.close()
    connected.execute("UPDATE followups SET purpose = 'after the calendar went'")
    error = expect_failure(connected, Failure.GONE)
    assert "connect again and pick a calendar" in str(error)
    assert service.sync_status(connected).waiting == ITEMS


def test_a_certificate_nobody_vouches_for_is_refused(db: Any, tmp_path: Path) -> None:
    from tests.calendar.servers import SelfSignedXandikos

    server = SelfSignedXandikos(tmp_path / "https").start()
    try:
        with pytest.raises(SyncError) as caught:
            service.connect(db, server.url, USER, PASSWORD, now=NOW)
    finally:
        server.stop()
    assert caught.value.failure == Failure.CERTIFICATE
    message = str(caught.value)
    assert message.startswith("127.0.0.1:") and "certificate could not be verified" in message
    assert "trust store" in message
    assert service.load_account(db) is None
