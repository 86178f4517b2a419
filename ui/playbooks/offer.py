"""Offering a failure type's playbook: say what it would add, show it on request, then add only
what was accepted."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.errors import AmendsError
from planner.followups.cadence import Proposal
from planner.playbooks import ApplicationPlan, Playbook, RemedyOption, all_playbooks
from planner.playbooks.apply import (
    ApplyChoices,
    ApplyResult,
    IncidentState,
    apply_plan,
    new_visit_day,
    preview,
    propose_followups,
    waiting_steps,
)
from planner.playbooks.db_store import DbPlaybookStore
from ui.context import AppContext
from ui.followups.dialogs import system_zone_name
from ui.followups.proposal_dialog import proposal_text
from ui.step_page import StepPage
from ui.theme import fit_to_screen


class ApplyPlaybookDialog(QDialog):
    """The preview: exactly what would be added, with a say over each part."""

    def __init__(self, playbook: Playbook, state: IncidentState, plan: ApplicationPlan,
                 proposals: list[Proposal], visit_day: str, waiting: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Apply the “{playbook.name}” playbook?")
        fit_to_screen(self, 760, 760)
        self.plan, self.proposals, self.waiting = plan, proposals, waiting
        intro = QLabel(f"<b>{escape(playbook.name)}</b> suggests the items below. They are added after "
                       "your own; nothing you wrote is changed or removed.")
        intro.setWordWrap(True)
        self.preview = QListWidget()
        self.preview.setAccessibleName("What would be added")
        # Remedy options and follow-ups have their own boxes below, so the list leaves them out.
        for line in dataclasses.replace(plan, remedy_options=(), cadence=()).describe():
            item = QListWidgetItem(line)
            if not line.startswith(" "):
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.preview.addItem(item)
        where = f"the visit on {visit_day}" if state.visit else f"a new visit on {visit_day}"
        self.visit_box = QCheckBox(f"Add these to {where}" if state.visit
                                   else f"Plan {where} with these items")
        self.visit_box.setChecked(plan.adds_anything)
        self.visit_box.setVisible(plan.adds_anything)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("&Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        # Not the default: Enter in the lists must never add everything by accident.
        self.apply_button.setAutoDefault(False)
        self.apply_button.setDefault(False)
        later = buttons.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        later.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(intro)
        column.addWidget(self.preview, 1)
        column.addWidget(self.visit_box)
        column.addWidget(self._remedy_group(plan))
        column.addWidget(self._followup_group())
        # On a small screen the parts scroll together rather than squeeze into each other;
        # Apply and Not now stay in view below them.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def _remedy_group(self, plan: ApplicationPlan) -> QGroupBox:
        title = "Remedy options — pick one to fill in your remedy" if plan.remedy_is_empty \
            else "Remedy options"
        box = QGroupBox(title)
        options = QWidget()
        column = QVBoxLayout(options)
        self.remedy_buttons = QButtonGroup(self)
        self.remedy_options: list[RemedyOption] = list(plan.remedy_options)
        if not plan.remedy_is_empty:
            note = QLabel("Your remedy already has text, so it is kept as it is. "
                          "The options are shown for reference.")
            note.setWordWrap(True)
            column.addWidget(note)
        none = QRadioButton("Leave the remedy for me to write" if plan.remedy_is_empty
                            else "Keep my remedy as it is")
        none.setChecked(True)
        self.remedy_buttons.addButton(none, -1)
        column.addWidget(none)
        for index, option in enumerate(plan.remedy_options):
            button = QRadioButton(option.title)
            button.setEnabled(plan.remedy_is_empty)
            self.remedy_buttons.addButton(button, index)
            details = QLabel(f"{escape(option.description)}<br><small>Cost: "
                             f"{escape(option.cost)} · approved by: {escape(option.approver)}"
                             "</small>")
            details.setTextFormat(Qt.TextFormat.RichText)
            details.setWordWrap(True)
            details.setContentsMargins(24, 0, 0, 4)
            column.addWidget(button)
            column.addWidget(details)
        # A playbook may hold many options; they scroll rather than push the buttons off-screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(options)
        scroll.setMinimumHeight(min(options.sizeHint().height(), 200))
        scroll.setMaximumHeight(240)
        QVBoxLayout(box).addWidget(scroll)
        box.setVisible(bool(plan.remedy_options))
        return box

    def _followup_group(self) -> QGroupBox:
        box = QGroupBox("Follow-ups to add (untick any you do not want)")
        column = QVBoxLayout(box)
        self.followups = QListWidget()
        self.followups.setAccessibleName("Follow-ups to add")
        for proposal in self.proposals:
            # Worded as the Follow-ups step's own proposal dialog words it.
            item = QListWidgetItem(proposal_text(proposal, self.plan.cadence[proposal.step_index]))
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked)
            self.followups.addItem(item)
        if self.proposals:  # just tall enough for its rows, up to eight of them
            rows = self.followups.sizeHintForRow(0) * min(len(self.proposals), 8)
            self.followups.setFixedHeight(rows + 2 * self.followups.frameWidth() + 20)
        column.addWidget(self.followups)
        if self.waiting:
            note = QLabel(f"{self.waiting} more follow-up{'s' * (self.waiting != 1)} count from "
                          "a date not set yet, such as the remedy's due date. Once it is set, "
                          "choose the failure type again: only what is still missing is offered.")
            note.setWordWrap(True)
            column.addWidget(note)
        self.followups.setVisible(bool(self.proposals))
        box.setVisible(bool(self.proposals or self.waiting))
        return box

    def choices(self, tz: str) -> ApplyChoices:
        """What the user accepted."""
        picked = self.remedy_buttons.checkedId()
        remedy = self.remedy_options[picked] if 0 <= picked < len(self.remedy_options) else None
        chosen = [p for row, p in enumerate(self.proposals)
                  if self.followups.item(row).checkState() == Qt.CheckState.Checked]
        return ApplyChoices(visit_items=self.visit_box.isChecked(), remedy=remedy,
                            followups=chosen, tz=tz)


@dataclass(frozen=True)
class PreparedOffer:
    """What a playbook would add to one incident right now, worked out once."""

    playbook: Playbook
    state: IncidentState
    plan: ApplicationPlan
    proposals: list[Proposal]
    waiting: int
    day: date  # the visit's day, or the day a new visit would be planned for
    tz: str

    def is_empty(self) -> bool:
        return not (self.plan.adds_anything or self.plan.remedy_options or self.proposals)

    def text(self) -> str:
        """'Late delivery playbook: 6 agenda items, 2 questions, 4 follow-ups' (only what is new)."""
        plan = self.plan
        counts = [
            (len(plan.agenda), "agenda item", "agenda items"),
            (len(plan.what_to_bring), "thing to bring", "things to bring"),
            (len(plan.questions), "question", "questions"),
            (len(plan.who_to_bring), "person to bring", "people to bring"),
            (len(plan.remedy_options) if plan.remedy_is_empty else 0, "remedy option",
             "remedy options"),
            (len(self.proposals), "follow-up", "follow-ups"),
        ]
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        name = self.playbook.name
        title = name if name.casefold().endswith("playbook") else f"{name} playbook"
        return f"{title}: {', '.join(parts) or 'remedy options for reference'}"


def prepare_offer(ctx: AppContext, incident_id: int, key: str) -> PreparedOffer | None:
    """What the playbook ``key`` would add to the incident; None when there is no such playbook.

    Follow-ups and items the incident already has are left out, so choosing the same type
    again offers only what is still missing.
    """
    playbook = next((p for p in all_playbooks(DbPlaybookStore(ctx.db)) if p.key == key), None)
    if playbook is None:
        return None
    tz = system_zone_name()  # as the Follow-ups step stores it
    zone = ZoneInfo(tz)
    state, plan = preview(ctx.db, incident_id, playbook)
    day = (state.visit.starts_at.astimezone(zone).date() if state.visit
           else new_visit_day(zone, db=ctx.db))
    planned_day = None if state.visit or not plan.adds_anything else day
    proposals = propose_followups(ctx.db, incident_id, plan.cadence, zone, visit_day=planned_day)
    waiting = waiting_steps(ctx.db, incident_id, plan.cadence, zone, visit_day=planned_day)
    return PreparedOffer(playbook, state, plan, proposals, waiting, day, tz)


def offer_in_bar(page: StepPage, key: str) -> PreparedOffer | None:
    """Say in the page's offer bar what the playbook ``key`` would add (nothing is changed).

    Returns the offer shown, or None when there is nothing to offer (the status bar says so).
    """
    ctx, incident_id = page.ctx, page.incident_id
    bar = getattr(page, "offer_bar", None)
    if incident_id is None or bar is None:
        return None
    if not ctx.autosaver.flush():  # what is offered depends on what was just typed
        ctx.status_message.emit("The playbook cannot be offered yet: first fix the change that "
                                "could not be saved.")
        return None
    prepared = prepare_offer(ctx, incident_id, key)
    if prepared is None or prepared.is_empty():
        bar.hide()
        if prepared is not None:
            ctx.status_message.emit(f"The “{prepared.playbook.name}” playbook has nothing new "
                                    "to add here.")
        return None
    bar.offer(prepared.text(), "Review…")
    return prepared


def offer_playbook(page: StepPage, key: str,
                   reload: Callable[[], None] | None = None) -> ApplyResult | None:
    """Show what the playbook ``key`` would add to the page's incident, apply what the user
    accepts, then ``reload`` what shows the incident (by default the page itself)."""
    ctx, incident_id = page.ctx, page.incident_id
    if incident_id is None:
        return None
    if not ctx.autosaver.flush():  # typed text must be stored before anything is added to it
        ctx.status_message.emit("The playbook was not applied: first fix the change that "
                                "could not be saved.")
        return None
    prepared = prepare_offer(ctx, incident_id, key)
    if prepared is None:
        return None
    if prepared.is_empty():
        ctx.status_message.emit(f"The “{prepared.playbook.name}” playbook has nothing to add here.")
        return None
    dialog = ApplyPlaybookDialog(prepared.playbook, prepared.state, prepared.plan,
                                 prepared.proposals, f"{prepared.day:%a %d %b}", prepared.waiting,
                                 page)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        choices = dialog.choices(prepared.tz)
    finally:
        dialog.deleteLater()
    try:
        result = ctx.history.record(
            incident_id, f"Apply the “{prepared.playbook.name}” playbook",
            lambda: apply_plan(ctx.db, incident_id, prepared.plan, choices), step="what")
    except AmendsError as error:
        ctx.status_message.emit(f"The playbook was not applied: {error}")
        return None
    (reload or (lambda: page.load(incident_id)))()
    ctx.incident_changed.emit(incident_id)
    ctx.status_message.emit(" ".join([result.summary(), *result.notes]))
    return result
