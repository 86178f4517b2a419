"""Live underlines for the apology editors: the checker's findings as wavy lines, with hover tips.

QSyntaxHighlighter works one block (paragraph) at a time, but the checker needs the whole
text (a "missing sorry" finding spans every paragraph). So the whole text is linted once per
change and the result cached by text; highlightBlock only maps those offsets onto its block.
When a change moves findings in other blocks, those are redrawn as well. Linting stays
inside the keystroke while it is fast (under two milliseconds for a 2,000-character apology);
for very long texts it waits until typing pauses (see SLOW_LINT_MS) and then runs on a worker
thread, so the editor never waits for it. Until the checker's rules have compiled (they warm up
on a background thread after start-up, ui/apology/warmup.py), typing is not held up either:
the underlines follow as soon as the rules are ready.
"""
from __future__ import annotations

import statistics
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from html import escape

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QColor, QHelpEvent, QSyntaxHighlighter, QTextBlock, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit, QToolTip

from planner.apology.checker import Finding
from ui.apology.warmup import checker_ready, warming

SEVERITY_COLOURS: dict[str, str] = {
    "error": "#d0312d",
    "warning": "#e08a00",
    "suggestion": "#2f6fdf",
}

Linter = Callable[[str], list[Finding]]
# Given a text, a job that lints it from a snapshot of everything it needs: it runs on a worker
# thread, so it must not touch a widget.
Snapshot = Callable[[str], Callable[[], list[Finding]]]

# Typing must never stall: a text whose lint takes longer than this (a pasted report, say)
# is re-linted once typing pauses for RELINT_DELAY_MS instead of on every keystroke.
SLOW_LINT_MS = 8.0
# A text this long is checked after the pause from its first change on, without waiting for
# a slow lint to be timed: a paste of a whole report must not hold the window while it lints.
BACKGROUND_CHARS = 4000
RELINT_DELAY_MS = 150
# How often to look again while the rules are still compiling in the background.
WARM_POLL_MS = 40

# One worker for every editor: long checks run one at a time, after a pause in typing.
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checker")


class OffsetMap:
    """Python string offsets <-> Qt (UTF-16) positions; the same unless the text has emoji."""

    def __init__(self, text: str) -> None:
        self._py_to_qt: list[int] | None = None
        if not text.isascii() and any(ord(c) > 0xFFFF for c in text):
            table, position = [], 0
            for char in text:
                table.append(position)
                position += 2 if ord(char) > 0xFFFF else 1
            table.append(position)
            self._py_to_qt = table

    def qt(self, offset: int) -> int:
        """The Qt position of Python offset ``offset``."""
        return offset if self._py_to_qt is None else self._py_to_qt[offset]

    def py(self, position: int) -> int:
        """The Python offset of Qt position ``position`` (the character it falls in)."""
        if self._py_to_qt is None:
            return position
        from bisect import bisect_right

        return max(0, bisect_right(self._py_to_qt, position) - 1)


