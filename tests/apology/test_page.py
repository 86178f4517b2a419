"""The Apology step in the real main window: underlines, fixes, dismissals, preview."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat
from PySide6.QtWidgets import QInputDialog, QToolTip

from planner.apology.script import cue
from planner.apology.service import get_apology
from tests.gui_helpers import show_main_window
from ui.apology.highlighter import SEVERITY_COLOURS
from ui.apology.page import ApologyPage
from ui.window.main_window import MainWindow


@pytest.fixture(autouse=True)
def _lint_in_the_keystroke(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short texts are checked inside the keystroke however busy the machine is, so a test
    reads the findings at once; the tests of the slow path set their own threshold."""
    import ui.apology.highlighter as highlighter_module

    monkeypatch.setattr(highlighter_module, "SLOW_LINT_MS", 10_000.0)


def open_apology(qtbot, data_dir: Path) -> tuple[MainWindow, ApologyPage]:
    window = show_main_window(qtbot, data_dir)
    incident_id = window.list_panel.model.row_at(0).id
    nav = getattr(window, "nav", None)
    if nav is not None:  # Today is the home page; open the incident on its apology step
        nav.open_incident(incident_id, "apology")
    else:
        window.list_panel.select(incident_id)
        window.workspace.show_step("apology")
    page = window.workspace.pages["apology"]
    assert isinstance(page, ApologyPage) and page.isVisible()
    return window, page


def underlines(editor, block_number: int) -> list[tuple[int, int, str]]:
    """(start in block, length, colour) of every wavy underline the highlighter put on a block."""
    block = editor.document().findBlockByNumber(block_number)
    return [
        (r.start, r.length, r.format.underlineColor().name())
        for r in block.layout().formats()
        if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    ]


def test_highlighter_marks_the_exact_characters_of_a_finding(qtbot, data_dir: Path) -> None:
    _window, page = open_apology(qtbot, data_dir)
    regret = page.editors["regret"]
    regret.editor.setPlainText("I am sorry I sent the wrong caps.\nWe are sorry for any inconvenience 😀 today.")
    (finding,) = [f for f in regret.findings() if f.category == "cliche"]
    block = regret.editor.document().findBlockByNumber(1)
    start = finding.start - block.position()
    assert regret.text()[finding.start:finding.end].startswith("for any inconvenience")
    colour = SEVERITY_COLOURS[finding.severity]
    assert (start, finding.end - finding.start, colour) in underlines(regret.editor, 1)
    assert underlines(regret.editor, 0) == []
    # Typing in the first block shifts nothing in the second and keeps it marked.
    regret.editor.moveCursor(regret.editor.textCursor().MoveOperation.Start)
    qtbot.keyClicks(regret.editor, "Dana, ")
    assert (start, finding.end - finding.start, colour) in underlines(regret.editor, 1)


