"""The checker's findings beside the apology editors: select, apply a fix, dismiss, restore."""
from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from planner.apology.checker import Finding, load_rules
from planner.apology.checker.finding import PART_CATEGORIES
from planner.apology.dismissals import Dismissal
from planner.apology.service import PART_LABELS
from planner.errors import ValidationError

_ICONS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "suggestion": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
_ROLE = Qt.ItemDataRole.UserRole

# (part, finding, the flagged words) for each row of the list.
FindingRow = tuple[str, Finding, str]


def rule_message(rule_id: str) -> str:
    """The message of a rule, or its id when the rule no longer exists."""
    try:
        return load_rules().rule(rule_id).message
    except KeyError:
        return rule_id


class FindingsPanel(QWidget):
    """A list of the findings in all three parts, and the findings dismissed for this incident."""

    select_requested = Signal(str, object)  # part, Finding
    fix_requested = Signal(str, object)
    dismiss_requested = Signal(str, object)
    restore_requested = Signal(int)  # dismissal id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FindingRow] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(16, 16))
        self.list.setSpacing(2)
        self.list.setAccessibleName("Findings")
        # At least two findings' worth of room: one alone, cut mid-line, says too little.
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.apply_button = QPushButton("Apply fix")
        self.apply_button.setToolTip("Put the suggested words in place (Ctrl+Z undoes it)")
        self.dismiss_button = QPushButton("Dismiss…")
        self.dismiss_button.setToolTip("It does not apply here: hide it for this incident")
        self.dismissed_title = QLabel("<b>Dismissed</b>")
        self.dismissed_title.setWordWrap(True)
        self.dismissed = QListWidget()
        self.dismissed.setWordWrap(True)
        self.dismissed.setMaximumHeight(120)
        self.dismissed.setAccessibleName("Dismissed findings")
        self.restore_button = QPushButton("Restore")
        self.restore_button.setToolTip("Show this finding again")
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        restore_row = QHBoxLayout()
        restore_row.addStretch(1)
        restore_row.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addSpacing(6)
        layout.addWidget(self.dismissed_title)
        layout.addWidget(self.dismissed)
        layout.addLayout(restore_row)
        self.list.itemClicked.connect(lambda _item: self._emit(self.select_requested))
        self.list.itemActivated.connect(lambda _item: self._emit(self.select_requested))
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.apply_button.clicked.connect(lambda: self._emit(self.fix_requested))
        self.dismiss_button.clicked.connect(lambda: self._emit(self.dismiss_requested))
        self.dismissed.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.restore_button.clicked.connect(self._restore)
        self.set_dismissals([])
        self.set_findings([])

    def current(self) -> FindingRow | None:
        """The selected finding row, if any."""
        row = self.list.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_findings(self, rows: list[FindingRow]) -> None:
        """Show these findings; the selection stays on the same finding when it is still there."""
        if [(p, f) for p, f, _ in rows] == [(p, f) for p, f, _ in self._rows] and rows:
            return
        chosen = self.current()
        self._rows = rows
        self.list.clear()
        style = self.style()
        for part, finding, words in rows:
            where = PART_LABELS.get(part, part)
            detail = f"{where} · “{_short(words)}”" if words else f"{where} (the whole part)"
            item = QListWidgetItem(QIcon(style.standardIcon(_ICONS[finding.severity])),
                                   f"{finding.message}\n{detail}")
            item.setToolTip(finding.suggestion or finding.reason)
            self.list.addItem(item)
        if chosen is not None:
            for index, (part, finding, _) in enumerate(rows):
                if (part, finding.rule_id, finding.start) == (chosen[0], chosen[1].rule_id,
                                                              chosen[1].start):
                    self.list.setCurrentRow(index)
        count = len(rows)
        self.summary.setText(
            "Nothing weak found so far. Keep writing — findings show here as you type."
            if not count else f"{count} finding{'s' if count != 1 else ''} — click one to see it; "
            "hover an underline for why."
        )
        self._update_buttons()

    def set_dismissals(self, dismissals: list[Dismissal]) -> None:
        """List what was dismissed for this incident, with each reason."""
        self.dismissed.clear()
        for d in dismissals:
            words = f"“{_short(d.matched_text)}” in " if d.matched_text else ""
            part = PART_LABELS.get(d.part, d.part)
            item = QListWidgetItem(f"{rule_message(d.rule_id)}\n{words}{part} — {d.reason}")
            item.setData(_ROLE, d.id)
            self.dismissed.addItem(item)
        # With nothing dismissed the whole block steps aside (Dismiss…'s tooltip says what it
        # does), so a small window gives the findings themselves the room.
        self.dismissed_title.setText(f"<b>Dismissed</b> ({len(dismissals)})")
        self.dismissed_title.setVisible(bool(dismissals))
        self.dismissed.setVisible(bool(dismissals))
        self.restore_button.setVisible(bool(dismissals))
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.current()
        self.apply_button.setEnabled(row is not None and row[1].replacement is not None)
        self.dismiss_button.setEnabled(row is not None)
        self.restore_button.setEnabled(self.dismissed.currentItem() is not None)

    def _emit(self, signal: Signal) -> None:  # type: ignore[type-arg]
        row = self.current()
        if row is not None:
            signal.emit(row[0], row[1])

    def _restore(self) -> None:
        item = self.dismissed.currentItem()
        if item is not None:
            self.restore_requested.emit(int(item.data(_ROLE)))


def finding_rows(parts: Mapping[str, tuple[str, list[Finding]]]) -> list[FindingRow]:
    """Rows for the list from each part's (text, findings), in part order."""
    return [
        (part, f, "" if f.category in PART_CATEGORIES else text[f.start:f.end])
        for part, (text, findings) in parts.items()
        for f in findings
    ]


def ask_reason(parent: QWidget, finding: Finding, store: Callable[[str], object]) -> bool:
    """Ask why a finding does not apply until ``store(reason)`` accepts it; False if cancelled.

    ``store`` raises ValidationError for a blank or overlong reason; the question is asked
    again with what was wrong. Other errors reach the caller.
    """
    prompt = f"“{finding.message}”\n\nWhy does this not apply here? A few words are enough."
    while True:
        reason, ok = QInputDialog.getText(parent, "Dismiss finding", prompt)
        if not ok:
            return False
        try:
            store(reason)
            return True
        except ValidationError as exc:
            prompt = f"A reason is needed: {exc.message}\n\n{prompt}"


def _short(words: str, limit: int = 48) -> str:
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"
