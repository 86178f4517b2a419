"""Atomic file writing: the old file survives every failure, and errors say what to do."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from planner.errors import AmendsError
from planner.store import atomic
from planner.store.atomic import ExportError, atomic_write_bytes, atomic_writer


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"the previous version")
    return target


def assert_untouched(target: Path) -> None:
    assert target.read_bytes() == b"the previous version"
    assert os.listdir(target.parent) == [target.name]  # no temp file left behind


def test_writes_new_and_replaces_old(old_file: Path) -> None:
    atomic_write_bytes(old_file, b"new")
    atomic_write_bytes(old_file.parent / "other.pdf", b"other")
    assert old_file.read_bytes() == b"new"
    assert sorted(os.listdir(old_file.parent)) == ["brief.pdf", "other.pdf"]


def test_failing_rename_leaves_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", no_space)
    with pytest.raises(ExportError, match="Free some space") as caught:
        atomic_write_bytes(old_file, b"new")
    assert str(caught.value).startswith(f"Could not save {old_file}.")
    assert isinstance(caught.value, OSError) and isinstance(caught.value, AmendsError)
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(old_file)
    assert_untouched(old_file)


def test_failing_fsync_leaves_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def io_error(_: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", io_error)
    with pytest.raises(ExportError, match="Input/output error"):
        atomic_write_bytes(old_file, b"new")
    assert_untouched(old_file)


def test_other_exceptions_pass_through_and_clean_up(old_file: Path) -> None:
    with pytest.raises(ZeroDivisionError), atomic_writer(old_file) as handle:
        handle.write(b"half")
        _ = 1 / 0
    assert_untouched(old_file)


def test_permission_denied_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*_: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "open", denied)
    with pytest.raises(ExportError, match="choose a folder you can write to"):
        atomic_write_bytes(tmp_path / "brief.pdf", b"new")
    assert os.listdir(tmp_path) == []


def test_folder_as_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "brief.pdf").mkdir()
    with pytest.raises(ExportError, match="is a folder, not a file"):
        atomic_write_bytes(tmp_path / "brief.pdf", b"new")
    assert os.listdir(tmp_path) == ["brief.pdf"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_every_written_file_is_private_even_a_replaced_one(old_file: Path) -> None:
    old_file.chmod(0o644)
    old = os.umask(0o022)  # the usual umask would make a new file readable by everyone
    try:
        atomic_write_bytes(old_file, b"new")
        atomic_write_bytes(old_file.with_name("new.json"), b"{}")
    finally:
        os.umask(old)
    assert old_file.read_bytes() == b"new" and old_file.stat().st_mode & 0o777 == 0o600
    assert old_file.with_name("new.json").stat().st_mode & 0o777 == 0o600
