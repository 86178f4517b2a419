"""Every shell door (-o, --data-dir, playbook import, backup restore) refuses bad paths first, clearly."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from planner.sample import add_sample
from planner.store.db import open_data_dir
from planner.store.paths import database_path
from ui.startup.launcher import main as amends

posix_only = pytest.mark.skipif(os.name != "posix", reason="named pipes and devices")
EXPORTS = [
    ["customer", "export", "1"],
    ["export-ics"],
    ["playbook", "export", "general"],
    ["brief", "1"],
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = amends(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.err


@pytest.fixture(autouse=True)
def one_application(qapp):  # type: ignore[no-untyped-def]
    """`amends brief` makes a QGuiApplication when there is none; the suite needs QApplication."""
    return qapp


@pytest.fixture
def filled(data_dir: Path) -> Path:
    db = open_data_dir(data_dir)
    add_sample(db)
    db.close()
    return data_dir


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: c[0])
@pytest.mark.parametrize(("output", "says"), [
    ("..", "names a folder, not a file"),
    (".", "names a folder, not a file"),
    ("/", "names a folder, not a file"),
    ("", "no file name was given"),
    ("n" * 300, "Choose a shorter name"),
])
def test_bad_output_names_are_refused_before_the_data_opens(
    capsys, tmp_path: Path, monkeypatch, command: list[str], output: str, says: str
) -> None:
    monkeypatch.chdir(tmp_path)
    fresh = tmp_path / "never-opened"
    status, err = run(capsys, *command, "-o", output, "--data-dir", str(fresh))
    if command[0] == "export-ics" and output == "":
        says = "names a folder"  # its option is read as a path, and Path("") is "."
    assert status == 1 and says in err, err
    assert not fresh.exists()  # refused before anything was read or created


@posix_only
@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: c[0])
def test_a_pipe_or_device_at_o_is_never_replaced(capsys, filled: Path, tmp_path: Path,
                                                 command: list[str]) -> None:
    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    status, err = run(capsys, *command, "-o", str(fifo), "--data-dir", str(filled))
    assert status == 1 and f"{fifo} is a named pipe, not a file" in err
    assert fifo.is_fifo()
    status, err = run(capsys, *command, "-o", "/dev/null", "--data-dir", str(filled))
    assert status == 1 and "/dev/null is a device" in err


@pytest.mark.parametrize("command", [["customer", "export", "1", "-o", "c.json"],
                                     ["export-ics", "-o", "a.ics"],
                                     ["brief", "1", "-o", "b.pdf"],
                                     ["playbook", "export", "general", "-o", "p.toml"]],
                         ids=lambda c: c[0])
def test_exports_are_private_from_the_first_byte(capsys, filled: Path, tmp_path: Path,
                                                 monkeypatch, command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        status, err = run(capsys, *command, "--data-dir", str(filled))
    finally:
        os.umask(old)
    assert status == 0, err
    written = tmp_path / command[command.index("-o") + 1]
    assert written.stat().st_mode & 0o777 == 0o600


def test_an_empty_data_dir_is_refused_not_the_default_folder(capsys, tmp_path: Path,
                                                             monkeypatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    for argv in (["--data-dir", "", "customer", "erase", "1", "--yes"],
                 ["customer", "list", "--data-dir", "  "]):
        with pytest.raises(SystemExit) as exit_:
            amends(argv)
        assert exit_.value.code == 2
        assert "the folder name is empty" in capsys.readouterr().err
    assert not home.exists()  # the usual data folder was never created, let alone erased


@posix_only
@pytest.mark.timeout(30)
@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "folder"])
def test_playbook_import_refuses_special_files_at_once(capsys, filled: Path, tmp_path: Path,
                                                       special: str) -> None:
    if special == "fifo":
        path = tmp_path / "playbook.toml"
        os.mkfifo(path)
    elif special == "folder":
        path = tmp_path
    else:
        path = Path(special)
    status, err = run(capsys, "playbook", "import", str(path), "--data-dir", str(filled))
    assert status == 1 and str(path) in err and "Nothing was imported" in err


def test_restore_refuses_a_database_of_another_program(capsys, filled: Path, tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.commit()
    conn.close()
    before = database_path(filled).read_bytes()
    status, err = run(capsys, "backup", "restore", str(other), "--yes", "--data-dir", str(filled))
    assert status == 1 and f"{other} is not an Amends database" in err
    assert database_path(filled).read_bytes() == before


@posix_only
@pytest.mark.timeout(30)
def test_restore_refuses_a_pipe_and_a_text_file(capsys, filled: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "backup.db"
    os.mkfifo(fifo)
    status, err = run(capsys, "backup", "restore", str(fifo), "--yes", "--data-dir", str(filled))
    assert status == 1 and "is a named pipe" in err
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    status, err = run(capsys, "backup", "restore", str(text), "--yes", "--data-dir", str(filled))
    assert status == 1 and "is not an Amends database" in err
