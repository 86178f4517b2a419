"""Every door checks what it is given before reading or writing, and says what to do."""
from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from planner.store.atomic import ExportError, atomic_write_bytes
from planner.store.doors import DoorError, check_output, check_sqlite_file, read_input

posix_only = pytest.mark.skipif(os.name != "posix", reason="named pipes and devices")


@pytest.mark.parametrize(("given", "says"), [
    ("", "no file name was given"),
    ("   ", "no file name was given"),
    (".", "names a folder, not a file"),
    ("..", "names a folder, not a file"),
    ("/", "names a folder, not a file"),
    ("some/folder/", "names a folder, not a file"),
])
def test_names_that_are_no_file_are_refused(given: str, says: str) -> None:
    with pytest.raises(DoorError, match=says):
        check_output(given)


def test_an_existing_folder_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "out.ics").mkdir()
    with pytest.raises(DoorError, match=r"out\.ics is a folder, not a file"):
        check_output(tmp_path / "out.ics")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(DoorError, match=r"folder .*nowhere does not exist.*Create the folder"):
        check_output(tmp_path / "nowhere" / "x.json")


def test_an_over_long_name_says_so_not_restore_a_backup(tmp_path: Path) -> None:
    with pytest.raises(DoorError, match=r"bytes long; this disk allows \d+\. Choose a shorter"):
        check_output(tmp_path / ("n" * 300 + ".json"))
    with pytest.raises(ExportError, match="Choose a shorter name"):
        atomic_write_bytes(tmp_path / ("é" * 200 + ".json"), b"{}")
    assert os.listdir(tmp_path) == []


@posix_only
def test_a_named_pipe_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="is a named pipe, not a file"):
        atomic_write_bytes(fifo, b"data")
    assert fifo.is_fifo()
    assert sorted(os.listdir(tmp_path)) == ["pipe"]  # no temp file left behind


@posix_only
def test_a_device_is_never_replaced() -> None:
    with pytest.raises(DoorError, match="/dev/null is a device, not a file"):
        check_output("/dev/null")


def test_an_ordinary_file_may_be_replaced(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text("{}")
    assert check_output(tmp_path / "old.json") == tmp_path / "old.json"
    assert check_output(tmp_path / "new.json") == tmp_path / "new.json"


@posix_only
@pytest.mark.timeout(20)
def test_reading_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "playbook.toml"
    os.mkfifo(fifo)
    with pytest.raises(DoorError, match="is a named pipe, not a file"):
        read_input(fifo, limit=1000, what="a playbook file")


@posix_only
def test_reading_devices_sockets_and_folders_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DoorError, match="/dev/zero is a device"):
        read_input("/dev/zero", limit=1000, what="a playbook file")
    with pytest.raises(DoorError, match="is a folder"):
        read_input(tmp_path, limit=1000, what="a playbook file")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s"))
        with pytest.raises(DoorError, match="is a socket"):
            read_input(tmp_path / "s", limit=1000, what="a playbook file")
    finally:
        server.close()


def test_a_file_too_big_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as fh:
        fh.truncate(5_000_000)  # sparse: the size alone must decide
    reads: list[int] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda *a, **k: reads.append(1) or real_open(*a, **k))
    with pytest.raises(DoorError, match=r"big\.toml is 5\.0 MB, larger than a playbook file can be"):
        read_input(big, limit=1_000_000, what="a playbook file")
    assert reads == []


def test_a_file_that_grows_after_the_check_is_still_refused(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "grows.toml"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def grown(fd: int) -> os.stat_result:
        path.write_bytes(b"x" * 2000)  # written by another program between the checks
        return real_fstat(fd)

    monkeypatch.setattr(os, "fstat", grown)
    with pytest.raises(DoorError, match="larger than"):
        read_input(path, limit=1000, what="a playbook file")


def test_missing_and_empty_inputs_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(DoorError, match=r"gone\.toml does not exist"):
        read_input(tmp_path / "gone.toml", limit=10, what="a playbook file")
    with pytest.raises(DoorError, match="no file name was given"):
        read_input("", limit=10, what="a playbook file")


def test_only_sqlite_files_pass_as_databases(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(DoorError, match="is not an Amends database"):
        check_sqlite_file(text, what="a backup")
    with pytest.raises(DoorError, match="is a folder"):
        check_sqlite_file(tmp_path, what="a backup")


def test_refusals_answer_at_once_even_for_a_pipe_nobody_writes(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("named pipes")
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    done = threading.Event()

    def attempt() -> None:
        try:
            read_input(fifo, limit=10, what="x")
        except DoorError:
            done.set()

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done.is_set()
