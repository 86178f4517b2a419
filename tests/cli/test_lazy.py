"""The command line imports a subcommand's module only when argv names it; help and parsing stay whole."""
from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main as cli
from ui.startup import launcher, smoke

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["sample", "agenda", "export-ics", "backup", "customer", "playbook", "lint", "brief"]
# Modules that opening the app (no subcommand) must not import.
COMMAND_MODULES = [
    "planner.cli.agenda", "planner.cli.export_ics", "planner.cli.backup",
    "planner.cli.customer", "planner.playbooks", "planner.apology.checker", "ui.visits.brief_command",
    "sqlite_utils", "planner.store.db", "PySide6",
]
WEAK = "We're sorry if you feel upset, but the courier lost the parcel.\n"

# Runs `amends ARGV` in a fresh interpreter through the real launcher, the GUI replaced by a
# stub (no Qt, no window); its last line says what the stub got and which watched modules loaded.
PROBE = """
import json, sys, types
app = types.ModuleType("ui.startup.gui")
seen = {}
def run_gui(args):
    seen.update(vars(args))
    return 0
app.run_gui = run_gui
sys.modules["ui.startup.gui"] = app
from ui.startup.launcher import main
try:
    status = main(json.loads(sys.argv[1]))
except SystemExit as exc:  # --help
    status = exc.code
watched = json.loads(sys.argv[2])
loaded = [m for m in watched if m in sys.modules]
print(json.dumps({"status": status, "args": seen, "loaded": loaded}))
"""


def probe(argv: list[str]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(COMMAND_MODULES)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return answer


def lazy_commands() -> list[cli.LazyCommand]:
    every = [*cli.planner_registrars(), *launcher.UI_COMMANDS]
    return [c for c in every if isinstance(c, cli.LazyCommand)]


def test_opening_the_app_imports_no_command_module(tmp_path: Path) -> None:
    answer = probe(["--data-dir", str(tmp_path)])
    assert answer["loaded"] == []
    assert answer["status"] == 0
    assert answer["args"] == {"command": None, "data_dir": str(tmp_path), "smoke_test": False}


def test_top_level_help_imports_no_command_module() -> None:
    answer = probe(["--help"])
    assert answer["status"] == 0 and answer["loaded"] == []


def test_a_command_imports_its_own_module_only() -> None:
    answer = probe(["lint", "--help"])
    assert answer["status"] == 0 and answer["loaded"] == ["planner.apology.checker"]


def test_every_name_in_argv_is_loaded_even_as_an_option_value() -> None:
    answer = probe(["--data-dir", "playbook", "--help"])
    assert answer["loaded"] == ["planner.playbooks"]


def test_help_lists_every_command_as_the_fully_loaded_parser_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        launcher.main(["--help"])
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    listed = [line.split()[0] for line in shown.splitlines() if line.startswith("    ")]
    assert [name for name in listed if name in COMMANDS] == COMMANDS
    assert "--smoke-test" in shown and "--data-dir DIR" in shown
    full = cli.build_parser(launcher.UI_COMMANDS)  # no argv: every module imported
    launcher.add_smoke_option(full)
    assert shown == full.format_help()


@pytest.mark.parametrize("command", lazy_commands(), ids=lambda c: c.name)
def test_a_placeholder_has_the_name_and_help_of_its_command(command: cli.LazyCommand) -> None:
    real = argparse.ArgumentParser().add_subparsers()
    command.load()(real)
    placeholder = cli.build_parser(launcher.UI_COMMANDS, argv=["--help"])._subparsers
    assert placeholder is not None
    choices = {a.dest: a.help for a in placeholder._group_actions[0]._choices_actions}  # type: ignore[attr-defined]
    assert list(real.choices) == [command.name]
    assert choices[command.name] == real._choices_actions[0].help


def test_a_command_shows_its_own_full_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        launcher.main(["lint", "--help"])
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    assert "usage: amends lint [-h]" in shown and "--json" in shown and "--data-dir DIR" in shown
    assert "Check an apology text for weak spots" in shown


def test_lint_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(WEAK))
    assert launcher.main(["lint", "--json", "-"]) == 1
    categories = [f["category"] for f in json.loads(capsys.readouterr().out)]
    assert "conditional" in categories


