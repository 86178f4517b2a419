"""The cadence proposal, shown with checkboxes before anything is added (any list of steps)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from planner.cadence import CadenceStep, FollowUpLike, Proposal, propose
from ui.followups_model import CHANNEL_LABELS

ANCHOR_LABELS = {"reported": "reported", "visit": "the visit", "remedy_due": "remedy due",
                 "previous": "the step before"}


def step_text(step: CadenceStep) -> str:
    """'1 business day after the visit', 'on remedy due', '1 month after the visit'."""
    anchor = ANCHOR_LABELS.get(step.anchor, step.anchor)
    offset = step.offset.upper()
    if offset in ("P0D", "P0W", "P0M"):
        return f"on {anchor}"
    units = {"D": "business day" if step.business_days else "day", "W": "week", "M": "month", "Y": "year"}
    parts = []
    number = ""
    for char in offset[1:]:
        if char.isdigit():
            number += char
        elif number:
            parts.append(f"{number} {units.get(char, char)}{'' if number == '1' else 's'}")
            number = ""
    return f"{' '.join(parts)} after {anchor}"


def proposal_text(proposal: Proposal, step: CadenceStep) -> str:
    when = "all day" if proposal.time is None else f"{proposal.time:%H:%M}"
    channel = CHANNEL_LABELS.get(proposal.channel, proposal.channel)
    return f"{proposal.date:%a %d %b %Y}, {when} · {channel} — {proposal.purpose}   ({step_text(step)})"


class ProposalDialog(QDialog):
    """Lists what ``steps`` propose from ``anchors``, minus what exists; every row ticked."""

    def __init__(
        self, steps: Sequence[CadenceStep], anchors: Mapping[str, date],
        existing: Sequence[FollowUpLike], today: date, *, source_name: str = "the usual cadence",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Propose follow-ups")
        self.setMinimumSize(640, 340)
        self.steps = list(steps)
        self.proposals = propose(self.steps, anchors, existing, today=today)
        known = ", ".join(f"{ANCHOR_LABELS[k]} {v:%a %d %b}" for k, v in anchors.items()
                          if k in ANCHOR_LABELS)
        intro = QLabel(f"Follow-ups from {source_name}, counted from: {known or 'no dates yet'}. "
                       "Weekends move to the Monday; nothing already planned is repeated. "
                       "Untick what you do not want.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Proposed follow-ups")
        for proposal in self.proposals:
            item = QListWidgetItem(proposal_text(proposal, self.steps[proposal.step_index]))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        missing = sorted({ANCHOR_LABELS.get(s.anchor, s.anchor) for s in self.steps
                          if s.anchor != "previous" and s.anchor not in anchors})
        note = QLabel()
        note.setWordWrap(True)
        if missing:
            note.setText(f"Not proposed yet: steps counted from {', '.join(missing)}, which has no "
                         "date yet (plan the visit, or give the remedy a due date in the apology).")
        self.empty = QLabel("Nothing new to propose: every follow-up of this cadence is already planned.")
        self.empty.setWordWrap(True)
        self.list.setVisible(bool(self.proposals))
        self.empty.setVisible(not self.proposals)
        note.setVisible(bool(missing))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("Add ticked follow-ups", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setEnabled(bool(self.proposals))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(lambda _item: self.add_button.setEnabled(bool(self.chosen())))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def chosen(self) -> list[Proposal]:
        """The proposals still ticked."""
        return [p for row, p in enumerate(self.proposals)
                if self.list.item(row).checkState() == Qt.CheckState.Checked]


def choose_proposals(parent: QWidget | None, dialog: ProposalDialog) -> list[Proposal]:
    """Run the dialog; the ticked proposals, or [] when cancelled (tests replace this)."""
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()