def underline_format(severity: str) -> QTextCharFormat:
    """A wavy underline in the severity's colour."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor(SEVERITY_COLOURS.get(severity, SEVERITY_COLOURS["suggestion"])))
    return fmt


class FindingsHighlighter(QSyntaxHighlighter):
    """Underlines one editor's findings; ``findings_changed`` fires when the list changes."""

    findings_changed = Signal()
    _linted = Signal(str, object)  # text, its findings: from the worker to the GUI thread

    def __init__(
        self, editor: QPlainTextEdit, linter: Linter, snapshot: Snapshot | None = None
    ) -> None:
        super().__init__(editor)  # the document is attached below, after our first slot
        self.editor = editor
        self._linter = linter
        self._snapshot = snapshot
        self._pending: Future[list[Finding]] | None = None
        self._text: str | None = None
        self._seen_text: str | None = None
        self._offsets = OffsetMap("")
        self._findings: list[Finding] = []
        self._spans: list[tuple[int, int, str, str]] = []  # Qt positions, as last drawn
        self._formats = {sev: underline_format(sev) for sev in SEVERITY_COLOURS}
        self.slow = False  # lints take longer than SLOW_LINT_MS: lint when typing pauses
        self._timing = True
        self._lint_ms: deque[float] = deque(maxlen=5)
        self._relint_timer = QTimer(self, singleShot=True, interval=RELINT_DELAY_MS)
        self._relint_timer.timeout.connect(self._relint_in_background)
        self._warm_timer = QTimer(self, singleShot=True, interval=WARM_POLL_MS)
        self._warm_timer.timeout.connect(self._when_warm)
        self._linted.connect(self._adopt)
        document = editor.document()
        # Slot order matters: ours to move the underlines with the text must run before
        # QSyntaxHighlighter redraws the edited block, the other after it.
        document.contentsChange.connect(self._before_redraw)
        self.setDocument(document)
        document.contentsChange.connect(self._contents_changed)

    def findings(self) -> list[Finding]:
        """The findings for the editor's current text (linted at most once per text).

        While the rules still compile in the background, the last findings stay as they are
        and the text is linted once the rules are ready.
        """
        text = self.document().toPlainText()
        if text != self._text and warming() and not checker_ready():
            self._warm_timer.start()
            return self._findings
        if text != self._text:
            started = time.perf_counter()
            self._findings = self._linter(text)
            # The median of the last few lints of a new text, so one hiccup of a busy machine
            # does not count (a redraw of the same text may be answered from a cache: not timed).
            if self._timing:
                self._lint_ms.append((time.perf_counter() - started) * 1000)
                self.slow = statistics.median(self._lint_ms) > SLOW_LINT_MS
            self._text = text
            self._offsets = OffsetMap(text)
        return self._findings

    def offsets(self) -> OffsetMap:
        """The offset map of the current text."""
        self.findings()
        return self._offsets

    def set_linter(self, linter: Linter) -> None:
        """Use another linter (e.g. after a dismissal) and redraw everything."""
        self._linter = linter
        self.relint()

    def relint(self) -> None:
        """Forget the cached findings and redraw every block."""
        self._relint_timer.stop()
        self._text = None
        self._timing = False
        try:
            self.findings()
        finally:
            self._timing = True
        self._redraw()

    def _redraw(self) -> None:
        self._spans = self._current_spans()
        self.rehighlight()
        self.findings_changed.emit()

    def _when_warm(self) -> None:
        if warming() and not checker_ready():
            self._warm_timer.start()
        else:
            self.relint()

    def _relint_in_background(self) -> None:
        """Typing paused on a long text: lint it on the worker, keep typing meanwhile."""
        text = self.document().toPlainText()
        job = self._snapshot(text) if self._snapshot is not None else (lambda: self._linter(text))
        started = time.perf_counter()

        def done(future: Future[list[Finding]]) -> None:
            if not future.cancelled() and future.exception() is None:
                self._lint_ms.append((time.perf_counter() - started) * 1000)
                self._linted.emit(text, future.result())

        if self._pending is not None:
            self._pending.cancel()
        self._pending = _WORKER.submit(job)
        self._pending.add_done_callback(done)

    def _adopt(self, text: str, findings: list[Finding]) -> None:
        """The worker's findings, if the text is still the one it checked."""
        if text != self.document().toPlainText():
            return  # typed on meanwhile: the next pause checks the newer text
        self.slow = statistics.median(self._lint_ms) > SLOW_LINT_MS
        self._findings, self._text, self._offsets = findings, text, OffsetMap(text)
        self._redraw()

    def wait_for_background(self, timeout: float = 10.0) -> None:
        """Block until a background lint has finished (for tests and benchmarks)."""
        if self._pending is not None:
            self._pending.result(timeout)

    def finding_at(self, position: int) -> Finding | None:
        """The most serious finding under Qt position ``position`` (None: nothing there)."""
        offset = self.offsets().py(position)
        hits = [
            f for f in self.findings() if f.start <= offset < f.end or offset == f.end > f.start
        ]
        return min(hits, key=lambda f: list(SEVERITY_COLOURS).index(f.severity), default=None)

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        first, last = block.position(), block.position() + len(text)
        offsets = self.offsets()
        for found in self.findings():
            start, end = offsets.qt(found.start), offsets.qt(found.end)
            if end <= first or start >= last:
                continue
            begin = max(start, first)
            self.setFormat(begin - first, min(end, last) - begin, self._formats[found.severity])

    def _current_spans(self) -> list[tuple[int, int, str, str]]:
        offsets = self.offsets()
        return [
            (offsets.qt(f.start), offsets.qt(f.end), f.severity, f.rule_id) for f in self._findings
        ]

    def _before_redraw(self, position: int, removed: int, added: int) -> None:
        """On a long text, keep the old underlines (moved with the text) until typing pauses."""
        if self._text is None:
            return
        text = self.document().toPlainText()
        if text == self._text or not (self.slow or len(text) > BACKGROUND_CHARS):
            return
        old, new = self._offsets, OffsetMap(text)
        delta = added - removed

        def moved(pos: int, is_end: bool) -> int:
            if pos < position or (pos == position and not is_end):
                return pos
            if pos >= position + removed:
                return pos + delta
            return position + added if is_end else position

        kept = []
        for f in self._findings:
            if f.end < position:  # before the edit: nothing moves
                kept.append(f)
                continue
            start = new.py(moved(old.qt(f.start), False))
            end = new.py(moved(old.qt(f.end), True))
            if end > start:
                kept.append(replace(f, start=start, end=end))
        self._findings, self._text, self._offsets = kept, text, new
        self._relint_timer.start()

    def _contents_changed(self, position: int, removed: int, added: int) -> None:
        text = self.document().toPlainText()
        if text == self._seen_text:
            return  # a formatting pass (ours or Qt's), not an edit
        self._seen_text = text
        if self._relint_timer.isActive():
            return  # _before_redraw moved every underline with the text; relint() does the rest
        self.findings()
        spans = self._current_spans()
        delta = added - removed

        def shifted(pos: int) -> int:
            return pos + delta if pos >= position + removed else min(pos, position + added)

        old = {(shifted(s), shifted(e), sev, rule) for s, e, sev, rule in self._spans}
        self._spans = spans
        changed = old ^ set(spans)
        if not changed and len(old) == len(spans):
            return
        # QSyntaxHighlighter has redrawn the edited blocks; redraw the others a change touches.
        doc = self.document()
        first_edited = doc.findBlock(position).position()
        last_edited = doc.findBlock(position + added)
        edited_end = last_edited.position() + last_edited.length()
        # Each block once, however many of its underlines changed: a paste can change hundreds.
        stale: dict[int, QTextBlock] = {}
        for start, end, _severity, _rule in changed:
            if start >= first_edited and end <= edited_end:
                continue
            block = doc.findBlock(max(0, min(start, doc.characterCount() - 1)))
            while block.isValid() and block.position() < max(end, start + 1):
                if not (first_edited <= block.position() < edited_end):
                    stale.setdefault(block.blockNumber(), block)
                block = block.next()
        for block in stale.values():
            self.rehighlightBlock(block)
        self.findings_changed.emit()


