"""Around the apology editors: their moments at a glance, the checklist, the banner, the preview."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.apology.checker import MetaFinding
from planner.apology.checklist import Checklist
from planner.incidents.model import Moment

_DONE = "<span style='color:#2e7d32; font-weight:700'>✓</span>"
_TODO = "<span style='color:#9e9e9e; font-weight:700'>○</span>"


class MomentsGlance(QListWidget):
    """The customer's moments, compact and read-only, so the apology is written beside them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setMaximumHeight(96)
        self.setAccessibleName("Their experience")
        self.setToolTip("Their moments from step 2 (Ctrl+2), in order")

    def set_moments(self, moments: list[Moment]) -> None:
        """Show one line per moment: when, what happened, how it felt."""
        self.clear()
        self.setMaximumHeight(96 if moments else 48)  # a line or two for the empty note
        for m in moments:
            when = f"{m.at_text} — " if m.at_text.strip() else ""
            feeling = f"  ({m.feeling.strip()})" if m.feeling.strip() else ""
            self.addItem(QListWidgetItem(f"{when}{m.what.strip()}{feeling}"))
        if not moments:
            item = QListWidgetItem(
                "No moments yet. Note what they went through on step 2 (Ctrl+2) — "
                "the apology is built on their experience."
            )
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.addItem(item)


class ChecklistView(QGroupBox):
    """The seven components of a sincere apology, ticked as they appear, with the score."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Checklist", parent)
        self.score = QLabel()
        self.score.setAccessibleName("Checklist score")
        self.score.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(8, 4, 8, 6)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(2)
        self._grid.addWidget(self.score, 0, 0, 1, 2)
        self.marks: list[QLabel] = []
        self.labels: list[QLabel] = []
        self.checklist = Checklist()

    def set_checklist(self, checklist: Checklist) -> None:
        """Show each item ticked or not, with what to do as its tooltip; update the score."""
        if [(i.key, i.done) for i in checklist] == [(i.key, i.done) for i in self.checklist]:
            return
        self.checklist = checklist
        while len(self.labels) < len(checklist):
            row = len(self.labels) + 1
            mark, label = QLabel(), QLabel()
            mark.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            self._grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(label, row, 1)
            self.marks.append(mark)
            self.labels.append(label)
        self._grid.setColumnStretch(1, 1)
        for item, mark, label in zip(checklist, self.marks, self.labels):
            mark.setText(_DONE if item.done else _TODO)
            label.setText(item.label)
            label.setStyleSheet("" if item.done else "color: palette(placeholder-text);")
            tip = "Present." if item.done else item.hint
            mark.setToolTip(tip)
            label.setToolTip(tip)
        self.score.setText(f"{checklist.score_text()} present")


class MetaBanner(QLabel):
    """An amber band above the editors for problems with how or when the apology is planned."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(
            "background: #fff4d6; color: #5c4300; border: 1px solid #e0b44c;"
            " border-radius: 4px; padding: 6px 8px;"
        )
        self.setAccessibleName("Warnings about the apology's plan")
        self.findings: list[MetaFinding] = []
        self.hide()

    def set_findings(self, findings: list[MetaFinding]) -> None:
        """Show one line per finding (message and suggestion); hidden when there are none."""
        self.findings = findings
        lines = []
        for f in findings:
            tip = f" {escape(f.suggestion)}" if f.suggestion else ""
            lines.append(f"⚠ <b>{escape(f.message)}</b>{tip}")
        self.setText("<br>".join(lines))
        self.setToolTip("<br>".join(escape(f.reason) for f in findings))
        self.setVisible(bool(findings))


class ScriptPreview(QWidget):
    """The spoken script, read-only, with a button to copy it."""

    copied = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setAccessibleName("Spoken script")
        self.copy_button = QPushButton("Copy script")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The spoken script — read it aloud before the visit."))
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.copy_button.clicked.connect(self._copy)

    def set_script(self, script: str) -> None:
        if script != self.text.toPlainText():
            self.text.setPlainText(script)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copied.emit()
