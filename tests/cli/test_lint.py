"""`amends lint`: output lines, the JSON shape, exit codes, and clean failures."""
from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import pytest

from planner.apology.checker.finding import JSON_KEYS
from planner.cli import lint as command

WEAK = "Dear Ms Keller,\nI'm sorry if the delay caused you any trouble.\nMistakes were made.\n"
GOOD = "I am sorry. I shipped the wrong parts. I will replace them by Friday 10:00.\n"


def run_lint(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: bytes | None = None
) -> int:
    """Parse and run through a bare parser, the way planner/cli/main.py registers commands."""
    parser = argparse.ArgumentParser(prog="amends")
    command.register(parser.add_subparsers(dest="command"))
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    args = parser.parse_args(["lint", *argv])
    status: int = args.func(args)
    return status


def _write(tmp_path: Path, text: str | bytes, name: str = "draft.txt") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def test_human_output_gives_line_and_column_and_a_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_lint([_write(tmp_path, WEAK)], monkeypatch)
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    assert out[0].startswith("2:5-2:13 error conditional: ")
    assert "(suggestion: " in out[0]
    assert out[1].startswith("3:1-3:19 warning passive: ")
    assert out[-1].endswith("draft.txt: 2 problems (1 error, 1 warning).")


def test_json_output_is_an_array_with_exactly_the_six_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_lint([_write(tmp_path, WEAK), "--json"], monkeypatch)
    findings = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [f["category"] for f in findings] == ["conditional", "passive"]
    for finding in findings:
        assert tuple(finding) == JSON_KEYS
        assert WEAK[finding["start"] : finding["end"]] in ("sorry if", "Mistakes were made")


def test_no_error_level_finding_exits_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_lint([_write(tmp_path, GOOD)], monkeypatch) == 0
    assert capsys.readouterr().out.strip().endswith("no problems found.")
    warning_only = _write(tmp_path, "Mistakes were made.", "warn.txt")
    assert run_lint([warning_only, "--json"], monkeypatch) == 0


def test_part_adds_that_parts_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "We will look into it.")
    assert run_lint([path, "--part", "remedy", "--json"], monkeypatch) == 1
    categories = {f["category"] for f in json.loads(capsys.readouterr().out)}
    assert categories == {"vague", "missing-remedy"}


@pytest.mark.parametrize("argv", [[], ["-"]])
def test_no_file_or_dash_reads_standard_input(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_lint([*argv, "--json"], monkeypatch, stdin=WEAK.encode("utf-8"))
    assert status == 1
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_byte_order_mark_and_crlf_are_handled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "\ufeffHello.\r\nSorry if it hurt.\r\n".encode())
    assert run_lint([path], monkeypatch) == 1
    assert capsys.readouterr().out.startswith("2:1-2:9 error conditional: ")


def test_missing_file_fails_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nope.txt")
    assert run_lint([missing], monkeypatch) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"amends lint: cannot read {missing}: there is no such file")
    assert "Traceback" not in captured.err


def test_a_folder_or_non_utf8_file_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_lint([str(tmp_path)], monkeypatch) == 2
    assert "it is a folder" in capsys.readouterr().err
    latin1 = _write(tmp_path, "Entschuldigung für die Verspätung".encode("latin-1"), "l1.txt")
    assert run_lint([latin1], monkeypatch) == 2
    err = capsys.readouterr().err
    assert f"cannot read {latin1}: it is not UTF-8 text" in err
    assert "Save it as UTF-8" in err


def test_non_utf8_standard_input_fails_cleanly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_lint([], monkeypatch, stdin=b"caf\xe9") == 2
    assert "cannot read standard input: it is not UTF-8 text" in capsys.readouterr().err


def test_bad_usage_exits_two(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        run_lint(["--part", "apology"], monkeypatch)
    assert caught.value.code == 2
    assert "invalid choice: 'apology'" in capsys.readouterr().err


def test_the_amends_command_line_runs_lint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = pytest.importorskip("planner.cli.main")
    main = cli.main
    parser = cli.build_parser()
    assert "lint" in parser._subparsers._group_actions[0].choices, "amends lint is missing"  # type: ignore[union-attr]
    assert main(["lint", _write(tmp_path, WEAK), "--json"]) == 1
    assert [f["category"] for f in json.loads(capsys.readouterr().out)] == [
        "conditional", "passive"
    ]
    assert main(["lint", _write(tmp_path, GOOD, "good.txt")]) == 0
