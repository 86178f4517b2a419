"""The cadence proposal, shown with checkboxes before anything is added (any list of steps)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.followups.cadence import CadenceStep, FollowUpLike, Proposal, propose
from ui.followups.model import CHANNEL_LABELS

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


HINTS = {"visit": "plan the visit in step 4", "remedy_due": "give the remedy a due date in step 3",
         "reported": "say when they told us in step 1"}


def proposal_text(proposal: Proposal, step: CadenceStep, clash: str = "") -> str:
    """Two lines: when and how (and why it lands there), then what for."""
    when = "all day" if proposal.time is None else f"{proposal.time:%H:%M}"
    channel = CHANNEL_LABELS.get(proposal.channel, proposal.channel)
    note = f" — {clash}" if clash else ""
    return (f"{proposal.date:%a %d %b %Y}, {when} · {channel}  ({step_text(step)}){note}\n"
            f"{proposal.purpose}")


def same_day_clash(proposal: Proposal, existing: Sequence[FollowUpLike]) -> str:
    """Why a proposal may be one too many: a follow-up by the same channel that day."""
    for item in existing:
        if item.date == proposal.date and getattr(item, "channel", proposal.channel) == proposal.channel:
            label = CHANNEL_LABELS.get(proposal.channel, proposal.channel).lower()
            return f"a {label} is already planned that day"
    return ""


class ProposalDialog(QDialog):
    """Lists what ``steps`` propose from ``anchors``, minus what exists; every row ticked."""

    def __init__(
        self, steps: Sequence[CadenceStep], anchors: Mapping[str, date],
        existing: Sequence[FollowUpLike], today: date, *, source_name: str = "the usual cadence",
        settle: Callable[[list[Proposal]], list[Proposal]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Propose follow-ups")
        self.setMinimumSize(720, 380)
        self.steps = list(steps)
        self.proposals = propose(self.steps, anchors, existing, today=today)
        if settle is not None:  # timed ones move off slots already taken
            self.proposals = settle(self.proposals)
        known = ", ".join(f"{ANCHOR_LABELS[k]} {v:%a %d %b}" for k, v in anchors.items()
                          if k in ANCHOR_LABELS)
        intro = QLabel(f"Follow-ups from {source_name}, counted from: {known or 'no dates yet'}. "
                       "Weekends move to the Monday, times to the first free half hour; nothing "
                       "already planned is repeated, nor a contact within two days of a date the "
                       "apology promised. Untick what you do not want.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Proposed follow-ups")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        for proposal in self.proposals:
            clash = same_day_clash(proposal, existing)
            item = QListWidgetItem(proposal_text(proposal, self.steps[proposal.step_index], clash))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if clash else Qt.CheckState.Checked)
            self.list.addItem(item)
        missing = sorted({s.anchor for s in self.steps
                          if s.anchor != "previous" and s.anchor not in anchors})
        note = QLabel()
        note.setWordWrap(True)
        if missing:
            names = " and ".join(ANCHOR_LABELS.get(m, m) for m in missing)
            hints = "; ".join(HINTS.get(m, "") for m in missing if m in HINTS)
            note.setText(f"Not proposed yet: the steps counted from {names}, which has no date "
                         f"yet ({hints}), then propose again.")
        self.empty = QLabel("Nothing new to propose: every follow-up of this cadence is already planned.")
        self.empty.setWordWrap(True)
        self.list.setVisible(bool(self.proposals))
        self.empty.setVisible(not self.proposals)
        note.setVisible(bool(missing))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("Add ticked follow-ups", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setEnabled(bool(self.chosen()))
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
