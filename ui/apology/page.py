"""Step 3, the Apology: regret, responsibility and remedy, checked live as you write them.

The three parts are judged together as one apology (planner.apology.review.analyse_apology):
the underlines of every editor, the findings list, the checklist and its score, and the spoken
preview all come from the same Analysis of the same texts, so they never disagree.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.apology.checker import Analysis, Finding
from planner.apology.checker.finding import PARTS
from planner.apology.checklist import checklist_of
from planner.apology.dismissals import (
    DismissalKey,
    dismiss_finding,
    list_dismissals,
    restore,
)
from planner.apology.review import analyse_apology
from planner.apology.script import assemble_script
from planner.apology.service import Apology, get_apology, meta_findings
from planner.errors import AmendsError, NotFoundError, ValidationError
from planner.followups.promises import save_apology_and_promises
from planner.incidents.model import Customer, Incident
from planner.incidents.service import get_customer, get_incident
from planner.playbooks.db_store import DbPlaybookStore
from planner.playbooks.guidance import find_playbook, guidance
from ui.apology.editors import PartEditor, PlanFields
from ui.apology.findings_panel import FindingsPanel, ask_reason, finding_rows
from ui.apology.highlighter import Linter, Snapshot
from ui.apology.panels import ChecklistView, MetaBanner, MomentsGlance, ScriptPreview
from ui.apology.phrase_library import PhraseLibrary
from ui.context import AppContext
from ui.field_labels import not_saved
from ui.step_page import StepPage, Target
from ui.widgets import ErrorLabel

SIDE_DELAY_MS = 60


class ApologyPage(StepPage):
    """Three checked editors, the promise around them, and the checklist, findings and phrases."""

    title = "Apology"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.apology: Apology | None = None
        self._stored: Apology | None = None  # as last loaded or handed to the autosaver
        self.incident: Incident | None = None
        self.customer: Customer | None = None
        self.dismissed: set[DismissalKey] = set()
        self.last_part = "regret"
        self._loading = False
        self._sized = False
        # Underlines are drawn inside the keystroke; the list, checklist and preview follow
        # once typing pauses, so a burst of keys never waits for them.
        self._side_timer = QTimer(self, singleShot=True, interval=SIDE_DELAY_MS)
        self._side_timer.timeout.connect(self.refresh_now)
        self.error = ErrorLabel()
        self.banner = MetaBanner()
        self.moments = MomentsGlance()
        self._analysis: tuple[object, Analysis] | None = None  # (its inputs, the analysis)
        self.editors = {
            part: PartEditor(part, self._linter(part), self._snapshot(part)) for part in PARTS
        }
        self.plan = PlanFields()
        self.preview = ScriptPreview()
        self.checklist_view = ChecklistView()
        self.findings_panel = FindingsPanel()
        self.phrases = PhraseLibrary()
        self._build_layout()
        self._connect()
        self.load(None)

    def _linter(self, part: str) -> Linter:
        """The underlines of one part: the whole apology's analysis, with this part's new text."""
        return lambda text: list(self.analysis({part: text}).findings.get(part, ()))

    def _snapshot(self, part: str) -> Snapshot:
        """For a long text, the same analysis as a job for the worker thread: its inputs are
        copied here, on the GUI thread, so the job touches no widget."""
        def job_for(text: str) -> Callable[[], list[Finding]]:
            job = self._analysis_job({part: text})
            return lambda: list(job().findings.get(part, ()))
        return job_for

    def _analysis_job(self, changed: Mapping[str, str]) -> Callable[[], Analysis]:
        apology = Apology(**vars(self.apology or Apology(incident_id=0)))
        for part in PARTS:
            apology.set_part(part, changed.get(part, self.editors[part].text()))
        self.plan.read_into(apology)
        incident, dismissed = self.incident, frozenset(self.dismissed)
        moments = list(incident.moments) if incident else []
        impact = incident.impact if incident else ""
        failure = incident.what_went_wrong if incident else ""
        inputs = (tuple(apology.part(p) for p in PARTS), apology.remedy_due, apology.check_back,
                  dismissed, impact, failure, tuple(moments))
        cached = self._analysis
        if cached is not None and cached[0] == inputs:
            result = cached[1]
            return lambda: result

        def job() -> Analysis:
            return analyse_apology(apology, moments, impact=impact, failure=failure,
                                   dismissed=dismissed)
        job.inputs = inputs  # type: ignore[attr-defined]
        return job

    def analysis(self, changed: Mapping[str, str] | None = None) -> Analysis:
        """The whole apology judged now (with ``changed`` part texts in place of the editors'),
        remembered so the underlines, the list, the checklist and the preview share it."""
        job = self._analysis_job(changed or {})
        inputs = getattr(job, "inputs", None)
        result = job()
        if inputs is not None:
            self._analysis = (inputs, result)
        return result

    def _build_layout(self) -> None:
        write = QWidget()
        col = QVBoxLayout(write)
        col.setContentsMargins(6, 6, 6, 6)
        col.setSpacing(6)
        col.addWidget(QLabel("<b>Their experience</b> — build the apology on it"))
        col.addWidget(self.moments)
        for part in PARTS:
            col.addWidget(self.editors[part], 1)
        col.addWidget(self.plan)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # The parts wrap to the column's width; only when the column is narrower than the
        # promised-date rows need (a small screen, a wide checklist) does it scroll sideways,
        # so nothing is hidden under the scroll bar.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(write)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(scroll, "Write")
        self.left_tabs.addTab(self.preview, "Preview")
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.findings_panel, "Findings")
        self.side_tabs.addTab(self.phrases, "Phrases")
        side = QWidget()
        side.setMinimumWidth(230)
        scol = QVBoxLayout(side)
        scol.setContentsMargins(6, 0, 0, 0)
        scol.addWidget(self.checklist_view)
        scol.addWidget(self.side_tabs, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.left_tabs)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.error)
        layout.addWidget(self.plan.how_row)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        for editor in self.editors.values():
            editor.editor.edited.connect(self._edited)
            editor.highlighter.findings_changed.connect(self._side_timer.start)
            editor.focused.connect(lambda part: setattr(self, "last_part", part))
        self.plan.changed.connect(self._edited)
        # A due date or a check-back date changes the verdict (an undated remedy is dated now):
        # not typing, so show the effect at once, underlines included.
        self.plan.changed.connect(self._relint_all)
        self.findings_panel.select_requested.connect(self.select_finding)
        self.findings_panel.fix_requested.connect(self.apply_fix)
        self.findings_panel.dismiss_requested.connect(self.dismiss)
        self.findings_panel.restore_requested.connect(self.restore)
        self.phrases.insert_requested.connect(self.insert_phrase)
        self.left_tabs.currentChanged.connect(lambda _index: self._refresh_preview())
        self.preview.copied.connect(lambda: self.ctx.status_message.emit("Script copied."))
        self.ctx.autosaver.invalid.connect(self._on_invalid)
        self.ctx.autosaver.saved.connect(lambda _when: self.error.show_error(""))
        self.ctx.incident_changed.connect(self._incident_changed)

    def load(self, incident_id: int | None) -> None:
        super().load(incident_id)
        self.error.show_error("")
        self.apology = None
        try:
            if incident_id is not None:
                self.apology = get_apology(self.ctx.db, incident_id)
                self._stored = Apology(**vars(self.apology))
                self._read_context()
        except NotFoundError as exc:
            self.error.show_error(str(exc))
            self.apology = None
        a = self.apology or Apology(incident_id=0)
        self.dismissed = set()
        self._loading = True
        try:
            for part in PARTS:
                self.editors[part].editor.set_text(a.part(part))
                self.editors[part].editor.document().clearUndoRedoStacks()
            self.plan.show_apology(a)
        finally:
            self._loading = False
        self.splitter.setEnabled(self.apology is not None)
        self._reload_dismissals()

    def _read_context(self) -> None:
        """Re-read what the apology is built on: the incident, its customer and moments."""
        assert self.incident_id is not None
        self.incident = get_incident(self.ctx.db, self.incident_id)
        self.customer = get_customer(self.ctx.db, self.incident.customer_id)
        self.moments.set_moments(self.incident.moments)
        # Example sentences for this kind of failure: no deliveries on an invoice.
        playbook = find_playbook(DbPlaybookStore(self.ctx.db), self.incident.failure_type)
        examples = guidance(playbook, ()).examples
        for part, editor in self.editors.items():
            editor.editor.setPlaceholderText(examples[part])

    def showEvent(self, event: QShowEvent) -> None:
        if not self._sized:  # only now is the page's real width known
            self._sized = True
            width = max(self.width(), 700)
            self.splitter.setSizes([width * 3 // 5, width * 2 // 5])
        # The moments may have changed on step 2 since this page was loaded.
        if self.apology is not None:
            try:
                self._read_context()
                self._follow_promised_dates()
            except NotFoundError:
                pass
            self._refresh_status()
        super().showEvent(event)

    def _follow_promised_dates(self) -> None:
        """Show the promised dates as stored: moving or deleting their follow-up on step 5
        changes them, and the form must not write the old ones back."""
        assert self.apology is not None and self.incident_id is not None
        stored = get_apology(self.ctx.db, self.incident_id)
        if (stored.remedy_due, stored.check_back) == (self.apology.remedy_due, self.apology.check_back):
            return
        for apology in (self.apology, self._stored):
            if apology is not None:
                apology.remedy_due, apology.check_back = stored.remedy_due, stored.check_back
        self.plan.show_apology(self.apology)

    def _incident_changed(self, incident_id: int) -> None:
        if incident_id == self.incident_id and self.apology is not None and self.isVisible():
            try:
                self._read_context()
            except NotFoundError:
                return
            self._refresh_status()

    def _read_form(self) -> Apology:
        assert self.apology is not None
        a = self.apology
        for part in PARTS:
            a.set_part(part, self.editors[part].text())
        self.plan.read_into(a)
        return a

    def _edited(self, *_: object) -> None:
        if self._loading or self.apology is None:
            return
        snapshot = Apology(**vars(self._read_form()))
        if snapshot == self._stored:
            return  # a redraw of the underlines also says "text changed"; nothing to save
        before = vars(self._stored) if self._stored is not None else {}
        self._stored = snapshot

        def save() -> None:
            # It stamps updated_at; the promised dates become (or move) their follow-ups.
            save_apology_and_promises(self.ctx.db, Apology(**vars(snapshot)))
            self.ctx.incident_changed.emit(snapshot.incident_id)

        self.ctx.save_edit("apology", snapshot.incident_id, snapshot.incident_id, before,
                           vars(snapshot), save, step="apology")
        self._side_timer.start()

    def reveal(self, target: Target) -> None:
        """Put the keyboard in the part a search found."""
        if target.field in self.editors:
            self.left_tabs.setCurrentIndex(0)
            self.editors[target.field].editor.setFocus()

    def insert_phrase(self, phrase: str) -> None:
        """Put a library phrase at the cursor of the editor last written in."""
        if self.apology is not None:
            self.editors[self.last_part].insert_phrase(phrase)

    def _current(self, part: str, finding: Finding) -> bool:
        """Is the finding still in the text? (The list may lag a keystroke behind.)"""
        if finding in self.editors[part].findings():
            return True
        self.refresh_now()
        return False

    def select_finding(self, part: str, finding: Finding) -> None:
        if self._current(part, finding):
            self.editors[part].select_span(finding)

    def apply_fix(self, part: str, finding: Finding) -> None:
        if self._current(part, finding):
            self.editors[part].apply_fix(finding)

    def dismiss(self, part: str, finding: Finding) -> None:
        """Ask why the finding does not apply, then hide it for this incident."""
        if self.incident_id is None or not self._current(part, finding):
            return
        text, incident_id = self.editors[part].text(), self.incident_id
        try:
            if not ask_reason(self, finding, lambda reason: self.ctx.history.record(
                incident_id, "Dismiss a finding", lambda: dismiss_finding(
                    self.ctx.db, incident_id, finding, part, text, reason), step="apology")):
                return
        except AmendsError as exc:
            self.error.show_error(str(exc))
            return
        self._reload_dismissals()
        self.ctx.status_message.emit(
            "Finding dismissed for this incident. Restore it from “Dismissed”."
        )

    def restore(self, dismissal_id: int) -> None:
        try:
            self.ctx.history.record(self.incident_id, "Restore a finding",
                                    lambda: restore(self.ctx.db, dismissal_id), step="apology")
        except NotFoundError:
            pass
        self._reload_dismissals()

    def _reload_dismissals(self) -> None:
        found = list_dismissals(self.ctx.db, self.incident_id) if self.apology else []
        self.dismissed = {d.key for d in found}
        self.findings_panel.set_dismissals(found)
        for editor in self.editors.values():
            editor.highlighter.relint()
        self.refresh_now()

    def _relint_all(self) -> None:
        for editor in self.editors.values():
            editor.highlighter.relint()
        self.refresh_now()

    def refresh_now(self) -> None:
        """Bring the findings list, checklist, banner and preview up to date with the text."""
        self._side_timer.stop()
        self._refresh_findings()
        self._refresh_status()

    def _refresh_findings(self) -> None:
        analysis = self.analysis()
        rows = finding_rows(
            {part: (e.text(), list(analysis.findings.get(part, ())))
             for part, e in self.editors.items()}
        )
        self.findings_panel.set_findings(rows)
        self.side_tabs.setTabText(0, f"Findings ({len(rows)})" if rows else "Findings")

    def _refresh_status(self) -> None:
        """The checklist, the meta banner and (when shown) the preview, from the form."""
        analysis = self.analysis()
        self.checklist_view.set_checklist(checklist_of(analysis))
        if self.apology is None or self.incident is None:
            self.banner.set_findings([])
            return
        self.banner.set_findings(meta_findings(self.apology, self.incident))
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        if self.left_tabs.currentIndex() != 1 or self.apology is None or self.incident is None:
            return
        self.preview.set_script(assemble_script(
            self._read_form(), self.incident.moments, self.customer, self.analysis()
        ))

    def script(self) -> str:
        """The spoken script as the preview shows it."""
        self.left_tabs.setCurrentIndex(1)
        return self.preview.text.toPlainText()

    def _on_invalid(self, key: str, exc: ValidationError) -> None:
        if key.startswith("apology:"):
            self.error.show_error(not_saved(exc, "the apology"))

