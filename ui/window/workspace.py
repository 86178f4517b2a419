"""The incident workspace: a header, the five steps of the flow, one page at a time."""
from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from planner.errors import NotFoundError
from planner.incidents.service import get_customer, get_incident
from ui.context import AppContext
from ui.editing.fields import ElidedLabel
from ui.overview.timeline import TimelineWidget
from ui.step_page import StepPage, Target
from ui.widgets import commit_open_editors


def _page(module: str, name: str) -> Callable[[AppContext], StepPage]:
    """A factory that imports its page's module on first use (the checker, calendar and
    brief code behind the later steps need not load before the window shows)."""

    def build(ctx: AppContext) -> StepPage:
        page_class: type[StepPage] = getattr(importlib.import_module(module), name)
        return page_class(ctx)

    return build


# The flow of PRODUCT.md, in order. Each factory builds its page once per window.
STEPS: list[tuple[str, str, Callable[[AppContext], StepPage]]] = [
    ("what", "1  What happened", _page("ui.incidents.what_happened_page", "WhatHappenedPage")),
    ("experience", "2  Their experience", _page("ui.incidents.experience_page", "ExperiencePage")),
    ("apology", "3  Apology", _page("ui.apology.page", "ApologyPage")),
    ("visit", "4  Visit", _page("ui.visits.page", "VisitPage")),
    ("followups", "5  Follow-ups", _page("ui.followups.page", "FollowUpsPage")),
]


