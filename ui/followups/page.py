"""Step 5, Follow-ups: the promises to get back in touch, marked done, proposed, sent to a calendar."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.errors import AmendsError, NotFoundError
from planner.followups.cadence import DEFAULT_CADENCE, CadenceStep, next_weekday
from planner.followups.plan import CADENCE_SOURCE, apply_proposals, cadence_anchors, settle_times
from planner.followups.service import (
    FollowUp,
    FollowUpStatus,
    add_followup,
    close_incident,
    close_incident_check,
    delete_followup,
    list_followups,
    mark_done,
    mark_skipped,
    reopen,
    save_followup,
)
from planner.incidents.model import Status
from planner.incidents.service import get_customer, get_incident, touch_incident
from planner.timeutil import now_utc
from planner.visits.slots import FOLLOWUP_MINUTES, clash_text, clashes_with, first_free
from ui.context import AppContext
from ui.followups import dialogs, proposal_dialog
from ui.followups.calendar_export import CalendarExporter, incident_file_name
from ui.followups.model import COL_DATE, COL_OUTCOME, COL_PURPOSE, SORT_ROLE, FollowUpListModel
from ui.step_page import StepPage, Target

NARROW_TABLE = 700  # pixels: below this the table leaves out the Outcome column
EMPTY_TEXT = ("No follow-ups yet. “Propose follow-ups…” plans the usual ones (the day after the "
              "visit, the remedy date, a week and a month later); “Add…” plans one of your own.")


class FollowUpsPage(StepPage):
    """A table of follow-ups with add, edit, delete, mark done, skip, propose and export."""

    title = "Follow-ups"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.clock: Callable[[], datetime] = now_utc  # tests pin "now"
        self.zone_name = dialogs.system_zone_name()
        self.exporter = CalendarExporter(ctx, self)
        intro = QLabel("Every promise to get back to the customer, with its date. Mark each one "
                       "done with what came of it; close the incident when they say they are satisfied.")
        intro.setWordWrap(True)
        self.model = FollowUpListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_DATE, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        # The purpose and outcome wrap onto more lines rather than being cut in a narrow window.
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PURPOSE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_OUTCOME, QHeaderView.ResizeMode.Interactive)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("Delete")
        self.done_button = QPushButton("Mark &done…")
        self.done_button.setToolTip("Mark the selected follow-up done and note what came of it (Ctrl+D)")
        self.skip_button = QPushButton("S&kip")
        self.propose_button = QPushButton("&Propose follow-ups…")
        self.export_button = QPushButton("E&xport to calendar…")
        self.export_button.setToolTip("Write this incident's follow-ups and visits to an .ics file (Ctrl+E)")
        self.include_done = QCheckBox("Include done ones")
        self.include_done.setToolTip("Also put follow-ups that are already done into the calendar file")
        self.summary = QLabel()
        self.close_button = QPushButton("Close incident…")
        self.close_button.setToolTip("Close it once the customer says they are satisfied")
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.done_button,
                       self.skip_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.propose_button)
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.include_done)
        footer.addWidget(self.export_button)
        footer.addSpacing(12)
        footer.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(footer)
        self._connect()

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.done_button.clicked.connect(self.mark_selected_done)
        self.skip_button.clicked.connect(self.skip_or_reopen_selected)
        self.propose_button.clicked.connect(lambda: self.propose())
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.close_incident)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        # Each says what it does: Help ▸ Keyboard shortcuts lists them from these descriptions.
        QShortcut(QKeySequence("Ctrl+E"), self, self.export).setWhatsThis(
            "Export this incident's follow-ups and visits to a calendar file")
        QShortcut(QKeySequence("Ctrl+D"), self, self.mark_selected_done).setWhatsThis(
            "Mark the selected follow-up done")
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetShortcut).setWhatsThis(
            "Delete the selected follow-up (in the table)")
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.view, self.edit_selected,
                      context=Qt.ShortcutContext.WidgetShortcut).setWhatsThis(
                "Edit the selected follow-up (in the table)")
        self.ctx.incident_changed.connect(self._incident_changed)

    # --- showing ---------------------------------------------------------------------------

    def load(self, incident_id: int | None) -> None:
        super().load(incident_id)
        self.refresh(fresh=True)

    def refresh(self, select: int | None = None, *, fresh: bool = False) -> None:
        """Re-read the follow-ups, keeping the selection (or selecting ``select``).

        ``fresh`` (another incident) starts on its first pending follow-up instead.
        """
        current = None if fresh else self.selected()
        keep = select if select is not None else (current.id if current else None)
        rows = list_followups(self.ctx.db, self.incident_id) if self.incident_id else []
        self.model.set_rows(rows, self.clock(), self.zone_name, self._clashes(rows))
        if keep is None:  # a fresh load: start on the first thing still to do
            keep = next((f.id for f in rows if f.status == FollowUpStatus.PENDING), None)
        if keep is not None and (row := self.model.row_of_key(keep)) >= 0:
            self.view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, COL_PURPOSE)))
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        pending = sum(f.status == FollowUpStatus.PENDING for f in rows)
        done = sum(f.status == FollowUpStatus.DONE for f in rows)
        late = self.model.overdue_count()
        parts = [f"{pending} pending"] + ([f"<b style='color:#c0392b'>{late} overdue</b>"] if late else [])
        self.summary.setText(" · ".join([*parts, f"{done} done"]) if rows else "")
        self._update_buttons()

    def reveal(self, target: Target) -> None:
        """Select the follow-up a search found (or Today pointed at) and give the table the keys."""
        if target.row is not None and self.model.row_of_key(target.row) >= 0:
            self.refresh(select=target.row)
            self.view.scrollTo(self.view.currentIndex())
            self.view.setFocus()

    def _clashes(self, rows: list[FollowUp]) -> dict[int, str]:
        """What else is booked at the time of each pending timed follow-up, by id."""
        found: dict[int, str] = {}
        for followup in rows:
            start = followup.starts_at()
            if start is None or followup.id is None or followup.status != FollowUpStatus.PENDING:
                continue
            others = clashes_with(self.ctx.db, start, start + timedelta(minutes=FOLLOWUP_MINUTES),
                                  ignore=("followup", followup.id))
            if others:
                found[followup.id] = clash_text(others)
        return found

    def _clash_for(self, followup: FollowUp) -> str:
        """What else is booked at a follow-up's time, as the edit dialog shows it."""
        start = followup.starts_at()
        if start is None:
            return ""
        ignore = ("followup", followup.id) if followup.id is not None else None
        return clash_text(clashes_with(self.ctx.db, start, start + timedelta(minutes=FOLLOWUP_MINUTES),
                                       ignore=ignore))

    def _update_buttons(self) -> None:
        current, has_incident = self.selected(), self.incident_id is not None
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(current is not None)
        pending = current is not None and current.status == FollowUpStatus.PENDING
        self.done_button.setEnabled(pending)
        self.skip_button.setEnabled(current is not None)
        self.skip_button.setText("S&kip" if current is None or pending else "Re&open")
        for widget in (self.add_button, self.propose_button, self.export_button, self.close_button,
                       self.include_done):
            widget.setEnabled(has_incident)

    def selected(self) -> FollowUp | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The outcome gets a third of the table; the purpose, what is to be done, the rest.
        QTimer.singleShot(0, self, self._fit_outcome)

    def _fit_outcome(self) -> None:
        # In a narrow window the purpose (what is to be done) keeps the room; the outcome of
        # each row is then in its tooltip and its Edit dialog.
        width = self.view.viewport().width()
        self.view.setColumnHidden(COL_OUTCOME, width < NARROW_TABLE)
        self.view.horizontalHeader().resizeSection(COL_OUTCOME, width // 3)

    def showEvent(self, event: QShowEvent) -> None:
        # Other steps add follow-ups too (the apology's promised dates, a playbook).
        if self.incident_id is not None:
            self.refresh()
        super().showEvent(event)

    def _incident_changed(self, incident_id: int) -> None:
        # The Today view can mark one of these done; show it without a restart.
        if incident_id == self.incident_id and self.isVisible():
            self.refresh()

    def _changed(self, select: int | None = None) -> None:
        assert self.incident_id is not None
        touch_incident(self.ctx.db, self.incident_id)
        self.refresh(select)
        self.ctx.incident_changed.emit(self.incident_id)

    def _run(self, action: Callable[[], object], label: str) -> bool:
        """Run one planner call as a step ``label`` can undo; a user-facing error is shown
        instead of raised."""
        self.ctx.autosaver.flush()
        try:
            self.ctx.history.record(self.incident_id, label, action, step="followups")
        except NotFoundError as exc:
            self.ctx.status_message.emit(str(exc))
            self.refresh()
            return False
        except AmendsError as exc:
            QMessageBox.warning(self, "Follow-ups", str(exc))
            return False
        return True

    # --- actions ---------------------------------------------------------------------------

    def add(self) -> None:
        if self.incident_id is None:
            return
        zone = ZoneInfo(self.zone_name)
        today = self.clock().astimezone(zone).date()
        wanted = datetime.combine(next_weekday(today + timedelta(days=1)), dialogs.DEFAULT_TIME, zone)
        free = first_free(self.ctx.db, wanted, FOLLOWUP_MINUTES).astimezone(zone)  # never on a visit
        blank = FollowUp(incident_id=self.incident_id, due_date=free.date(), purpose="",
                         tz=self.zone_name, due_time=free.time().replace(tzinfo=None))
        result = dialogs.edit_followup(self, blank, new=True, clash_check=self._clash_for)
        if result is not None and self._run(lambda: add_followup(self.ctx.db, result, now=self.clock()),
                                                "Add a follow-up"):
            self._changed(result.id)

    def edit_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        result = dialogs.edit_followup(self, current, new=False, clash_check=self._clash_for)
        if result is not None and self._run(lambda: save_followup(self.ctx.db, result, now=self.clock()),
                                                "Edit a follow-up"):
            self._changed(result.id)

    def delete_selected(self) -> None:
        current = self.selected()
        if current is None or current.id is None:
            return
        answer = QMessageBox.question(
            self, "Delete follow-up",
            f"Delete the follow-up “{current.purpose[:80]}” on {current.due_date:%a %d %b}?\n"
            "A calendar that imported it keeps its copy until you remove it there.")
        if answer == QMessageBox.StandardButton.Yes and self._run(
                lambda: delete_followup(self.ctx.db, current.id), "Delete a follow-up"):
            self._changed()

    def mark_selected_done(self) -> None:
        current = self.selected()
        if current is None or current.id is None or current.status != FollowUpStatus.PENDING:
            return
        outcome = dialogs.ask_outcome(self, current)
        if outcome and self._run(lambda: mark_done(self.ctx.db, current.id, outcome, self.clock()),
                                   "Mark a follow-up done"):
            self._changed(current.id)

    def skip_or_reopen_selected(self) -> None:
        current = self.selected()
        if current is None or current.id is None:
            return
        pending = current.status == FollowUpStatus.PENDING
        change = mark_skipped if pending else reopen
        label = "Skip a follow-up" if pending else "Reopen a follow-up"
        if self._run(lambda: change(self.ctx.db, current.id, self.clock()), label):
            self._changed(current.id)

    def propose(self, steps: Sequence[CadenceStep] = DEFAULT_CADENCE, *,
                source: str = CADENCE_SOURCE, source_name: str = "the usual cadence") -> int:
        """Show what ``steps`` propose (a playbook passes its own) and add the ticked ones."""
        if self.incident_id is None:
            return 0
        self.ctx.autosaver.flush()  # the remedy date may have just been typed in the apology
        zone = ZoneInfo(self.zone_name)
        dialog = proposal_dialog.ProposalDialog(
            steps, cadence_anchors(self.ctx.db, self.incident_id, zone),
            list_followups(self.ctx.db, self.incident_id), self.clock().astimezone(zone).date(),
            source_name=source_name, settle=lambda found: settle_times(self.ctx.db, found, zone),
            parent=self)
        chosen = proposal_dialog.choose_proposals(self, dialog)
        if not chosen:
            return 0
        incident_id = self.incident_id
        added = self.ctx.history.record(
            incident_id, f"Add {len(chosen)} proposed follow-up{'s' * (len(chosen) != 1)}",
            lambda: apply_proposals(self.ctx.db, incident_id, chosen, tz=self.zone_name,
                                    source=source, now=self.clock()), step="followups")
        self._changed(added[0].id if added else None)
        self.ctx.status_message.emit(f"Added {len(added)} follow-ups.")
        return len(added)

    def export(self) -> None:
        if self.incident_id is None or not self.isVisible() or self.exporter.busy():
            return
        try:
            incident = get_incident(self.ctx.db, self.incident_id)
            company = get_customer(self.ctx.db, incident.customer_id).company
        except NotFoundError:
            return
        self.exporter.start(incident_id=self.incident_id, include_done=self.include_done.isChecked(),
                            suggested_name=incident_file_name(self.incident_id, company))

    def close_incident(self) -> None:
        if self.incident_id is None:
            return
        self.ctx.autosaver.flush()
        incident = get_incident(self.ctx.db, self.incident_id)
        if incident.status == Status.CLOSED:
            QMessageBox.information(self, "Close incident", "This incident is already closed.")
            return
        pending = close_incident_check(self.ctx.db, self.incident_id)
        words = dialogs.ask_close(self, pending, incident.customer_confirmation)
        if words is None or not self._run(lambda: close_incident(
                self.ctx.db, self.incident_id, words, skip_pending=pending > 0, now=self.clock()),
                "Close the incident"):
            return
        self.refresh()
        self.ctx.incident_changed.emit(self.incident_id)
        # The other steps hold the incident in memory; reload them so none writes back "open".
        workspace = self.parentWidget()
        while workspace is not None and not hasattr(workspace, "reload"):
            workspace = workspace.parentWidget()
        if workspace is not None:
            workspace.reload()  # type: ignore[attr-defined]
        self.ctx.status_message.emit("Incident closed with the customer's confirmation.")

