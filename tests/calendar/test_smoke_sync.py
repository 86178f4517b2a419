"""`amends --smoke-test` with a local CalDAV server given: it connects, syncs and cleans up."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.calendar.servers import PASSWORD, USER, CalDavServer

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_test_syncs_with_the_server_it_is_given(tmp_path: Path, radicale: CalDavServer) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "AMENDS_SMOKE_CALDAV": radicale.url, "AMENDS_SMOKE_CALDAV_USER": USER,
           "AMENDS_SMOKE_CALDAV_PASSWORD": PASSWORD,
           # Whatever the machine has, the smoke test must not touch it: it sets its own.
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run([sys.executable, "-m", "ui.startup.launcher", "--smoke-test"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("  ok    sync")]
    assert "HTTPS ready" in line and "CA certificates" in line
    assert "events synced to 127.0.0.1" in line and "removed again" in line
    assert PASSWORD not in result.stdout + result.stderr