def test_argv_defaults_to_the_process_arguments(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["amends", "lint", "--json"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(WEAK))
    assert launcher.main() == 1
    assert json.loads(capsys.readouterr().out)


def test_sample_then_agenda_use_the_data_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path / "data")
    assert launcher.main(["sample", "--data-dir", folder]) == 0
    assert "Added the sample incident" in capsys.readouterr().out
    assert (tmp_path / "data" / "amends.db").is_file()
    assert launcher.main(["--data-dir", folder, "customer", "list"]) == 0
    assert capsys.readouterr().out.strip()


def test_a_data_folder_named_like_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert launcher.main(["--data-dir", "lint", "sample"]) == 0
    assert (tmp_path / "lint" / "amends.db").is_file()
    assert launcher.main(["backup", "--data-dir", "lint", "now"]) == 0
    assert "Added the sample incident" in capsys.readouterr().out
    seen: list[argparse.Namespace] = []

    def open_app(args: argparse.Namespace) -> int:
        seen.append(args)
        return 5

    assert cli.main(["--data-dir", "lint"], default=open_app) == 5
    assert seen[0].command is None and seen[0].data_dir == "lint"


def test_plain_registrars_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        hello = subparsers.add_parser("hello", help="say hello")
        hello.add_argument("--name", default="you")
        hello.set_defaults(func=lambda args: print(f"hello {args.name}") or 0)

    assert cli.main(["hello", "--name", "Ann"], extra=[register]) == 0
    assert capsys.readouterr().out == "hello Ann\n"
    assert "hello" in cli.build_parser([register], argv=["--help"]).format_help()


def test_the_smoke_flag_still_runs_the_smoke_test(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(smoke, "run_smoke_test", lambda: 42)
    assert launcher.main(["--smoke-test"]) == 42


@pytest.mark.parametrize(("argv", "expected"), [
    ([], False),
    (["--data-dir", "lint"], False),  # a folder named like a command is the option's value
    (["--data-dir=/tmp/x", "--smoke-test"], False),
    (["--version"], False),
    (["--data-dir", "/tmp/x", "lint"], True),
    (["nope"], True),  # a misspelt command: argparse must list the real ones
    (["-h"], True),
    (["--", "x"], True),
])
def test_names_a_command(argv: list[str], expected: bool) -> None:
    assert cli.names_a_command(argv) is expected


def test_opening_the_app_still_takes_its_options_without_the_subcommand_parsers(tmp_path: Path) -> None:
    seen: list[argparse.Namespace] = []
    assert cli.main(["--data-dir", str(tmp_path)], default=lambda a: seen.append(a) or 0) == 0
    assert seen[0].data_dir == str(tmp_path) and seen[0].command is None


def test_a_misspelt_command_is_refused_with_the_real_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["agendaa"], default=lambda a: 0)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'agendaa'" in err and "'agenda'" in err and "'lint'" in err


def test_a_plain_start_runs_the_default_with_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[argparse.Namespace] = []
    monkeypatch.setattr(cli, "build_parser", lambda *a, **k: pytest.fail("nothing to parse"))
    assert cli.main([], default=lambda a: seen.append(a) or 0) == 0
    [args] = seen
    assert args.command is None and getattr(args, "data_dir", None) is None
    assert not getattr(args, "smoke_test", False)


def test_a_plain_start_still_turns_a_data_error_into_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    def failing(_args: argparse.Namespace) -> int:
        raise PermissionError(13, "Permission denied", "/nowhere/amends.db")

    assert cli.main([], default=failing) == 1
    assert "/nowhere/amends.db" in capsys.readouterr().err
