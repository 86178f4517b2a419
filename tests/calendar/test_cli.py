"""`amends calendar connect|sync|status|disconnect` against a real Radicale, and their errors."""
from __future__ import annotations

import io
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from planner.cli.main import main
from tests.calendar.calendar_data import add_fu, add_party
from tests.calendar.servers import PASSWORD, USER, CalDavServer, free_port


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path,
        *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(["calendar", *args, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def planned(db: Any) -> Any:
    incident = add_party(db)
    add_fu(db, incident, date(2026, 12, 23), time(10, 0))
    add_fu(db, incident, date(2026, 12, 24))
    return db


def test_connect_sync_status_disconnect(
    planned: Any, data_dir: Path, radicale: CalDavServer, calendar_name: str,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: Any,
) -> None:
    status, out, err = run(capsys, monkeypatch, data_dir, "connect", radicale.url, "--user", USER,
                           "--calendar", calendar_name, "--password-stdin", stdin=PASSWORD + "\n")
    assert status == 0, err
    assert f"Connected to “{calendar_name}” on 127.0.0.1" in out and "(made it there)" in out
    assert "2 follow-up(s) and visit(s) are queued" in out
    assert list(memory_keyring.secrets.values()) == [PASSWORD]

    status, out, err = run(capsys, monkeypatch, data_dir, "status")
    assert "Status: 2 changes waiting" in out and "kept in the system keyring" in out

    status, out, err = run(capsys, monkeypatch, data_dir, "sync")  # the keyring has it
    assert status == 0, err
    assert "2 sent, 0 deleted there" in out
    status, out, err = run(capsys, monkeypatch, data_dir, "status")
    assert "Status: Synced " in out

    status, out, err = run(capsys, monkeypatch, data_dir, "disconnect", "--remove-events")
    assert status == 0, err
    assert "2 event(s) Amends had put there were deleted" in out
    status, out, err = run(capsys, monkeypatch, data_dir, "status")
    assert out.startswith("No calendar is connected")
    assert memory_keyring.secrets == {}


def test_without_a_keyring_the_password_is_asked_for_at_each_sync(
    planned: Any, data_dir: Path, radicale: CalDavServer, calendar_name: str,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, no_keyring: None,
) -> None:
    status, out, err = run(capsys, monkeypatch, data_dir, "connect", radicale.url, "--user", USER,
                           "--calendar", calendar_name, "--password-stdin", stdin=PASSWORD)
    assert status == 0, err
    assert "The password could not be kept" in out and "--password-stdin" in out
    status, out, err = run(capsys, monkeypatch, data_dir, "sync")  # no terminal, no keyring
    assert status == 1
    assert "not in the system keyring" in err and "--password-stdin" in err
    assert "Traceback" not in err
    status, out, err = run(capsys, monkeypatch, data_dir, "sync", "--password-stdin",
                           stdin=PASSWORD + "\n")
    assert status == 0 and "2 sent" in out
    status, out, err = run(capsys, monkeypatch, data_dir, "status")
    assert "Password: not kept" in out


@pytest.mark.parametrize("problem", ["wrong password", "unreachable", "not connected",
                                     "not an address"])
def test_failures_name_the_server_what_failed_and_what_to_do(
    planned: Any, data_dir: Path, radicale: CalDavServer, calendar_name: str, problem: str,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, password, action = radicale.url, PASSWORD, "connect"
    expected = {"wrong password": "refused the user name or password",
                "unreachable": "could not be reached",
                "not connected": "No calendar is connected",
                "not an address": "is not a server address"}[problem]
    if problem == "wrong password":
        password = "not it"
    elif problem == "unreachable":
        url = f"http://127.0.0.1:{free_port()}/"
    elif problem == "not an address":
        url = "cal.example.com"
    elif problem == "not connected":
        action = "sync"
    args = [action] + ([url, "--user", USER, "--calendar", calendar_name] if action == "connect"
                       else []) + ["--password-stdin"]
    status, _out, err = run(capsys, monkeypatch, data_dir, *args, stdin=password)
    assert status == 1 and expected in err and "Traceback" not in err
    if problem in ("wrong password", "unreachable"):
        assert "127.0.0.1" in err  # names the server
        assert password not in err
    assert planned.execute("SELECT count(*) FROM calendar_account").fetchone()[0] == 0


def test_calendar_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "calendar" in capsys.readouterr().out
