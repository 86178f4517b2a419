"""`amends lint`: output lines, the JSON shape, exit codes, the whole-apology verdict, and input
that is refused at once (not a file, too long, not UTF-8)."""
from __future__ import annotations

import argparse
import io
import json
import os
import socket
import sys
from pathlib import Path

import pytest

from planner.apology.checker.finding import JSON_KEYS
from planner.cli import lint as command

WEAK = "Dear Ms Keller,\nI'm sorry if the delay caused you any trouble.\nMistakes were made.\n"
GOOD = (
    "I am sorry. I shipped the wrong parts and did not check them. I will replace them by "
    "Friday 10:00 and call you on Monday to check they fit.\n"
)
# A lame email in the shape the issue describes: it announces an apology, blames a logistics
# partner and the weather, and promises only to look into it.
LAME_EMAIL = """Dear customer,

On behalf of the whole company I would like to extend our apology for the late delivery.
Our logistics partner failed to deliver on time, and the storm was beyond our control.
We are looking into the matter.

Kind regards,
The service team
"""


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
    # Then the verdict on the whole apology, spanning all of it.
    assert out[2].startswith("1:1-3:20 error missing-ownership: ")
    assert out[3].startswith("1:1-3:20 error missing-remedy: ")
    assert out[-1].endswith("draft.txt: 4 problems (3 errors, 1 warning).")


def test_json_output_is_an_array_with_exactly_the_six_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_lint([_write(tmp_path, WEAK), "--json"], monkeypatch)
    findings = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [f["category"] for f in findings] == [
        "conditional", "passive", "missing-ownership", "missing-remedy"
    ]
    for finding in findings:
        assert tuple(finding) == JSON_KEYS
        assert finding["suggestion"]
    assert [WEAK[f["start"] : f["end"]] for f in findings[:2]] == [
        "sorry if", "Mistakes were made"
    ]


def test_a_good_apology_exits_zero_and_a_lame_email_exits_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_lint([_write(tmp_path, GOOD)], monkeypatch) == 0
    assert capsys.readouterr().out.strip().endswith("no problems found.")
    assert run_lint([_write(tmp_path, LAME_EMAIL, "lame.txt"), "--json"], monkeypatch) == 1
    found = {(f["category"], f["severity"]) for f in json.loads(capsys.readouterr().out)}
    assert {"announcing", "blame-others", "excuse", "vague"} <= {c for c, _ in found}
    assert ("missing-ownership", "error") in found and ("missing-remedy", "error") in found


def test_warnings_alone_exit_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD + "Thank you for your patience.\n"
    assert run_lint([_write(tmp_path, text), "--json"], monkeypatch) == 0
    assert {f["severity"] for f in json.loads(capsys.readouterr().out)} == {"warning"}


def test_part_runs_only_that_parts_check(
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
    assert len(json.loads(capsys.readouterr().out)) == 4


def test_byte_order_mark_and_crlf_are_handled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "\ufeffHello.\r\nSorry if it hurt.\r\n".encode())
    assert run_lint([path], monkeypatch) == 1
    assert capsys.readouterr().out.startswith("2:1-2:9 error conditional: ")


def _refused(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    return captured.err


def test_missing_file_fails_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nope.txt")
    assert run_lint([missing], monkeypatch) == 2
    assert _refused(capsys).startswith(
        f"amends lint: cannot read {missing}: there is no such file"
    )


def test_a_folder_or_non_utf8_file_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_lint([str(tmp_path)], monkeypatch) == 2
    err = _refused(capsys)
    assert f"cannot read {tmp_path}: it is a folder, not a text file" in err
    latin1 = _write(tmp_path, "Entschuldigung für die Verspätung".encode("latin-1"), "l1.txt")
    assert run_lint([latin1], monkeypatch) == 2
    err = _refused(capsys)
    assert f"cannot read {latin1}: it is not UTF-8 text" in err
    assert "Save it as UTF-8" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "draft.fifo"
    os.mkfifo(fifo)
    # Opening a FIFO for reading blocks until a writer comes; nobody ever writes to this one,
    # so returning at all shows the pipe was never opened.
    assert run_lint([str(fifo)], monkeypatch) == 2
    err = _refused(capsys)
    assert f"cannot read {fifo}: it is a pipe (FIFO), not a text file" in err
    assert "Give the path of a text file" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_refused_unread(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the device was opened")

    monkeypatch.setattr(os, "open", no_reading)
    assert run_lint(["/dev/zero"], monkeypatch) == 2
    assert "cannot read /dev/zero: it is a device, not a text file" in _refused(capsys)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert run_lint([str(path)], monkeypatch) == 2
    assert "it is a socket, not a text file" in _refused(capsys)


def test_a_file_over_the_limit_is_refused_and_read_no_further(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    big = _write(tmp_path, b"sorry if " * (command.INPUT_LIMIT // 9 + 2), "big.txt")
    assert run_lint([big], monkeypatch) == 2
    err = _refused(capsys)
    assert f"cannot check {big}: it is longer than 1 MB" in err


def test_standard_input_over_the_limit_is_refused_after_reading_just_past_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Endless(io.RawIOBase):
        """Like /dev/zero on standard input: it never ends, and counts what was asked for."""

        asked = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            Endless.asked += len(buffer)
            buffer[:] = b"a" * len(buffer)
            return len(buffer)

    stdin = io.TextIOWrapper(io.BufferedReader(Endless()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert run_lint(["-"], monkeypatch) == 2
    assert "cannot check standard input: it is longer than 1 MB" in _refused(capsys)
    assert Endless.asked <= command.INPUT_LIMIT + 64 * 1024


def test_input_at_the_limit_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = GOOD.encode()
    text = body + b" " * (command.INPUT_LIMIT - len(body))
    assert run_lint([_write(tmp_path, text)], monkeypatch) == 0
    assert "no problems found" in capsys.readouterr().out


def test_non_utf8_standard_input_fails_cleanly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_lint([], monkeypatch, stdin=b"caf\xe9") == 2
    assert "cannot read standard input: it is not UTF-8 text" in _refused(capsys)


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
    from planner.cli.main import build_parser, main

    parser = build_parser()
    assert "lint" in parser._subparsers._group_actions[0].choices, "amends lint is missing"  # type: ignore[union-attr]
    assert main(["lint", _write(tmp_path, WEAK), "--json"]) == 1
    assert [f["category"] for f in json.loads(capsys.readouterr().out)][:2] == [
        "conditional", "passive"
    ]
    assert main(["lint", _write(tmp_path, GOOD, "good.txt")]) == 0
