"""Test helpers for a hostile machine: a tiny disk that fills up, and running as a user without root."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

NOBODY = 65534


@contextmanager
def tiny_disk(size: str = "3m") -> Iterator[Path]:
    """A real, small tmpfs (needs root); skips the test, saying why, when it cannot be mounted."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the injected-ENOSPC variant covers this")
    point = Path(tempfile.mkdtemp(prefix="amends-tinydisk-"))
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()}); the injected variant covers it")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)
        point.rmdir()


def fill_disk(folder: Path) -> Path:
    """Write a filler file until the disk holding folder has no space left; returns the filler."""
    filler = folder / "filler.bin"
    block = b"\0" * 4096
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(block)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    with open(folder / "filler-tail.bin", "wb", buffering=0) as fh:  # the last partial block
        try:
            while True:
                fh.write(b"\0")
        except OSError:
            pass
    return filler


def free_disk(folder: Path) -> None:
    """Undo fill_disk."""
    for name in ("filler.bin", "filler-tail.bin"):
        (folder / name).unlink(missing_ok=True)


def shared_folder() -> Path:
    """A temp folder any user can enter (pytest's own tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="amends-shared-"))
    folder.chmod(0o755)
    return folder


def give_to_nobody(path: Path) -> None:
    """chown path and everything under it to the unprivileged user."""
    for root, dirs, files in os.walk(path):
        for name in [root, *(os.path.join(root, d) for d in dirs), *(os.path.join(root, f) for f in files)]:
            os.chown(name, NOBODY, NOBODY)


def as_unprivileged(job: Callable[[], Any]) -> Any:
    """Run job without root: in a forked child that drops to nobody (its result comes back as JSON).

    A user who is not root already runs it in-process. Permission tests mean nothing as root,
    which may write anywhere; dropping privileges makes them test what a rep would see.
    """
    if os.geteuid() != 0:
        return job()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            payload = json.dumps({"result": job()})
        except BaseException as exc:  # noqa: BLE001 - everything must go back to the parent
            payload = json.dumps({"crash": f"{type(exc).__name__}: {exc}"})
        os.write(write_end, payload.encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    answer = json.loads(b"".join(chunks) or b'{"crash": "no answer"}')
    assert "crash" not in answer, answer["crash"]
    return answer["result"]
