"""A damaged -wal keeps its evidence: copied aside before the open that would drop its frames."""
from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

import pytest

from planner.store import wal_evidence
from planner.store.db import open_data_dir
from planner.store.paths import database_path
from planner.store.wal_evidence import EVIDENCE, FRAME_HEADER, WAL_HEADER, wal_damage

NOTES = 6  # committed transactions in the log


def crashed_folder(tmp_path: Path, data_dir: Path) -> tuple[Path, int]:
    """A data folder as a crash leaves it: committed changes only in the -wal. Returns the folder
    and the page size."""
    db = open_data_dir(data_dir)
    conn = db.conn
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE IF NOT EXISTS crash_notes (n INTEGER, body TEXT)")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for n in range(NOTES):
        conn.execute("INSERT INTO crash_notes VALUES (?, ?)", [n, f"note {n} " + "x" * 3000])
        conn.commit()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    crashed = tmp_path / "crashed"
    crashed.mkdir(mode=0o700)
    for suffix in ("", "-wal"):  # copied while open: exactly what a kill leaves behind
        Path(f"{database_path(crashed)}{suffix}").write_bytes(
            Path(f"{database_path(data_dir)}{suffix}").read_bytes())
    db.close()
    return crashed, page_size


def frames(wal: Path, page_size: int) -> list[tuple[int, int]]:
    """(offset, commit size) of each frame."""
    data = wal.read_bytes()
    size = FRAME_HEADER + page_size
    return [(WAL_HEADER + i * size, struct.unpack_from(">I", data, WAL_HEADER + i * size + 4)[0])
            for i in range((len(data) - WAL_HEADER) // size)]


def notes_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM crash_notes").fetchone()[0])
    finally:
        conn.close()


def test_a_flipped_byte_in_the_log_is_kept_as_evidence(tmp_path: Path, data_dir: Path) -> None:
    crashed, page_size = crashed_folder(tmp_path, data_dir)
    wal = Path(f"{database_path(crashed)}-wal")
    layout = frames(wal, page_size)
    commits = [i for i, (_, commit) in enumerate(layout) if commit]
    assert len(commits) >= NOTES
    target = layout[commits[1]][0] + FRAME_HEADER + 100  # inside the second transaction
    data = bytearray(wal.read_bytes())
    data[target] ^= 0xFF
    wal.write_bytes(bytes(data))
    db = open_data_dir(crashed)
    try:
        [notice] = db.conn.notices
        assert "is damaged" in notice and "committed changes follow it" in notice
        assert db.execute("SELECT count(*) FROM crash_notes").fetchone()[0] < NOTES  # SQLite dropped them
    finally:
        db.close()
    [copy] = [p for p in crashed.iterdir() if EVIDENCE in p.name and not p.name.endswith("-wal")]
    kept = Path(f"{copy}-wal")
    assert kept.read_bytes() == bytes(data)  # the log exactly as it was
    assert str(copy) in notice and copy.stat().st_mode & 0o777 == 0o600
    # The evidence holds the dropped notes: repair the flipped byte and they are all there.
    repaired = bytearray(kept.read_bytes())
    repaired[target] ^= 0xFF
    kept.write_bytes(bytes(repaired))
    assert notes_in(copy) == NOTES


def test_a_torn_last_frame_after_a_crash_is_normal(tmp_path: Path, data_dir: Path) -> None:
    crashed, page_size = crashed_folder(tmp_path, data_dir)
    wal = Path(f"{database_path(crashed)}-wal")
    data = wal.read_bytes()
    wal.write_bytes(data[: len(data) - page_size // 2])  # the last frame half-written
    assert wal_damage(database_path(crashed)) is None
    db = open_data_dir(crashed)
    try:
        assert db.conn.notices == []
        assert db.execute("SELECT count(*) FROM crash_notes").fetchone()[0] == NOTES - 1
    finally:
        db.close()
    assert not [p for p in crashed.iterdir() if EVIDENCE in p.name]


def test_a_damaged_last_transaction_alone_loses_nothing_committed_after_it(
    tmp_path: Path, data_dir: Path
) -> None:
    crashed, page_size = crashed_folder(tmp_path, data_dir)
    wal = Path(f"{database_path(crashed)}-wal")
    layout = frames(wal, page_size)
    data = bytearray(wal.read_bytes())
    data[layout[-1][0] + FRAME_HEADER + 10] ^= 0xFF  # the very last frame: a torn write
    wal.write_bytes(bytes(data))
    assert wal_damage(database_path(crashed)) is None


def test_a_log_that_grows_while_it_is_read_is_live_not_damaged(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another shell command commits between our read of the log and SQLite's replay of it, so
    # SQLite accepts more frames than the bytes we hold: no verdict, and never a crash.
    crashed, page_size = crashed_folder(tmp_path, data_dir)
    wal = Path(f"{database_path(crashed)}-wal")
    held = len(frames(wal, page_size))
    real = wal_evidence._accepted_frames
    monkeypatch.setattr(wal_evidence, "_accepted_frames", lambda path: (real(path) or 0) + 3)
    assert held and wal_damage(database_path(crashed)) is None


def test_a_log_restarted_while_it_is_read_is_live_not_damaged(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed, page_size = crashed_folder(tmp_path, data_dir)
    wal = Path(f"{database_path(crashed)}-wal")
    data = bytearray(wal.read_bytes())
    layout = frames(wal, page_size)
    data[layout[1][0] + FRAME_HEADER + 10] ^= 0xFF  # damage that would be reported...
    wal.write_bytes(bytes(data))
    real = wal_evidence._accepted_frames

    def restarted_meanwhile(path: Path) -> int | None:
        accepted = real(path)
        header = bytearray(wal.read_bytes()[:WAL_HEADER])
        header[16] ^= 0x01  # ...but a checkpoint restarted the log with a new salt meanwhile
        with open(wal, "r+b") as handle:
            handle.write(bytes(header))
        return accepted

    monkeypatch.setattr(wal_evidence, "_accepted_frames", restarted_meanwhile)
    assert wal_damage(database_path(crashed)) is None


def test_a_healthy_log_is_left_alone(tmp_path: Path, data_dir: Path) -> None:
    crashed, _page_size = crashed_folder(tmp_path, data_dir)
    db = open_data_dir(crashed)
    try:
        assert db.conn.notices == [] and db.execute("SELECT count(*) FROM crash_notes").fetchone()[0] == NOTES
    finally:
        db.close()


def test_the_shell_says_so(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ui.startup.launcher import main as amends

    crashed, page_size = crashed_folder(tmp_path, data_dir)
    wal = Path(f"{database_path(crashed)}-wal")
    layout = frames(wal, page_size)
    data = bytearray(wal.read_bytes())
    data[layout[2][0] + FRAME_HEADER + 50] ^= 0x01
    wal.write_bytes(bytes(data))
    assert amends(["customer", "list", "--data-dir", str(crashed)]) == 0
    err = capsys.readouterr().err
    assert "amends: The log of your data file" in err and EVIDENCE in err
