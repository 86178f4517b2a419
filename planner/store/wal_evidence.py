"""A damaged write-ahead log is copied aside before SQLite drops what it cannot read.

After a crash, committed changes may still be only in ``amends.db-wal``. When SQLite opens the
file it replays the log frame by frame and stops at the first frame whose checksum fails:
everything after it is dropped without a word, and the log is soon emptied. A torn last frame
(the machine died mid-write) is normal and loses nothing that was committed; a damaged frame
with *committed* frames after it (a flipped bit on disk, a sync tool that copied half a log)
loses work. SQLite cannot tell the two apart for us, so this module does, cheaply:

1. open the file read-only, which makes SQLite replay the log and record in the ``-shm`` index
   how many frames it accepted (``mxFrame``);
2. look only at the frames after those: if one of them fails its checksum but a later frame of
   the same log is intact and ends a transaction, committed work would be lost;
3. then copy ``amends.db`` and its ``-wal`` side by side to ``amends.db.wal-damaged-<time>``
   (and ``-wal``), exactly as they were, before Amends writes anything, and tell the user.

Checking the accepted frames again is not needed (SQLite verified them), so a healthy log costs
one read of the -shm header, and only a damaged one costs checksums.
"""
from __future__ import annotations

import shutil
import sqlite3
import struct
from datetime import datetime
from pathlib import Path

from planner.store.paths import make_private
from planner.timeutil import now_utc

WAL_HEADER = 32
FRAME_HEADER = 24
_MAGIC = (0x377F0682, 0x377F0683)  # the low bit says the checksums are big-endian
_INDEX_VERSION = 3007000
EVIDENCE = ".wal-damaged-"


def keep_wal_evidence(path: Path, *, now: datetime | None = None) -> str | None:
    """Copy a data file whose log would lose committed frames aside; what to tell the user."""
    wal = Path(f"{path}-wal")
    try:
        if not path.exists() or wal.stat().st_size <= WAL_HEADER:
            return None
    except OSError:
        return None
    finding = wal_damage(path)
    if finding is None:
        return None
    stamp = (now or now_utc()).astimezone().strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.name}{EVIDENCE}{stamp}")
    try:
        # The log first: should the copy fail half-way, no pair pretends to be complete.
        shutil.copyfile(wal, f"{copy}-wal")
        shutil.copyfile(path, copy)
        for file in (copy, Path(f"{copy}-wal")):
            make_private(file)
    except OSError as exc:
        return (f"The log of {path} is damaged ({finding}) and Amends could not keep a copy of "
                f"it ({exc.strerror or exc}). Quit Amends and copy {path} and {wal} somewhere "
                "safe before you open it again.")
    return (f"The log of your data file {path} is damaged ({finding}), so SQLite could not read "
            f"the changes saved last before Amends stopped. Amends kept the file and its log, as "
            f"they were, in {copy} and {copy}-wal; someone who knows SQLite can often recover "
            "those changes from them. Everything else opened normally.")


def wal_damage(path: Path) -> str | None:
    """What is wrong with path's log, when committed frames would be dropped; None otherwise."""
    wal = Path(f"{path}-wal")
    try:
        data = wal.read_bytes()
    except OSError:
        return None
    if len(data) <= WAL_HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:WAL_HEADER])
    if magic not in _MAGIC or page_size < 512 or page_size & (page_size - 1):
        return "its header is not a log header" if len(data) > WAL_HEADER + FRAME_HEADER else None
    big = bool(magic & 1)
    if _checksum(data[:24], 0, 0, big) != (c1, c2):
        return "its header fails its checksum"
    accepted = _accepted_frames(path)
    if accepted is None:
        return None  # no verdict from SQLite: nothing to compare with
    frame_size = FRAME_HEADER + page_size
    frames = (len(data) - WAL_HEADER) // frame_size
    if accepted > frames or _log_header(wal) != data[:WAL_HEADER]:
        # The log grew or restarted since it was read: another connection is writing it, so
        # it is a live log, not one a crash left behind, and there is nothing to judge.
        return None

    def header(index: int) -> tuple[int, ...]:
        offset = WAL_HEADER + index * frame_size
        return struct.unpack(">6I", data[offset:offset + FRAME_HEADER])

    def stored(index: int) -> tuple[int, int]:
        """The running checksum kept in a frame's header (the log header's before frame 0)."""
        if index < 0:
            return c1, c2
        fields = header(index)
        return fields[4], fields[5]

    def intact(index: int, before: tuple[int, int]) -> bool:
        offset = WAL_HEADER + index * frame_size
        s0, s1 = _checksum(data[offset:offset + 8], *before, big)
        return _checksum(data[offset + FRAME_HEADER:offset + frame_size], s0, s1, big) == stored(index)

    previous = stored(accepted - 1)
    for index in range(accepted, frames):
        fields = header(index)
        if fields[2:4] != (salt1, salt2):
            return None  # an older log's leftovers: SQLite rightly ignores them
        if intact(index, previous):
            previous = stored(index)  # not yet committed (a transaction cut short): fine
            continue
        for later in range(index + 1, frames):
            after = header(later)
            if after[2:4] != (salt1, salt2):
                break
            if after[1] != 0 and intact(later, stored(later - 1)):
                return (f"frame {index + 1} of {frames} fails its checksum, and committed "
                        "changes follow it")
        return None  # only a torn end: nothing committed is lost
    return None


def _log_header(wal: Path) -> bytes:
    """The log's header as it is now (empty when the log is gone)."""
    try:
        with open(wal, "rb") as handle:
            return handle.read(WAL_HEADER)
    except OSError:
        return b""


def _accepted_frames(path: Path) -> int | None:
    """How many log frames SQLite accepted when it replayed the log (from the -shm index)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # replays the log
        with open(f"{path}-shm", "rb") as handle:
            index = handle.read(48)
    except (sqlite3.Error, OSError):
        return None
    finally:
        conn.close()
    if len(index) < 48:
        return None
    version, _unused, _change, is_init = struct.unpack_from("=3IB", index)
    if version != _INDEX_VERSION or not is_init:
        return None
    return int(struct.unpack_from("=I", index, 16)[0])


def _checksum(data: bytes, s0: int, s1: int, big: bool) -> tuple[int, int]:
    """SQLite's WAL checksum of data (a multiple of 8 bytes), continuing from (s0, s1)."""
    words = struct.unpack(f"{'>' if big else '<'}{len(data) // 4}I", data)
    for index in range(0, len(words), 2):
        s0 = (s0 + words[index] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[index + 1] + s0) & 0xFFFFFFFF
    return s0, s1
