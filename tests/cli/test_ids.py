"""Record ids on the command line: a clear usage error for anything SQLite cannot hold."""
from __future__ import annotations

from pathlib import Path

import pytest

from ui.startup.launcher import main

HUGE = "99999999999999999999"


@pytest.mark.parametrize("argv", [
    ["export-ics", "--incident", HUGE, "-o", "x.ics"],
    ["brief", HUGE, "-o", "x.pdf"],
    ["brief", "1", "--visit", "0", "-o", "x.pdf"],
    ["customer", "export", HUGE, "-o", "x.json"],
    ["customer", "erase", "-3", "--yes"],
    ["export-ics", "--incident", "seven", "-o", "x.ics"],
])
def test_bad_ids_are_usage_errors_not_tracebacks(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--data-dir", str(tmp_path / "data")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "is not an id" in err and "Traceback" not in err
    assert not list(tmp_path.glob("x.*"))
