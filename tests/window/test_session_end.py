"""Every way Amends is ended keeps the last edit: SIGTERM (logout, shutdown) and SIGKILL."""
from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.sample import add_sample
from planner.store.db import open_data_dir
from planner.store.paths import database_path

CHILD = Path(__file__).with_name("gui_child.py")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def prepared(data_dir: Path) -> Path:
    db = open_data_dir(data_dir)
    add_sample(db)
    db.close()
    return data_dir


def type_then_signal(data_dir: Path, text: str, number: int, after: float) -> int:
    """Start the app, type text, send the signal ``after`` seconds later; its exit code."""
    child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), text],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stderr is not None
    try:
        line = child.stdout.readline()
        assert line == "typed\n", child.stderr.read()
        if after:
            time.sleep(after)  # when the signal lands, not a timing assertion
        child.send_signal(number)
        return child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()


def stored_title(data_dir: Path) -> str:
    conn = sqlite3.connect(database_path(data_dir))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        [title] = [row[0] for row in conn.execute("SELECT title FROM incidents")]
        return str(title)
    finally:
        conn.close()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_right_after_typing_saves_the_text_and_exits_cleanly(data_dir: Path, number: int) -> None:
    prepared(data_dir)
    # Sent at once: well inside the autosave delay, so only the orderly close can save it.
    assert type_then_signal(data_dir, " typed before logout", number, after=0) == 0
    assert stored_title(data_dir).endswith(" typed before logout")
    assert not Path(f"{database_path(data_dir)}-wal").exists()  # closed cleanly, log checkpointed


@pytest.mark.slow
def test_the_real_window_survives_kills_and_terms_in_turn(data_dir: Path) -> None:
    prepared(data_dir)
    rng = random.Random()
    expected = stored_title(data_dir)
    for round_ in range(10):
        text = f" r{round_}"
        if round_ % 2:
            # SIGKILL: no chance to clean up; the promise is "stored within a second".
            code = type_then_signal(data_dir, text, signal.SIGKILL, after=rng.uniform(0.7, 1.0))
            assert code == -signal.SIGKILL
        else:
            code = type_then_signal(data_dir, text, signal.SIGTERM, after=rng.uniform(0, 0.5))
            assert code == 0
        expected += text
        assert stored_title(data_dir) == expected, f"round {round_}"