class IncidentWorkspace(QWidget):
    """Shows one incident; Ctrl+1…5 jump between the steps."""

    step_changed = Signal(str)
    caption_changed = Signal(str)  # "#12 Late shelving · Halvorsen Fitouts", or "" with none open
    stayed = Signal(object)  # the incident kept open because leaving it was refused

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.incident_id: int | None = None
        self._caption = ""
        self.caption_changed.connect(lambda text: setattr(self, "_caption", text))
        self._offered: str | None = None  # the playbook key the offer bar speaks of
        # Asked before leaving an incident; False keeps it open (its typed input needs fixing).
        self.leave_guard: Callable[[], bool] | None = None
        # One line each, cut with "…" in a small window; the whole title shows on hover.
        self.header = ElidedLabel()
        font = QFont(self.header.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.header.setFont(font)
        self.sample_note = QLabel("(sample — delete it when you are done)")
        self.sample_note.setStyleSheet("color: #8a6d3b;")
        self.subtitle = ElidedLabel()
        title_row = QHBoxLayout()
        title_row.setContentsMargins(0, 0, 0, 0)
        title_row.addWidget(self.header)
        title_row.addWidget(self.sample_note)
        title_row.addStretch(1)
        self.header_box = QWidget()
        header_col = QVBoxLayout(self.header_box)
        header_col.setContentsMargins(0, 0, 0, 0)
        header_col.setSpacing(0)
        header_col.addLayout(title_row)
        header_col.addWidget(self.subtitle)
        self.timeline = TimelineWidget(ctx)
        self.steps = QListWidget()
        self.steps.setSpacing(3)
        self.steps.setAccessibleName("Steps")
        self.stack = QStackedWidget()
        # Pages are built the first time they are needed: start-up pays only for the first step.
        self.pages = _LazyPages(self)
        for number, (key, label, _factory) in enumerate(STEPS, start=1):
            self.stack.addWidget(QWidget())  # a stand-in until the page is built
            self.steps.addItem(label)
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda k=key: self.show_step(k)
                      ).setWhatsThis(f"Go to step {number}, {label.split(maxsplit=1)[-1]}")
        # As wide as its longest step name, no wider: the page beside it needs the room.
        self.steps.setFixedWidth(self.steps.sizeHintForColumn(0) + 2 * self.steps.frameWidth() + 12)
        self.placeholder = QLabel("Choose an incident on the left, or press Ctrl+N to start a new one.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addWidget(self.stack, 1)
        self.body = QWidget()
        self.body.setLayout(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.header_box)
        layout.addWidget(self.timeline)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.placeholder, 1)
        self.steps.currentRowChanged.connect(self._on_step)
        # No page is built until the workspace is first shown: the app opens on Today.
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(0)
        self.steps.blockSignals(False)
        ctx.incident_changed.connect(self._refresh_header)
        self.load(None)

    def load(self, incident_id: int | None) -> None:
        """Show an incident (None: the empty state). Pending edits of the last one are saved."""
        if incident_id == self.incident_id and incident_id is not None:
            return
        commit_open_editors()  # a cell still being typed in belongs to the incident we leave
        self.ctx.autosaver.flush()
        if incident_id != self.incident_id and self.leave_guard is not None and not self.leave_guard():
            self.stayed.emit(self.incident_id)
            return
        self.incident_id = incident_id
        if incident_id is None:
            self.caption_changed.emit("")
        self.body.setVisible(incident_id is not None)
        self.header_box.setVisible(incident_id is not None)
        self.timeline.setVisible(incident_id is not None)
        self.placeholder.setVisible(incident_id is None)
        for page in list(self.pages.values()):
            page.load(incident_id)
        self._refresh_header(incident_id)

    def reload(self) -> None:
        """Re-read the current incident from the database into every page."""
        current, self.incident_id = self.incident_id, None
        guard, self.leave_guard = self.leave_guard, None  # the same incident, read afresh
        try:
            self.load(current)
        finally:
            self.leave_guard = guard

    def show_step(self, key: str) -> None:
        keys = [k for k, _, _ in STEPS]
        if key in keys:
            self.steps.setCurrentRow(keys.index(key))

    def reveal(self, key: str, target: Target) -> None:
        """Show ``target`` (a row, a field) on the step ``key``."""
        if key in [k for k, _, _ in STEPS]:
            self.pages[key].reveal(target)

    def caption(self) -> str:
        """The open incident as the window title names it ("" when none is open)."""
        return self._caption

    def current_step(self) -> str:
        return STEPS[self.stack.currentIndex()][0]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._on_step(self.steps.currentRow())  # builds the visible page the first time

    def _build_page(self, key: str) -> StepPage:
        index = [k for k, _, _ in STEPS].index(key)
        page = STEPS[index][2](self.ctx)
        stand_in = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        page.load(self.incident_id)
        wanted = getattr(page, "playbook_wanted", None)
        if wanted is not None:
            wanted.connect(lambda key, p=page: self.offer_playbook(p, key))
        bar = getattr(page, "offer_bar", None)
        if bar is not None:
            bar.accepted.connect(lambda p=page: self.review_playbook(p))
        return page

    def offer_playbook(self, page: StepPage, key: str) -> None:
        """Say in the page's bar what the playbook ``key`` would add; nothing changes yet."""
        # The offer pulls in the checker and calendar code; it loads when first needed.
        from ui.playbooks.offer import offer_in_bar

        self._offered = key
        offer_in_bar(page, key)

    def review_playbook(self, page: StepPage) -> None:
        """Show the offered playbook in full; add what the user accepts, then reload every page."""
        from ui.playbooks.offer import offer_playbook

        if self._offered is not None:
            offer_playbook(page, self._offered, reload=self.reload)

    def _on_step(self, row: int) -> None:
        if row >= 0:
            self.pages[STEPS[row][0]]  # build on first visit
            self.stack.setCurrentIndex(row)
            self.step_changed.emit(STEPS[row][0])

    def _refresh_header(self, incident_id: int | None) -> None:
        if incident_id is None or incident_id != self.incident_id:
            return
        try:
            incident = get_incident(self.ctx.db, incident_id)
            customer = get_customer(self.ctx.db, incident.customer_id)
        except NotFoundError:
            return
        self.timeline.load(incident_id)
        who = customer.company + (f" — {customer.contact_name}" if customer.contact_name else "")
        # The number is what `amends brief`, `export-ics --incident` and `agenda` speak of.
        self.header.set_full_text(f"#{incident_id} {' '.join(incident.title.split())}")
        self.sample_note.setVisible(incident.is_sample)
        self.subtitle.set_full_text(
            f"{who} · {incident.severity.label} severity · {incident.status.label}")
        self.caption_changed.emit(f"#{incident_id} {incident.title} · {customer.company}")


class _LazyPages(dict[str, StepPage]):
    """The workspace's pages by step key; looking one up builds it on first use."""

    def __init__(self, workspace: IncidentWorkspace) -> None:
        super().__init__()
        self._workspace = workspace

    def __missing__(self, key: str) -> StepPage:
        page = self[key] = self._workspace._build_page(key)
        return page