def test_whole_part_finding_appears_and_clears_in_every_block(qtbot, data_dir: Path) -> None:
    _window, page = open_apology(qtbot, data_dir)
    regret = page.editors["regret"]
    regret.editor.setPlainText("The order was a day late.\nYour crew waited.")
    assert underlines(regret.editor, 0) and underlines(regret.editor, 1)  # missing-sorry
    regret.editor.moveCursor(regret.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(regret.editor, " I am sorry.")
    assert underlines(regret.editor, 0) == [] and underlines(regret.editor, 1) == []


def test_hovering_an_underline_explains_it(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    # The offscreen platform warns when a real tooltip window is raised; record it instead.
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_rest: shown.append(text))
    _window, page = open_apology(qtbot, data_dir)
    regret = page.editors["regret"]
    regret.editor.setPlainText("We are sorry for any inconvenience.")
    (finding,) = [f for f in regret.findings() if f.category == "cliche"]
    cursor = regret.editor.textCursor()
    cursor.setPosition(finding.start + 3)
    point = regret.editor.cursorRect(cursor).center()
    viewport = regret.editor.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    assert regret.tips.eventFilter(viewport, event)
    (tip,) = shown
    assert finding.message[:20] in tip and "Why:" in tip and "Try:" in tip
    far = QPoint(viewport.width() - 2, viewport.height() - 2)  # past the end of the text
    hover = QHelpEvent(QEvent.Type.ToolTip, far, viewport.mapToGlobal(far))
    regret.tips.eventFilter(viewport, hover)
    assert len(shown) == 1


def test_checklist_score_rises_as_you_type(qtbot, data_dir: Path) -> None:
    _window, page = open_apology(qtbot, data_dir)
    score = page.checklist_view.score

    def shows(text: str) -> None:
        # The checklist follows the text once typing pauses (a few tens of milliseconds).
        qtbot.waitUntil(lambda: score.text().startswith(text), timeout=2000)

    for part in ("regret", "responsibility", "remedy"):
        page.editors[part].editor.clear()
    shows("0/7")
    qtbot.keyClicks(page.editors["regret"].editor, "I am sorry your crew waited all Monday.")
    shows("2/7")
    qtbot.keyClicks(page.editors["responsibility"].editor, "We sent it late; that is our error.")
    qtbot.keyClicks(page.editors["remedy"].editor, "I will bring the caps on Friday")
    shows("6/7")
    qtbot.keyClicks(page.editors["remedy"].editor, " and call you Monday to check.")
    shows("7/7")
    assert page.checklist_view.labels[-1].text() == "Says when we will check back"


def _select_row(page: ApologyPage, part: str, rule_id: str) -> int:
    page.refresh_now()
    rows = page.findings_panel._rows
    index = next(i for i, (p, f, _) in enumerate(rows) if p == part and f.rule_id == rule_id)
    page.findings_panel.list.setCurrentRow(index)
    return index


def test_apply_fix_replaces_the_words_and_ctrl_z_undoes_it(qtbot, data_dir: Path) -> None:
    _window, page = open_apology(qtbot, data_dir)
    regret = page.editors["regret"]
    regret.editor.setPlainText("We regret the delay to your order.")
    regret.editor.document().clearUndoRedoStacks()
    _select_row(page, "regret", "regret-we-regret")
    assert page.findings_panel.apply_button.isEnabled()
    qtbot.mouseClick(page.findings_panel.apply_button, Qt.MouseButton.LeftButton)
    assert regret.text() == "We're sorry for the delay to your order."
    assert not [f for f in regret.findings() if f.category == "regret-not-sorry"]
    qtbot.keyClick(regret.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert regret.text() == "We regret the delay to your order."


def test_a_fix_that_needs_their_words_selects_a_prompt_to_type_over(
    qtbot, data_dir: Path
) -> None:
    _window, page = open_apology(qtbot, data_dir)
    regret = page.editors["regret"]
    original = "I am sorry for any inconvenience caused."
    regret.editor.setPlainText(original)
    regret.editor.document().clearUndoRedoStacks()
    _select_row(page, "regret", "cliche-any-inconvenience")
    page.findings_panel.apply_button.click()
    assert regret.text() == "I am sorry for [say what it cost them]."
    assert regret.editor.textCursor().selectedText() == "[say what it cost them]"
    qtbot.keyClicks(regret.editor, "the day your crew stood idle")
    assert regret.text() == "I am sorry for the day your crew stood idle."
    for _ in range(40):  # typing and the fix are separate steps on the undo stack
        if regret.text() == original:
            break
        qtbot.keyClick(regret.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert regret.text() == original


def test_apply_fix_is_off_where_no_exact_rewrite_exists(qtbot, data_dir: Path) -> None:
    _window, page = open_apology(qtbot, data_dir)
    page.editors["responsibility"].editor.setPlainText("Mistakes were made in billing.")
    _select_row(page, "responsibility", "passive-mistakes-were-made")
    assert not page.findings_panel.apply_button.isEnabled()
    assert page.findings_panel.dismiss_button.isEnabled()


def test_checklist_never_ticks_what_the_findings_deny(qtbot, data_dir: Path) -> None:
    _window, page = open_apology(qtbot, data_dir)
    page.editors["regret"].editor.setPlainText(
        "We regret any inconvenience this may have caused."
    )
    page.editors["responsibility"].editor.setPlainText(
        "Mistakes were made in billing, but our system had a glitch."
    )
    page.refresh_now()
    done = {item.key: item.done for item in page.checklist_view.checklist}
    found = {f.category for _part, f, _words in page.findings_panel._rows}
    assert not done["harm"] and not done["owns"] and not done["explains"]
    assert {"cliche", "passive", "missing-ownership", "excuse"} <= found
    # What the list shows is what the editors underline: one analysis for both.
    for part, editor in page.editors.items():
        assert [f for p, f, _w in page.findings_panel._rows if p == part] == editor.findings()


def test_clicking_a_finding_selects_its_words(qtbot, data_dir: Path) -> None:
    _window, page = open_apology(qtbot, data_dir)
    panel = page.findings_panel
    part, _finding, words = panel._rows[0]
    item = panel.list.item(0)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.list.visualItemRect(item).center())
    assert page.editors[part].editor.textCursor().selectedText() == words


def test_dismissals_need_a_reason_and_persist_across_restarts(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, page = open_apology(qtbot, data_dir)
    answers = iter([("", True), ("Dana used these words herself", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    panel = page.findings_panel
    index = next(i for i, (_p, f, _w) in enumerate(panel._rows) if f.category == "cliche")
    panel.list.setCurrentRow(index)
    panel.dismiss_button.click()
    assert not [f for f in page.editors["regret"].findings() if f.category == "cliche"]
    assert underlines(page.editors["regret"].editor, 0) == []
    assert panel.dismissed.count() == 1 and "Dana used" in panel.dismissed.item(0).text()
    window.close()

    again, page = open_apology(qtbot, data_dir)
    panel = page.findings_panel
    assert not [f for f in page.editors["regret"].findings() if f.category == "cliche"]
    assert panel.dismissed.count() == 1
    panel.dismissed.setCurrentRow(0)
    panel.restore_button.click()
    assert panel.dismissed.count() == 0
    assert [f for f in page.editors["regret"].findings() if f.category == "cliche"]
    again.close()


def test_preview_assembles_every_part_and_their_moments(qtbot, data_dir: Path) -> None:
    _window, page = open_apology(qtbot, data_dir)
    page.editors["remedy"].editor.setPlainText("I will bring the caps on Friday.")
    script = page.script()
    assert page.preview.text.isVisible() and script.startswith("Dana,")
    for part in ("regret", "responsibility", "remedy"):
        assert page.editors[part].text().strip()[:30] in script
    assert page.incident.moments[0].what.rstrip(".") in script
    # The close and the cues follow the checklist: "sorry again" only once sorry was said.
    page.refresh_now()
    done = {item.key: item.done for item in page.checklist_view.checklist}
    assert ("I am sorry again" in script) == done["sorry"]
    for key, ticked in done.items():
        assert (cue(key) in script) != ticked or key == "check_back" and page.apology.check_back


def test_typing_autosaves_and_fields_round_trip(qtbot, data_dir: Path) -> None:
    window, page = open_apology(qtbot, data_dir)
    page.editors["remedy"].editor.clear()
    qtbot.keyClicks(page.editors["remedy"].editor, "I will replace the units by Friday.")
    qtbot.keyClicks(page.plan.remedy_owner, "Priya")
    page.plan.check_back.enabled.setChecked(True)
    page.plan.channel.setCurrentIndex(page.plan.channel.findData("email_text"))
    assert page.banner.isVisible() and "email" in page.banner.text().lower()
    qtbot.waitUntil(lambda: "Saved" in window.saved_label.text(), timeout=3000)
    stored = get_apology(window.ctx.db, page.incident_id)
    assert stored.remedy == "I will replace the units by Friday."
    assert stored.remedy_owner == "Priya" and stored.check_back is not None
    assert stored.channel == "email_text"


def test_phrase_library_filters_and_inserts_at_the_last_cursor(qtbot, data_dir: Path) -> None:
    _window, page = open_apology(qtbot, data_dir)
    remedy = page.editors["remedy"]
    remedy.editor.setFocus()
    remedy.editor.moveCursor(remedy.editor.textCursor().MoveOperation.End)
    page.side_tabs.setCurrentWidget(page.phrases)
    qtbot.keyClicks(page.phrases.search, "dedicated van")
    assert len(page.phrases.visible_items()) == 1
    qtbot.keyClick(page.phrases.search, Qt.Key.Key_Return)
    assert remedy.text().endswith(" I have booked a dedicated van for [day]; it will be with you "
                                  "before [time].")
    qtbot.keyClicks(page.phrases.search, " zzz")
    assert page.phrases.empty.isVisible() and not page.phrases.list.isVisible()


def test_slow_lint_waits_for_a_pause_and_runs_off_the_gui_thread(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import ui.apology.highlighter as highlighter_module

    _window, page = open_apology(qtbot, data_dir)
    monkeypatch.setattr(highlighter_module, "SLOW_LINT_MS", -1.0)  # every lint counts as slow
    regret = page.editors["regret"]
    regret.editor.setPlainText("We are sorry for any inconvenience.")
    regret.highlighter.relint()
    assert regret.highlighter.slow
    (finding,) = [f for f in regret.findings() if f.category == "cliche"]
    calls: list[tuple[str, str]] = []
    linter, snapshot = regret.highlighter._linter, regret.highlighter._snapshot
    regret.highlighter._linter = lambda text: calls.append(("sync", text)) or linter(text)

    def recording(text: str):
        job = snapshot(text)
        return lambda: calls.append((threading.current_thread().name, text)) or job()

    regret.highlighter._snapshot = recording
    regret.editor.moveCursor(regret.editor.textCursor().MoveOperation.Start)
    qtbot.keyClicks(regret.editor, "Dana, ")
    assert calls == []  # no lint inside the keystrokes
    moved = (finding.start + 6, finding.end - finding.start, SEVERITY_COLOURS[finding.severity])
    assert moved in underlines(regret.editor, 0)
    qtbot.waitUntil(lambda: bool(calls), timeout=2000)  # the pause came: linted once
    regret.highlighter.wait_for_background()
    ((thread, text),) = calls
    assert thread.startswith("checker") and text.startswith("Dana, We are sorry")
    qtbot.waitUntil(lambda: regret.highlighter._text == regret.text(), timeout=2000)
    assert moved in underlines(regret.editor, 0)


def test_typing_before_the_rules_are_compiled_is_not_held_up(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.apology.highlighter as highlighter_module

    _window, page = open_apology(qtbot, data_dir)
    regret = page.editors["regret"]
    ready = [False]
    monkeypatch.setattr(highlighter_module, "warming", lambda: not ready[0])
    monkeypatch.setattr(highlighter_module, "checker_ready", lambda: ready[0])
    calls: list[str] = []
    linter = regret.highlighter._linter
    regret.highlighter._linter = lambda text: calls.append(text) or linter(text)
    regret.editor.clear()
    qtbot.keyClicks(regret.editor, "Sorry if it hurt.")
    assert calls == []  # the rules are still compiling: the keys went straight through
    ready[0] = True
    qtbot.waitUntil(lambda: bool(calls), timeout=2000)
    assert calls[-1] == "Sorry if it hurt."
    assert any(f.category == "conditional" for f in regret.findings())


def test_opening_the_page_saves_nothing(qtbot, data_dir: Path) -> None:
    window, page = open_apology(qtbot, data_dir)
    assert not window.ctx.autosaver.has_pending()  # redrawing underlines is not an edit
    before = get_apology(window.ctx.db, page.incident_id).updated_at
    page.editors["regret"].highlighter.relint()
    window.ctx.autosaver.flush()
    assert get_apology(window.ctx.db, page.incident_id).updated_at == before


def test_a_long_paste_is_checked_off_the_gui_thread_and_each_block_redrawn_once(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import ui.apology.highlighter as highlighter_module

    _window, page = open_apology(qtbot, data_dir)
    regret = page.editors["regret"]
    regret.editor.setPlainText("We are sorry for any inconvenience.")
    regret.highlighter.relint()
    assert not regret.highlighter.slow  # a short text: checked inside the keystroke
    calls: list[str] = []
    linter, snapshot = regret.highlighter._linter, regret.highlighter._snapshot
    regret.highlighter._linter = lambda text: calls.append("sync") or linter(text)
    regret.highlighter._snapshot = lambda text: (
        lambda job=snapshot(text): calls.append(threading.current_thread().name) or job())
    redrawn: list[int] = []
    real = highlighter_module.FindingsHighlighter.rehighlightBlock
    monkeypatch.setattr(highlighter_module.FindingsHighlighter, "rehighlightBlock",
                        lambda self, block: redrawn.append(block.blockNumber()) or real(self, block))
    # One paragraph of a few hundred weak phrases, pasted at the start: every underline after
    # the paste moves, and none of it may be checked inside the paste.
    pasted = "Sorry if you were upset by any inconvenience, mistakes were made. " * 300
    assert len(pasted) > highlighter_module.BACKGROUND_CHARS
    cursor = regret.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.insertText(pasted)
    assert "sync" not in calls
    assert len(redrawn) == len(set(redrawn))
    qtbot.waitUntil(lambda: any(name.startswith("checker") for name in calls), timeout=5000)
    regret.highlighter.wait_for_background()

    def cliches() -> int:
        return len([f for f in regret.findings() if f.category == "cliche"])

    qtbot.waitUntil(lambda: cliches() >= 300, timeout=5000)  # the worker's findings adopted
    assert "sync" not in calls
