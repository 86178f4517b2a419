"""Environment errors (full disk, read-only, locked, missing): told apart from bugs, named, explained."""
from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.errors import AmendsError
from planner.incidents.service import get_incident, save_incident
from planner.sample import add_sample
from planner.store.db import open_data_dir
from planner.store.environment import Problem, classify, describe, diagnose, is_environment_error
from planner.store.paths import database_path
from tests.environment_helpers import (
    as_unprivileged,
    fill_disk,
    free_disk,
    give_to_nobody,
    shared_folder,
    tiny_disk,
)


def test_real_sqlite_errors_are_classified_by_their_codes(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    writer = sqlite3.connect(path, timeout=0.05)
    writer.execute("CREATE TABLE t (x)")
    writer.commit()
    writer.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0.05)
    with pytest.raises(sqlite3.OperationalError) as locked:
        other.execute("INSERT INTO t VALUES (1)")
    writer.rollback()
    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as read_only:
        reader.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError) as missing:
        sqlite3.connect(tmp_path / "gone" / "x.db")
    assert classify(locked.value) is Problem.LOCKED
    assert classify(read_only.value) is Problem.READ_ONLY
    assert diagnose(missing.value, tmp_path / "gone" / "x.db") is Problem.MISSING
    assert diagnose(missing.value, tmp_path / "x.db") is Problem.PERMISSION  # folder is there
    for exc in (locked.value, read_only.value, missing.value):
        assert is_environment_error(exc)
        assert str(tmp_path) in describe(exc, path)


@pytest.mark.parametrize(("code", "problem", "advice"), [
    (errno.ENOSPC, Problem.DISK_FULL, "Free some space"),
    (errno.EROFS, Problem.READ_ONLY, "write permission"),
    (errno.EACCES, Problem.PERMISSION, "permissions"),
    (errno.ENOENT, Problem.MISSING, "Reconnect"),
    (errno.EIO, Problem.IO, "Check"),
])
def test_os_errors_map_to_plain_advice(code: int, problem: Problem, advice: str, tmp_path: Path) -> None:
    exc = OSError(code, "boom")
    assert classify(exc) is problem
    message = describe(exc, tmp_path / "gone" / "amends.db")
    assert advice in message and "gone" in message


def test_bugs_are_not_mistaken_for_the_environment() -> None:
    assert classify(ValueError("x")) is Problem.OTHER
    assert not is_environment_error(sqlite3.OperationalError("no such column: foo"))
    assert "restore a backup" in describe(sqlite3.OperationalError("no such column: foo"))


def test_a_moved_data_file_is_reported_as_such(tmp_path: Path) -> None:
    # SQLITE_READONLY_DBMOVED: the open file was renamed or deleted (or its drive went away).
    exc = sqlite3.OperationalError("attempt to write a readonly database")
    exc.sqlite_errorcode = 1032  # type: ignore[attr-defined]
    assert classify(exc) is Problem.MOVED
    assert "was moved, renamed or deleted" in describe(exc, tmp_path / "amends.db")


@pytest.fixture(params=["tmpfs", "injected"])
def full_disk(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(data folder, fill, free): a real full tmpfs, or ENOSPC injected into every save."""
    if request.param == "tmpfs":
        with tiny_disk() as disk:
            yield disk / "data", lambda: fill_disk(disk), lambda: free_disk(disk)
        return
    state = {"full": False}

    def guard(sql: str) -> None:
        if state["full"] and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            exc = sqlite3.OperationalError("database or disk is full")
            exc.sqlite_errorcode = 13  # type: ignore[attr-defined]
            raise exc

    import sqlite_utils.db as su

    original = su.Database.execute

    def execute(self, sql, parameters=None):  # type: ignore[no-untyped-def]
        guard(sql)
        return original(self, sql, parameters)

    monkeypatch.setattr(su.Database, "execute", execute)
    yield tmp_path / "data", lambda: state.update(full=True), lambda: state.update(full=False)


def test_a_full_disk_names_the_path_and_loses_nothing(full_disk, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    folder, fill, free = full_disk
    db = open_data_dir(folder)
    incident_id = add_sample(db)
    fill()
    incident = get_incident(db, incident_id)
    incident.what_went_wrong = "A long new account of it. " * 700
    with pytest.raises(sqlite3.OperationalError) as caught:
        save_incident(db, incident)
    assert classify(caught.value) is Problem.DISK_FULL
    message = describe(caught.value, database_path(folder))
    assert str(database_path(folder)) in message and "Free some space" in message
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert get_incident(db, incident_id).what_went_wrong != incident.what_went_wrong  # not half-saved
    assert main(["sample", "--data-dir", str(folder)]) == 1
    assert "is full" in capsys.readouterr().err
    free()
    save_incident(db, incident)  # the same edit, once there is room
    assert get_incident(db, incident_id).what_went_wrong == incident.what_went_wrong
    db.close()


def _open_and_report(folder: str) -> str:
    try:
        open_data_dir(Path(folder)).close()
    except AmendsError as exc:
        return str(exc)
    return "opened"


def test_read_only_file_and_folder_as_an_ordinary_user(data_dir: Path) -> None:
    base = shared_folder()
    try:
        for case in ("file", "folder"):
            folder = base / case
            db = open_data_dir(folder)
            add_sample(db)
            db.close()
            give_to_nobody(folder)
            path = database_path(folder)
            (path if case == "file" else folder).chmod(0o444 if case == "file" else 0o555)
            before = path.read_bytes()
            message = as_unprivileged(lambda f=str(folder): _open_and_report(f))
            assert message != "opened"
            assert str(path if case == "file" else folder) in message
            assert "read-only" in message if case == "file" else "cannot write" in message
            assert path.read_bytes() == before
    finally:
        shutil.rmtree(base, ignore_errors=True)
