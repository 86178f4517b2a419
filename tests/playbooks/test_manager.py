"""The Playbooks dialog driven with qtbot: duplicate, edit with checks, delete, export, import."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from sqlite_utils import Database

from planner.playbooks import dump_playbook, load_builtin_playbooks, parse_playbook
from planner.playbooks.db_store import DbPlaybookStore
from tests.gui_helpers import show_main_window
from ui.playbooks import files as playbook_files
from ui.playbooks.editor import PlaybookEditor, friendly_place
from ui.playbooks.manager import PlaybookManager

LATE = next(p for p in load_builtin_playbooks() if p.key == "late-delivery")


@pytest.fixture
def manager(qtbot, db: Database, tmp_path: Path) -> PlaybookManager:
    dialog = PlaybookManager(db, tmp_path)
    qtbot.addWidget(dialog)
    return dialog


def answer_file(monkeypatch: pytest.MonkeyPatch, name: str, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: (str(path), "")))


def test_builtins_can_be_copied_not_changed(manager: PlaybookManager) -> None:
    manager.select("late-delivery")
    assert manager.current() == LATE
    assert "Visit agenda" in manager.view.toPlainText()
    assert LATE.remedy_options[0].title in manager.view.toPlainText()
    assert not manager.buttons["edit"].isEnabled() and not manager.buttons["delete"].isEnabled()
    assert manager.buttons["duplicate"].isEnabled()
    assert manager.delete() is False and manager.edit() is None

    copy = manager.duplicate()
    assert copy is not None and copy.name == "Late delivery (2)"
    assert manager.current_key() == copy.key == "late-delivery-2"
    assert manager.buttons["edit"].isEnabled() and manager.buttons["delete"].isEnabled()
    assert DbPlaybookStore(manager.store.db).list_user() == [copy]


def test_editing_checks_every_field_and_shows_the_places(
    manager: PlaybookManager, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager.select("late-delivery")
    copy = manager.duplicate()
    assert copy is not None
    shown: list[list[str]] = []

    def fill_in(editor: PlaybookEditor) -> int:
        editor.name.setText("Billing ERROR")  # a built-in's name
        editor.boxes["agenda"].setPlainText("\nSay sorry first\n\nAsk what happened\nsay sorry  FIRST")
        cadence = editor.tables["cadence"]
        cadence.table.item(1, 1).setText("3 weeks")
        editor.try_save()
        shown.append([editor.problems.item(i).text() for i in range(editor.problems.count())])
        assert editor.problems.isVisibleTo(editor) and editor.result() == 0
        editor.problems.itemClicked.emit(editor.problems.item(2))
        assert editor.tabs.tabText(editor.tabs.currentIndex()) == "Follow-ups"
        assert cadence.table.currentRow() == 1 and cadence.table.currentColumn() == 1
        editor.name.setText("Team late delivery")
        editor.boxes["agenda"].setPlainText("Say sorry first\n\nAsk what happened\n")
        cadence.table.item(1, 1).setText("P21D")
        editor.try_save()
        return editor.result()

    monkeypatch.setattr(PlaybookEditor, "exec", fill_in)
    saved = manager.edit()
    assert shown == [[
        "Name: another playbook already has this name; choose a different one",
        "Agenda, line 5: repeats Agenda, line 2",  # lines as typed, blank ones too
        'Follow-up cadence, row 2, After (e.g. P2D): "3 weeks" is not a duration like P21D',
    ]]
    assert saved is not None and saved.key == copy.key
    [stored] = manager.store.list_user()
    assert stored == saved and stored.name == "Team late delivery"
    assert stored.agenda == ("Say sorry first", "Ask what happened")
    assert stored.cadence[1].offset == "P21D"
    assert stored.remedy_options == LATE.remedy_options  # untouched sections survive the form
    assert stored.cadence[0] == LATE.cadence[0] and stored.severity_guide == LATE.severity_guide


def test_the_editor_round_trips_a_playbook_unchanged(qtbot) -> None:
    mine = dataclasses.replace(LATE, key="mine", name="Mine", builtin=False)
    editor = PlaybookEditor(mine, ["Late delivery"])
    qtbot.addWidget(editor)
    assert editor.check() == []
    assert editor.edited_playbook() == mine
    assert friendly_place("remedy_options[0].approver") == "Remedy options, row 1, Who approves"


def test_delete_asks_first(manager: PlaybookManager, monkeypatch: pytest.MonkeyPatch) -> None:
    manager.select("general")
    copy = manager.duplicate()
    assert copy is not None
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    assert manager.delete() is False
    assert manager.store.list_user() == [copy]
    assert manager.delete() is True
    assert manager.store.list_user() == [] and copy.name in asked[0]


def test_export_then_import_through_the_dialog(
    manager: PlaybookManager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shared" / "late.toml"
    path.parent.mkdir()
    manager.select("late-delivery")
    answer_file(monkeypatch, "getSaveFileName", path)
    assert manager.export() == path
    assert parse_playbook(path.read_bytes()) == dataclasses.replace(LATE, builtin=False)

    answer_file(monkeypatch, "getOpenFileName", path)
    modes = iter([None, "keep-both"])
    monkeypatch.setattr(playbook_files, "ask_clash", lambda _p, _n, builtin: next(modes))
    assert manager.import_file() is None  # cancelled at the name clash
    assert manager.store.list_user() == []
    imported = manager.import_file()
    assert imported is not None and imported.name == "Late delivery (2)"
    assert manager.current_key() == imported.key


def test_an_invalid_file_shows_every_problem_and_changes_nothing(
    manager: PlaybookManager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = dump_playbook(dataclasses.replace(LATE, name="Team", key="team")).decode()
    path = tmp_path / "bad.toml"
    path.write_text(text.replace('"P1M"', '"3 weeks"').replace('"low"', '"tiny"'))
    answer_file(monkeypatch, "getOpenFileName", path)
    shown: list[str] = []

    def show(dialog: QDialog) -> int:
        shown.append(dialog.details.toPlainText())
        return 0

    monkeypatch.setattr(playbook_files.ProblemsDialog, "exec", show)
    assert manager.import_file() is None
    assert shown[0].splitlines() == [
        'severity_guide[0].level: "tiny" is not one of low, medium, high, critical',
        'cadence[3].offset: "3 weeks" is not a duration like P21D',
    ]
    assert manager.store.list_user() == []


def test_a_clash_with_your_own_playbook_can_replace_it(
    manager: PlaybookManager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = dataclasses.replace(LATE, key="team", name="Team", builtin=False)
    manager.store.save(mine)
    newer = dataclasses.replace(mine, key="elsewhere", when_to_use="The new wording for all.")
    path = tmp_path / "team.toml"
    path.write_bytes(dump_playbook(newer))
    answer_file(monkeypatch, "getOpenFileName", path)
    monkeypatch.setattr(playbook_files, "ask_clash", lambda _p, _n, builtin: "replace")
    assert manager.import_file() is not None
    [stored] = manager.store.list_user()
    assert stored.key == "team" and stored.when_to_use == "The new wording for all."


def test_ctrl_shift_p_opens_the_dialog_and_changes_reach_the_page(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt


    window = show_main_window(qtbot, data_dir)
    opened: list[PlaybookManager] = []

    def run(dialog: PlaybookManager) -> int:
        opened.append(dialog)
        dialog.select("late-delivery")
        dialog.duplicate()
        return 0

    monkeypatch.setattr(PlaybookManager, "exec", run)
    qtbot.keyClick(window, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(opened) == 1
    window.workspace.show_step("what")
    combo = window.workspace.pages["what"].failure_type
    assert combo.findData("late-delivery-2") >= 0  # the copy can be chosen at once
    window.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.timeout(30)
def test_a_pipe_chosen_in_the_dialog_is_refused_at_once(
    manager: PlaybookManager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "shared.toml"
    os.mkfifo(fifo)
    answer_file(monkeypatch, "getOpenFileName", fifo)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    assert manager.import_file() is None
    assert f"{fifo} is a named pipe, not a file" in warned[0] and "Nothing was imported" in warned[0]
    assert manager.store.list_user() == []
