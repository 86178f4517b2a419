"""`amends --smoke-test` from source: every step passes, and a failing step is named."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main as cli
from ui.startup import launcher, smoke, smoke_steps

ROOT = Path(__file__).resolve().parents[2]
STEPS = ["resources", "modules", "rules", "playbooks", "phrases", "main window", "visit brief",
         "calendar", "sync", "close"]


def test_smoke_test_passes_from_source(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-m", "ui.startup.launcher", "--smoke-test"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Amends ") and "(from source, offscreen)" in lines[0]
    reported = [line.split()[1:] for line in lines if line.startswith("  ok ")]
    assert [" ".join(words[:2]) if words[0] in {"main", "visit"} else words[0]
            for words in reported] == STEPS
    assert "a lame apology got" in result.stdout and "PDF" in result.stdout
    assert lines[-1].startswith("Smoke test passed in ")
    # Nothing was left in the home folder: the smoke test works in a temporary one.
    assert not (tmp_path / "data" / "Amends").exists()


class _FailingRun:
    """Two steps: the first passes, the second fails the way a broken build would."""

    def steps(self) -> list[tuple[str, object]]:
        def broken() -> str:
            raise smoke.SmokeFailure("the calendar file is not a calendar with events (0).")
        return [("rules", lambda: "44 rules"), ("calendar", broken), ("close", lambda: "x")]


def test_a_failing_step_is_named_and_stops_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert smoke._run_steps(_FailingRun()) is True
    out, err = capsys.readouterr()
    assert "  ok    rules" in out
    assert "  FAIL  calendar" in out and "not a calendar" in out
    assert "close" not in out  # the run stopped at the failure
    assert "the smoke test failed at step 'calendar'" in err


def test_an_unexpected_error_is_reported_with_its_place(capsys: pytest.CaptureFixture[str]) -> None:
    class Run:
        def steps(self) -> list[tuple[str, object]]:
            return [("playbooks", lambda: {}["missing"])]

    assert smoke._run_steps(Run()) is True
    out, _err = capsys.readouterr()
    assert "FAIL  playbooks" in out and "KeyError" in out and "test_smoke.py:" in out


def test_a_missing_module_is_a_broken_build() -> None:
    with pytest.raises(smoke.SmokeFailure, match="planner.not_there is missing from this build"):
        smoke_steps.need("planner.not_there")


def test_the_flag_chooses_between_smoke_test_and_gui(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(smoke, "run_smoke_test", lambda: 42)
    parser = cli.build_parser()
    launcher.add_smoke_option(parser)
    run = launcher.smoke_or(lambda args: 7)
    assert run(parser.parse_args(["--smoke-test"])) == 42
    assert run(parser.parse_args([])) == 7
    assert run(argparse.Namespace()) == 7


def test_resources_summary_counts_every_folder() -> None:
    summary = smoke_steps.resources_summary()
    for folder in smoke_steps.RESOURCE_FOLDERS:
        assert f" {folder}" in summary


def test_process_age_is_a_small_positive_number_on_linux() -> None:
    age = smoke_steps.process_age()
    if sys.platform.startswith("linux"):
        assert age is not None and 0 < age < 24 * 3600
