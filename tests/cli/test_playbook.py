"""`amends playbook list|export|import` against an in-memory store."""
from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import pytest

from planner.cli.playbook import register, run
from planner.playbooks import (
    MemoryPlaybookStore,
    dump_playbook,
    load_builtin_playbooks,
    parse_playbook,
)


def amends(argv: list[str], store: MemoryPlaybookStore | None) -> int:
    parser = argparse.ArgumentParser(prog="amends")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    assert args.func is run
    return run(args, store)


@pytest.fixture
def store() -> MemoryPlaybookStore:
    return MemoryPlaybookStore()


def test_list_prints_one_playbook_a_line_name_first(
    store: MemoryPlaybookStore, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = dataclasses.replace(load_builtin_playbooks()[0], key="mine", name="Mine")
    store.save(mine)
    assert amends(["playbook", "list"], store) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9
    assert lines[-1].split("\t")[:3] == ["Mine", "mine", "yours"]
    assert lines[0].startswith("Billing error\tbilling-error\tbuilt-in")


def test_export_then_import_keeping_both(
    store: MemoryPlaybookStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "late.toml"
    assert amends(["playbook", "export", "late DELIVERY", "-o", str(out)], store) == 0
    assert parse_playbook(out.read_bytes()).name == "Late delivery"
    assert amends(["playbook", "import", str(out)], store) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--keep-both" in err and "cannot be replaced" in err
    assert store.list_user() == []
    assert amends(["playbook", "import", str(out), "--replace"], store) == 1
    assert amends(["playbook", "import", str(out), "--keep-both"], store) == 0
    [saved] = store.list_user()
    assert (saved.name, saved.key) == ("Late delivery (2)", "late-delivery-2")
    assert 'as "Late delivery (2)"' in capsys.readouterr().out


def test_import_replaces_your_own_playbook(
    store: MemoryPlaybookStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = dataclasses.replace(load_builtin_playbooks()[0], key="team", name="Team way")
    store.save(base)
    changed = dataclasses.replace(base, key="elsewhere", when_to_use="The manager's new wording.")
    path = tmp_path / "team.toml"
    path.write_bytes(dump_playbook(changed))
    assert amends(["playbook", "import", str(path)], store) == 1
    assert "--replace or --keep-both" in capsys.readouterr().err
    assert amends(["playbook", "import", str(path), "--replace"], store) == 0
    [saved] = store.list_user()
    assert saved.key == "team" and saved.when_to_use == "The manager's new wording."


def test_refused_import_prints_every_problem(
    store: MemoryPlaybookStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = dump_playbook(load_builtin_playbooks()[0]).decode()
    text = text.replace('offset = "P1M"', 'offset = "3 weeks"').replace('"low"', '"tiny"')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    assert amends(["playbook", "import", str(path)], store) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith(f"amends: refused {path}: nothing was imported")
    assert err[:-1] == [
        '  severity_guide[0].level: "tiny" is not one of low, medium, high, critical',
        '  cadence[2].offset: "3 weeks" is not a duration like P21D',
        '  cadence[3].offset: "3 weeks" is not a duration like P21D',
    ]
    assert store.list_user() == []


def test_errors_are_messages_not_tracebacks(
    store: MemoryPlaybookStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert amends(["playbook", "export", "Nope", "-o", str(tmp_path / "x.toml")], store) == 1
    assert 'amends: no playbook is named "Nope"' in capsys.readouterr().err
    assert amends(["playbook", "import", str(tmp_path / "missing.toml")], store) == 1
    assert "missing.toml does not exist" in capsys.readouterr().err
    target = tmp_path / "no" / "such" / "dir.toml"
    assert amends(["playbook", "export", "general", "-o", str(target)], store) == 1
    assert "could not write" in capsys.readouterr().err


def test_export_to_stdout(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert amends(["playbook", "export", "general", "-o", "-"], MemoryPlaybookStore()) == 0
    assert parse_playbook(capfdbinary.readouterr().out).key == "general"
