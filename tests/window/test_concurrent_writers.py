"""Three shell commands writing in a loop while the window autosaves: nobody is told "busy"."""
from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from planner.incidents.service import get_incident
from planner.playbooks import dump_playbook, load_builtin_playbooks
from planner.store.paths import database_path
from tests.gui_helpers import show_main_window

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("AMENDS_CONCURRENCY_SECONDS", "30"))


def shell_writer(data_dir: Path, playbook: Path, deadline: float, results: list[tuple[str, int, str]]) -> None:
    """One terminal: `amends sample` and `amends playbook import` in turn until the deadline."""
    commands = [["sample"], ["playbook", "import", str(playbook), "--keep-both"]]
    turn = 0
    while time.monotonic() < deadline:
        argv = commands[turn % 2]
        done = subprocess.run([sys.executable, "-m", "ui.startup.launcher", *argv, "--data-dir",
                               str(data_dir)], cwd=ROOT, capture_output=True, text=True,
                              timeout=120, check=False)
        results.append((" ".join(argv), done.returncode, done.stderr))
        turn += 1


@pytest.mark.slow
@pytest.mark.timeout(SECONDS * 4 + 120)
def test_three_shell_writers_and_the_window_for_thirty_seconds(qtbot, data_dir: Path,
                                                               tmp_path: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    window.list_panel.select(window.list_panel.model.row_at(0).id)
    window.nav.show_workspace()
    failures: list[str] = []
    window.ctx.autosaver.failed.connect(failures.append)
    playbook = tmp_path / "shared.toml"
    playbook.write_bytes(dump_playbook(dataclasses.replace(load_builtin_playbooks()[0],
                                                           builtin=False, key="shared",
                                                           name="Shared")))
    results: list[tuple[str, int, str]] = []
    deadline = time.monotonic() + SECONDS
    writers = [threading.Thread(target=shell_writer, args=(data_dir, playbook, deadline, results),
                                daemon=True) for _ in range(3)]
    for writer in writers:
        writer.start()
    field = window.workspace.pages["what"].title_edit
    typed = 0
    while time.monotonic() < deadline:
        field.selectAll()  # typed over: the title stays within its length limit
        qtbot.keyClicks(field, f"Typed while others write {typed}")
        typed += 1
        qtbot.wait(60)  # the autosave timer runs in here, between keystrokes
    for writer in writers:
        writer.join(timeout=180)
    assert window.ctx.autosaver.flush()
    failed = [r for r in results if r[1] != 0]
    assert not failed, f"{len(failed)} of {len(results)} shell commands failed: {failed[:3]}"
    assert not failures, f"the window could not save: {failures[:3]}"
    assert len(results) >= 6 and typed > 10
    incident_id = window.workspace.incident_id
    assert incident_id is not None and get_incident(window.ctx.db, incident_id).title == field.text()
    samples = sum(1 for command, _, _ in results if command == "sample")
    conn = sqlite3.connect(database_path(data_dir))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM incidents").fetchone()[0] == samples + 1
    finally:
        conn.close()
    window.close()