class FindingTips(QObject):
    """Shows a finding's message, reason and suggestion when the mouse rests on its underline."""

    def __init__(self, editor: QPlainTextEdit, highlighter: FindingsHighlighter) -> None:
        super().__init__(editor)
        self.editor = editor
        self.highlighter = highlighter
        editor.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        cursor = self.editor.cursorForPosition(event.pos())
        found = self.highlighter.finding_at(cursor.position())
        if found is None:
            QToolTip.hideText()
            event.ignore()
        else:
            QToolTip.showText(event.globalPos(), tip_html(found), self.editor.viewport())
        return True


def tip_html(found: Finding) -> str:
    """The hover text of a finding: message, the reason, and what to do instead."""
    colour = SEVERITY_COLOURS.get(found.severity, "#444")
    html = (
        f"<p style='margin:0'><b style='color:{colour}'>{escape(found.severity.capitalize())}:</b> "
        f"{escape(found.message)}</p>"
        f"<p style='margin:4px 0 0 0'><i>Why:</i> {escape(found.reason)}</p>"
    )
    if found.suggestion:
        html += f"<p style='margin:4px 0 0 0'><i>Try:</i> {escape(found.suggestion)}</p>"
    if found.replacement is not None:
        html += f"<p style='margin:4px 0 0 0'><i>Fix:</i> “{escape(found.replacement)}”</p>"
    return f"<div style='max-width:360px'>{html}</div>"
