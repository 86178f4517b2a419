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


def test_an_incident_is_found_by_its_number_or_a_word_that_fits_only_it(db) -> None:
    from planner.cli.support import find_incident
    from tests.today_data import add_incident

    shelving = add_incident(db, "Halvorsen Fitouts", "Late shelving")
    invoice = add_incident(db, "Brightwater Dental", "Invoice charged twice")
    again = add_incident(db, "Halvorsen Fitouts", "Wrong end caps")
    assert find_incident(db, str(invoice)) == invoice == find_incident(db, f"#{invoice}")
    assert find_incident(db, "brightwater") == invoice
    assert find_incident(db, "SHELVING") == shelving
    assert find_incident(db, "halvorsen caps") == again  # every word must fit
    with pytest.raises(LookupError) as many:
        find_incident(db, "halvorsen")
    assert f"#{shelving} Late shelving (Halvorsen Fitouts)" in str(many.value)
    assert f"#{again} Wrong end caps" in str(many.value) and "Give the number" in str(many.value)
    with pytest.raises(LookupError, match="no incident's title or customer contains “quokka”"):
        find_incident(db, "quokka")
    with pytest.raises(LookupError, match="no incident #999"):
        find_incident(db, "999")


def test_brief_and_export_take_a_word_for_the_incident(qtbot, data_dir, tmp_path, capsys) -> None:
    from planner.store.db import open_data_dir
    from tests.today_data import add_incident
    from ui.startup.launcher import main as amends

    db = open_data_dir(data_dir)
    add_incident(db, "Halvorsen Fitouts", "Late shelving")
    add_incident(db, "Halvorsen Fitouts", "Wrong end caps")
    db.close()
    out = tmp_path / "brief.pdf"
    assert amends(["brief", "shelving", "-o", str(out), "--data-dir", str(data_dir)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert amends(["brief", "halvorsen", "-o", str(out), "--data-dir", str(data_dir)]) == 1
    assert "fits 2 incidents" in capsys.readouterr().err
    ics = tmp_path / "caps.ics"
    assert amends(["export-ics", "--incident", "caps", "-o", str(ics), "--data-dir",
                   str(data_dir)]) == 0
    assert amends(["export-ics", "--incident", "seven", "-o", str(ics), "--data-dir",
                   str(data_dir)]) == 1
    assert "leave out --incident" in capsys.readouterr().err
