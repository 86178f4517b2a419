"""Step 4, the Visit: when and where, who comes, agenda, bring-list, questions, then the outcome."""
from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.errors import AmendsError, NotFoundError, ValidationError
from planner.incidents.service import get_incident
from planner.timeutil import now_utc
from planner.visits.brief import choose_visit
from planner.visits.model import Visit
from planner.visits.service import (
    delete_visit,
    get_visit,
    list_visits,
    new_visit,
    save_visit,
    visit_clashes,
    visit_warnings,
)
from ui.context import AppContext
from ui.field_labels import not_saved
from ui.step_page import StepPage, Target
from ui.visits.actions import print_visit_brief, save_brief_as_pdf, start_rehearsal
from ui.visits.form import VisitForm
from ui.visits.rehearsal import RehearsalWindow
from ui.widgets import ErrorLabel

WARNING_STYLE = ("background: #fff4d6; color: #6b4e00; border: 1px solid #e8c66a; "
                 "border-radius: 4px; padding: 6px 8px;")


def visit_label(visit: Visit) -> str:
    """How a visit is named in the selector: its local date and time, and its status."""
    return f"{visit.starts_at.astimezone():%a %d %b %Y, %H:%M} — {visit.status.label}"


class VisitPage(StepPage):
    """One visit at a time (a selector when there are several); every edit autosaves."""

    title = "Visit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.visits: list[Visit] = []
        self.visit: Visit | None = None
        self.rehearsal: RehearsalWindow | None = None
        self._loading = False
        self.selector = QComboBox()
        self.selector.setAccessibleName("Visit")
        self.selector.setMinimumContentsLength(24)
        self.add_button = QPushButton("Add visit")
        self.delete_button = QPushButton("Delete visit")
        self.rehearse_button = QPushButton("Rehearse (F5)")
        self.rehearse_button.setToolTip("Practice the apology out loud as full-screen cue cards")
        self.print_button = QPushButton("Print brief…")
        self.pdf_button = QPushButton("Save brief as PDF…")
        self.full_brief = QCheckBox("Full brief")
        self.full_brief.setToolTip("Unticked, the brief fits one page and counts what it leaves "
                                   "out (“+3 more follow-ups”); ticked, it shows everything and "
                                   "may run on to more pages.")
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.error = ErrorLabel()
        self.empty = QLabel("No visit planned yet. Saying sorry in person does more than any "
                            "e-mail or call — press “Add visit” to plan one.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(24, 48, 24, 24)
        self.form = VisitForm()
        self._build_layout()
        self._connect()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Visit"))
        bar.addWidget(self.selector, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.rehearse_button, self.full_brief, self.print_button, self.pdf_button):
            actions.addWidget(button)
        inner = QWidget()
        col = QVBoxLayout(inner)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.form)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # Two columns that shrink with the window; a sideways scroll bar would hide the lists.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(bar)
        outer.addLayout(actions)
        outer.addWidget(self.warnings)
        outer.addWidget(self.error)
        outer.addWidget(self.empty)
        outer.addWidget(scroll, 1)
        self.scroll = scroll

    def _connect(self) -> None:
        self.selector.currentIndexChanged.connect(self._on_select)
        self.add_button.clicked.connect(self.add_visit)
        self.delete_button.clicked.connect(self.delete_current)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_brief)
        self.rehearse_button.clicked.connect(self.rehearse)
        QShortcut(QKeySequence("F5"), self, self.rehearse).setWhatsThis(
            "Rehearse the apology as full-screen cue cards")
        self.form.edited.connect(self._edited)
        self.form.restructured.connect(self._restructured)
        self.ctx.autosaver.invalid.connect(self._on_invalid)
        self.ctx.incident_changed.connect(self._incident_changed)

    def load(self, incident_id: int | None) -> None:
        super().load(incident_id)
        self.error.show_error("")
        self.visits = list_visits(self.ctx.db, incident_id) if incident_id else []
        chosen = choose_visit(self.visits, now_utc())
        self._fill_selector(chosen.id if chosen else None)

    def reveal(self, target: Target) -> None:
        """Show the visit a search found (or Today pointed at), at the field that matched."""
        if target.row is not None:
            index = self.selector.findData(target.row)
            if index >= 0:
                self.selector.setCurrentIndex(index)
        fields = {"notes": self.form.notes, "outcome_said": self.form.outcome_said,
                  "outcome_agreed": self.form.outcome_agreed}
        widget = fields.get(target.field)
        if widget is not None and self.visit is not None:
            self.scroll.ensureWidgetVisible(widget)
            widget.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        # Step 1 gives a visit planned before the address was known the customer's address.
        if self.visit is not None and self.visit.id is not None:
            try:
                stored = get_visit(self.ctx.db, self.visit.id).place
            except NotFoundError:
                stored = self.visit.place
            if stored != self.visit.place and self.form.place.toPlainText() == self.visit.place:
                self.visit.place = stored
                self.form.place.set_text(stored)
        super().showEvent(event)

    def _fill_selector(self, visit_id: int | None) -> None:
        self._loading = True
        try:
            self.selector.clear()
            for visit in self.visits:
                self.selector.addItem(visit_label(visit), visit.id)
            index = self.selector.findData(visit_id) if visit_id is not None else -1
            self.selector.setCurrentIndex(max(index, 0) if self.visits else -1)
        finally:
            self._loading = False
        self._show(self.visits[self.selector.currentIndex()] if self.visits else None)

    def _on_select(self, index: int) -> None:
        if self._loading or not 0 <= index < len(self.visits):
            return
        self.ctx.autosaver.flush()
        self._show(self.visits[index])

    def _show(self, visit: Visit | None) -> None:
        self.visit = visit
        has = visit is not None
        self.form.setVisible(has)
        self.scroll.setVisible(has)
        self.empty.setVisible(not has and self.incident_id is not None)
        self.selector.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.add_button.setEnabled(self.incident_id is not None)
        for button in (self.rehearse_button, self.print_button, self.pdf_button):
            button.setEnabled(self.incident_id is not None)
        if visit is None:
            self._refresh_warnings()
            return
        self.form.show_visit(visit)
        self._refresh_warnings()

    def _edited(self, *_: object) -> None:
        if self._loading or self.visit is None:
            return
        v = self.visit
        before = copy.deepcopy(vars(v))  # the form fills lists of items in place
        self.form.read_into(v)
        self._refresh_warnings()

        def save() -> None:
            save_visit(self.ctx.db, v)
            self.error.show_error("")
            index = self.selector.findData(v.id)
            if index >= 0:
                self.selector.setItemText(index, visit_label(v))
            self.ctx.incident_changed.emit(v.incident_id)

        assert v.id is not None
        self.ctx.save_edit("visit", v.id, v.incident_id, before, vars(v), save, step="visit")

    def _restructured(self, label: str) -> None:
        """A line or person removed or moved: typing before it is saved as its own step, then
        this change is saved at once as one."""
        if self._loading or self.visit is None:
            return
        self.ctx.save_typing()
        v = self.visit
        self.form.read_into(v)
        try:
            self.ctx.history.record(v.incident_id, label, lambda: save_visit(self.ctx.db, v),
                                    step="visit")
        except ValidationError as exc:  # say what to fix; the form keeps what was there
            self.error.show_error(not_saved(exc))
            return
        except NotFoundError as exc:
            self.error.show_error(str(exc))
            return
        self.error.show_error("")
        self.ctx.incident_changed.emit(v.incident_id)

    def _refresh_warnings(self) -> None:
        lines: list[str] = []
        if self.visit is not None and self.incident_id is not None:
            try:
                incident = get_incident(self.ctx.db, self.incident_id)
                lines = visit_warnings(self.visit, incident, now_utc().astimezone())  # the user's zone
                clash = visit_clashes(self.ctx.db, self.visit)
                if clash:
                    lines.insert(0, f"{clash} You cannot be in two places at once: move one of them.")
            except NotFoundError:
                lines = []
        self.warnings.setText("\n".join(f"⚠  {line}" for line in lines))
        self.warnings.setVisible(bool(lines))

    def _incident_changed(self, incident_id: int) -> None:
        if incident_id == self.incident_id:
            self._refresh_warnings()

    def _on_invalid(self, key: str, exc: ValidationError) -> None:
        if key.startswith("visit:"):
            self.error.show_error(not_saved(exc))

    def add_visit(self) -> None:
        if self.incident_id is None:
            return
        self.ctx.autosaver.flush()
        incident_id = self.incident_id
        try:
            visit = self.ctx.history.record(incident_id, "Add a visit",
                                            lambda: new_visit(self.ctx.db, incident_id), step="visit")
        except AmendsError as exc:
            self.error.show_error(str(exc))
            return
        self.visits = list_visits(self.ctx.db, self.incident_id)
        self._fill_selector(visit.id)
        self.ctx.incident_changed.emit(self.incident_id)
        self.ctx.status_message.emit(
            f"New visit planned for {visit.starts_at.astimezone():%a %d %b at %H:%M}, the first "
            "free time from the next working day at 10:00 — change it to suit the customer.")

    def delete_current(self) -> None:
        if self.visit is None or self.visit.id is None or self.incident_id is None:
            return
        answer = QMessageBox.question(
            self, "Delete visit", f"Delete the visit of {visit_label(self.visit)} with its agenda, "
            "people and notes?\nEdit ▸ Undo (Ctrl+Z) brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.autosaver.flush()
        visit_id = self.visit.id
        try:
            self.ctx.history.record(self.incident_id, "Delete the visit",
                                    lambda: delete_visit(self.ctx.db, visit_id), step="visit")
        except NotFoundError:
            pass
        self.load(self.incident_id)
        self.ctx.incident_changed.emit(self.incident_id)

    def _visit_id(self) -> int | None:
        return self.visit.id if self.visit is not None else None

    def save_pdf(self) -> None:
        if self.incident_id is not None:
            save_brief_as_pdf(self, self.ctx, self.incident_id, self._visit_id(),
                              full=self.full_brief.isChecked())

    def print_brief(self) -> None:
        if self.incident_id is not None:
            print_visit_brief(self, self.ctx, self.incident_id, self._visit_id(),
                              full=self.full_brief.isChecked())

    def rehearse(self) -> None:
        if self.incident_id is None:
            return
        if self.rehearsal is not None:
            self.rehearsal.close()
            self.rehearsal.deleteLater()
        self.rehearsal = start_rehearsal(self, self.ctx, self.incident_id, self._visit_id())
