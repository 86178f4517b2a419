"""One window per data folder: a second start raises the first, a killed one's lock does not block."""
from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from planner.store.paths import LOCK_FILE, database_path
from ui.startup.single_instance import Outcome, SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("instance_child.py")


def start_child(folder: Path, *extra: str) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, str(CHILD), str(folder), *extra],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline() == "acquired\n"
    return child


def stop(child: subprocess.Popen[str], sig: int = signal.SIGKILL) -> None:
    child.send_signal(sig)
    child.wait()
    if child.stdout is not None:
        child.stdout.close()


def test_server_names_are_per_folder_and_stable(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") == server_name(tmp_path / "b" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert len(server_name(tmp_path / ("x" * 300))) < 40  # socket paths have a length limit


def test_a_second_start_brings_the_first_window_forward(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    first = SingleInstance(folder)
    assert first.claim().outcome is Outcome.ACQUIRED
    out = start_second_and_wait_to_be_raised(qtbot, first, folder)
    assert "already open" in out and str(folder) in out
    assert not database_path(folder).exists()  # the second start never touched the data


def start_second_and_wait_to_be_raised(qtbot, first: SingleInstance, folder: Path,  # type: ignore[no-untyped-def]
                                       before_waiting: Callable[[], None] | None = None) -> str:
    """Start `amends` on folder while `first` holds it; its output once it asked first to show."""
    holder = QWidget()  # as in the app, the window owns the guard (and deletes it in Qt's time)
    qtbot.addWidget(holder)
    first.setParent(holder)
    raised: list[bool] = []
    first.activation_requested.connect(lambda: raised.append(True))
    second = subprocess.Popen(
        [sys.executable, "-m", "ui.startup.launcher", "--data-dir", str(folder)], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    if before_waiting is not None:
        before_waiting()
    try:
        qtbot.waitUntil(lambda: bool(raised), timeout=20_000)  # our event loop answers it
        out, err = second.communicate(timeout=20)
    finally:
        second.kill()
        second.wait()
        first.release()
    assert second.returncode == 0, err
    return out


def test_a_lock_left_by_a_killed_app_does_not_block_the_next_start(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    child = start_child(folder, "--serve")
    stop(child)  # SIGKILL: no chance to clean up
    assert (folder / LOCK_FILE).read_text().split()[0] == str(child.pid)  # left behind
    guard = SingleInstance(folder)
    assert guard.claim().outcome is Outcome.ACQUIRED
    assert (folder / LOCK_FILE).read_text().split()[0] != str(child.pid)
    guard.release()


def test_a_running_instance_that_does_not_answer_is_explained(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    child = start_child(folder)  # holds the lock, never runs its event loop
    try:
        claim = SingleInstance(folder).claim(connect_timeout_ms=300, reply_timeout_ms=300)
    finally:
        stop(child)
    assert claim.outcome is Outcome.REFUSED
    assert "does not answer" in claim.message and str(child.pid) in claim.message
    assert str(folder) in claim.message


def test_the_lock_is_given_up_on_release(tmp_path: Path, qapp) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    guard = SingleInstance(folder)
    assert guard.claim().outcome is Outcome.ACQUIRED
    guard.release()
    again = SingleInstance(folder)
    assert again.claim().outcome is Outcome.ACQUIRED
    again.release()


def test_a_folder_that_cannot_hold_a_lock_is_explained(tmp_path: Path, qapp) -> None:
    claim = SingleInstance(tmp_path / "not-there" / "data").claim()
    assert claim.outcome is Outcome.REFUSED and "lock file" in claim.message


def test_a_start_while_the_first_window_is_still_opening_waits_for_it(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    folder = tmp_path / "data"
    folder.mkdir()
    first = SingleInstance(folder)
    # As start-up does: the lock now, the answering socket only once the window is on screen.
    assert first.claim(listen=False).outcome is Outcome.ACQUIRED
    assert first.server is None
    # The second start reaches its claim well before this (Python and Qt load in ~0.5 s) and
    # keeps knocking; it gives up 1.5 s after its first try, which is later than this.
    out = start_second_and_wait_to_be_raised(
        qtbot, first, folder, before_waiting=lambda: QTimer.singleShot(1000, first.listen))
    assert "already open" in out
