"""User playbooks in the database: DbPlaybookStore, and `amends playbook` on a real data folder."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlite_utils import Database

from planner.cli.main import main
from planner.playbooks import (
    NameClashError,
    Playbook,
    PlaybookImportError,
    dump_playbook,
    load_builtin_playbooks,
    parse_playbook,
)
from planner.playbooks.db_store import DbPlaybookStore
from planner.store.db import open_data_dir

LATE = next(p for p in load_builtin_playbooks() if p.key == "late-delivery")


def mine(key: str = "team-late", name: str = "Team late delivery") -> Playbook:
    return dataclasses.replace(LATE, key=key, name=name, builtin=False)


def amends(data_dir: Path, *argv: str) -> int:
    return main(["playbook", *argv, "--data-dir", str(data_dir)])


def stored_rows(data_dir: Path) -> list[dict[str, object]]:
    db = open_data_dir(data_dir)
    try:
        return list(db["playbooks"].rows)
    finally:
        db.close()


def test_save_list_replace_and_delete_round_trip(db: Database) -> None:
    store = DbPlaybookStore(db)
    assert store.list_user() == []
    store.save(mine())
    assert store.list_user() == [mine()]
    changed = dataclasses.replace(mine(), when_to_use="The team's own wording, agreed in March.")
    store.save(changed)
    assert store.list_user() == [changed]
    assert db["playbooks"].count == 1
    assert store.get("team-late") == changed and store.get("nope") is None
    store.delete("team-late")
    store.delete("team-late")  # deleting twice is harmless
    assert store.list_user() == []


def test_a_second_playbook_with_the_same_name_is_refused(db: Database) -> None:
    store = DbPlaybookStore(db)
    store.save(mine())
    with pytest.raises(NameClashError):
        store.save(mine(key="other", name="TEAM  late Delivery"))
    assert store.list_user() == [mine()]


def test_an_invalid_playbook_is_never_stored(db: Database) -> None:
    store = DbPlaybookStore(db)
    with pytest.raises(PlaybookImportError) as refused:
        store.save(dataclasses.replace(mine(), name="", agenda=("Say sorry", "say  SORRY")))
    places = [problem.place for problem in refused.value.problems]
    assert places == ["name", "agenda[1]"]
    assert db["playbooks"].count == 0


def test_a_row_that_no_longer_reads_is_reported_not_fatal(db: Database) -> None:
    store = DbPlaybookStore(db)
    store.save(mine())
    newer = dump_playbook(mine(key="future", name="From the future")).decode()
    newer = newer.replace("schema_version = 1", "schema_version = 7")
    with db.atomic():
        db["playbooks"].insert(
            {"key": "future", "name": "From the future", "toml": newer, "updated_at": "x"}
        )
    assert store.list_user() == [mine()]
    [bad] = store.unreadable
    assert (bad.key, bad.name) == ("future", "From the future")
    assert "newer Amends" in bad.message() and "From the future" in bad.message()


def test_cli_import_then_list_shows_it(data_dir: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "team.toml"
    path.write_bytes(dump_playbook(mine()))
    assert amends(data_dir, "import", str(path)) == 0
    capsys.readouterr()
    assert amends(data_dir, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9
    assert "Team late delivery\tteam-late\tyours\tLate delivery" in lines


def test_cli_export_then_import_is_equal(data_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    first.write_bytes(dump_playbook(mine()))
    assert amends(data_dir, "import", str(first)) == 0
    assert amends(data_dir, "export", "team LATE delivery", "-o", str(second)) == 0
    assert parse_playbook(second.read_bytes()) == mine()
    assert second.read_bytes() == first.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left over


def test_cli_invalid_file_changes_nothing(data_dir: Path, tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.toml"
    good.write_bytes(dump_playbook(mine()))
    assert amends(data_dir, "import", str(good)) == 0
    before = stored_rows(data_dir)
    text = dump_playbook(mine(key="broken", name="Broken")).decode()
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('"P1M"', '"3 weeks"').replace('"visit"', '"lunch"', 1))
    capsys.readouterr()
    assert amends(data_dir, "import", str(bad), "--keep-both") == 1
    err = capsys.readouterr().err
    assert 'cadence[0].anchor: "lunch" is not one of' in err
    assert 'cadence[3].offset: "3 weeks" is not a duration like P21D' in err
    assert "nothing was imported" in err
    assert stored_rows(data_dir) == before


def test_cli_clash_refuses_without_a_choice(data_dir: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "team.toml"
    path.write_bytes(dump_playbook(mine()))
    assert amends(data_dir, "import", str(path)) == 0
    newer = tmp_path / "newer.toml"
    newer.write_bytes(dump_playbook(dataclasses.replace(mine(), when_to_use="Newer wording.")))
    capsys.readouterr()
    assert amends(data_dir, "import", str(newer)) == 1
    assert "--replace or --keep-both" in capsys.readouterr().err
    assert [r["key"] for r in stored_rows(data_dir)] == ["team-late"]

    assert amends(data_dir, "import", str(newer), "--keep-both") == 0
    assert amends(data_dir, "import", str(newer), "--replace") == 0
    db = open_data_dir(data_dir)
    try:
        user = {p.name: p.when_to_use for p in DbPlaybookStore(db).list_user()}
    finally:
        db.close()
    assert user == {"Team late delivery": "Newer wording.",
                    "Team late delivery (2)": "Newer wording."}


def test_cli_list_reports_an_unreadable_row(data_dir: Path, capsys) -> None:
    db = open_data_dir(data_dir)
    with db.atomic():
        db["playbooks"].insert({"key": "k", "name": "Half", "toml": "name = ", "updated_at": "x"})
    db.close()
    assert amends(data_dir, "list") == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 8
    assert 'Your playbook "Half" could not be read' in captured.err
