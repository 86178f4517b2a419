"""Step 1, What happened: the customer, the failure, what it did to them, the relationship."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.errors import NotFoundError, ValidationError
from planner.incidents.model import Customer, Incident, Severity, Status
from planner.incidents.service import get_customer, get_incident, save_customer, save_incident
from planner.visits.service import follow_address
from ui.context import AppContext
from ui.editing.date_field import DateTimeField
from ui.editing.fields import LineEdit
from ui.field_labels import not_saved
from ui.incidents.failure_types import HINT as FAILURE_TYPE_HINT
from ui.incidents.failure_types import fill_failure_types
from ui.step_page import StepPage, Target
from ui.widgets import (
    ChoiceCombo,
    ErrorLabel,
    OfferBar,
    TextBox,
    fit_combo,
    from_qdate,
    to_qdate,
)

SINCE_UNSET = QDate(1900, 1, 1)  # shown as "not set"; never stored


def _now() -> datetime:
    return datetime.now().astimezone()



class WhatHappenedPage(StepPage):
    """A form over one incident and its customer; every edit autosaves."""

    title = "What happened"
    # The user chose a failure type: the workspace offers that playbook (its key).
    playbook_wanted = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.incident: Incident | None = None
        self.customer: Customer | None = None
        self._loading = False
        self._happened_follows = True
        self._stored_address: str | None = None  # the address as last saved
        self.error = ErrorLabel()
        self.c = {
            "company": LineEdit(), "contact_name": LineEdit(), "contact_role": LineEdit(),
            "phone": LineEdit(), "email": LineEdit(), "annual_value": LineEdit(),
            "address": TextBox("Street, town, postcode", 2),
            "relationship_notes": TextBox("How long a customer, past incidents, who matters there", 3),
        }
        # Often unknown: unticked means "not set" (None), and only the user's tick writes a date.
        self.since_known = QCheckBox()
        self.since_known.setAccessibleName("Customer since is known")
        self.since_known.setToolTip("Tick to record since when they have been a customer")
        self.customer_since = QDateEdit(calendarPopup=True, displayFormat="MMMM yyyy")
        self.customer_since.setMinimumDate(SINCE_UNSET)
        self.customer_since.setSpecialValueText("not set")
        self.customer_since.setAccessibleName("Customer since")
        self.title_edit = LineEdit(placeholderText="A short name you will recognize later")
        # Choosing in an open list only: an arrow key passing over a type must not offer its
        # playbook, nor pass over "Closed" on the way to another status.
        self.failure_type = ChoiceCombo()  # one entry per playbook, refreshed in load()
        fill_failure_types(self.failure_type, ctx.db)
        # "activated" fires for the user's choice only, not when loading an incident sets the
        # combo, and also when the same type is chosen again (to be offered it a second time).
        self.failure_type.activated.connect(
            lambda index: self._want_playbook(str(self.failure_type.itemData(index))))
        self._offered_type: str | None = None  # the failure type the offer bar speaks for
        self.severity = ChoiceCombo()
        for sev in Severity:
            self.severity.addItem(sev.label, sev.value)
        # Typed as people say them ("yesterday 17:05", "mon 9"); neither can lie ahead of now.
        self.happened_at = DateTimeField(
            prefer="past", latest=_now, name="Happened",
            latest_reason="It happened already: give the day and time it did.")
        self.reported_at = DateTimeField(
            prefer="past", latest=_now, name="They told us",
            latest_reason="They told us already: give the day and time they did.")
        self.what_went_wrong = TextBox("What went wrong, in plain words — facts, not excuses", 4)
        self.impact = TextBox("Missed deadline, stopped line, their boss on their back…", 3)
        self.status = ChoiceCombo()
        for status in Status:
            self.status.addItem(status.label, status.value)
        self.confirmation = TextBox("Closing needs the customer's own word that they are satisfied", 2)
        # The playbook of a chosen failure type is offered here, without stopping the user.
        self.offer_bar = OfferBar()
        self.offer_bar.setAccessibleName("Playbook offer")
        fit_combo(self.failure_type, 12, FAILURE_TYPE_HINT)
        fit_combo(self.severity, 6)
        fit_combo(self.status, 10)
        self._build_layout()
        self._connect()

    def _build_layout(self) -> None:
        c = self.c
        incident_box = QGroupBox("The incident")
        form = QFormLayout(incident_box)
        # In a narrow window a field goes under its label instead of being cut at the right.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Title", self.title_edit)
        kind = QHBoxLayout()
        kind.addWidget(self.failure_type, 2)
        kind.addWidget(self.severity, 1)
        form.addRow("Failure type, severity", kind)
        form.addRow("Happened", self.happened_at)
        form.addRow("They told us", self.reported_at)
        form.addRow("What went wrong", self.what_went_wrong)
        form.addRow("What it did to them", self.impact)
        form.addRow("Status", self.status)
        form.addRow("Customer's confirmation", self.confirmation)
        customer_box = QGroupBox("The customer — keep the whole relationship in mind")
        cform = QFormLayout(customer_box)
        cform.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        cform.addRow("Company", c["company"])
        who = QHBoxLayout()
        c["contact_name"].setPlaceholderText("Name")
        c["contact_role"].setPlaceholderText("Role")
        who.addWidget(c["contact_name"], 1)
        who.addWidget(c["contact_role"], 1)
        cform.addRow("Contact, role", who)
        reach = QHBoxLayout()
        c["phone"].setPlaceholderText("Phone")
        c["email"].setPlaceholderText("E-mail")
        reach.addWidget(c["phone"], 1)
        reach.addWidget(c["email"], 1)
        cform.addRow("Phone, e-mail", reach)
        cform.addRow("Address", c["address"])
        since = QHBoxLayout()
        since.addWidget(self.since_known)
        since.addWidget(self.customer_since)
        c["annual_value"].setPlaceholderText("What they are worth to us, e.g. £180k a year")
        since.addWidget(c["annual_value"], 1)
        cform.addRow("Customer since, worth", since)
        cform.addRow("Relationship", c["relationship_notes"])
        inner = QWidget()
        col = QVBoxLayout(inner)
        col.addWidget(self.error)
        col.addWidget(self.offer_bar)
        col.addWidget(incident_box)
        col.addWidget(customer_box)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # The form fits the width (rows wrap); only a long form scrolls, and only down.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        self.scroll = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _connect(self) -> None:
        for widget in self.c.values():
            signal = widget.edited if isinstance(widget, TextBox) else widget.textChanged
            signal.connect(self._customer_edited)
        self.customer_since.dateChanged.connect(self._customer_edited)
        self.since_known.toggled.connect(self._since_toggled)
        self.title_edit.textChanged.connect(self._incident_edited)
        for box in (self.failure_type, self.severity, self.status):
            box.currentIndexChanged.connect(self._incident_edited)
        self.happened_at.changed.connect(self._happened_edited)
        self.reported_at.changed.connect(self._reported_edited)
        for tb in (self.what_went_wrong, self.impact, self.confirmation):
            tb.edited.connect(self._incident_edited)
        self.ctx.autosaver.invalid.connect(self._on_invalid)
        self.ctx.autosaver.saved.connect(self._on_saved)

    def _want_playbook(self, key: str) -> None:
        self._offered_type = key
        self.playbook_wanted.emit(key)

    def load(self, incident_id: int | None) -> None:
        if incident_id != self.incident_id:
            self.offer_bar.hide()  # an offer made for another incident
        super().load(incident_id)
        self.error.show_error("")
        if incident_id is None:
            self.incident = self.customer = None
            return
        try:
            self.incident = get_incident(self.ctx.db, incident_id)
            if self.incident.failure_type != self._offered_type:
                self.offer_bar.hide()  # undone or changed elsewhere: the offer no longer fits
            self.customer = get_customer(self.ctx.db, self.incident.customer_id)
            self._stored_address = self.customer.address
        except NotFoundError as exc:
            self.error.show_error(str(exc))
            return
        self._loading = True
        try:
            for name, widget in self.c.items():
                value = getattr(self.customer, name)
                widget.set_text(value) if isinstance(widget, TextBox) else widget.setText(value)
            self._show_since(self.customer.customer_since)
            inc = self.incident
            self.title_edit.setText(inc.title)
            fill_failure_types(self.failure_type, self.ctx.db)  # playbooks may have changed
            self._select(self.failure_type, inc.failure_type)
            self._select(self.severity, inc.severity.value)
            self._select(self.status, inc.status.value)
            # An unset "Happened" shows (and saves as) the report time, never "now".
            happened = inc.happened_at or inc.reported_at
            now = _now()
            self.happened_at.set_value(happened or now)
            self.reported_at.set_value(inc.reported_at or now)
            # "Happened" the user never set moves along with "They told us".
            self._happened_follows = happened is None or happened == inc.reported_at
            self.what_went_wrong.set_text(inc.what_went_wrong)
            self.impact.set_text(inc.impact)
            self.confirmation.set_text(inc.customer_confirmation)
        finally:
            self._loading = False

    def reveal(self, target: Target) -> None:
        """Put the keyboard in the field a search found."""
        fields: dict[str, QWidget] = {
            "title": self.title_edit, "what_went_wrong": self.what_went_wrong,
            "impact": self.impact, "customer_confirmation": self.confirmation, **self.c}
        widget = fields.get(target.field)
        if widget is not None:
            self.scroll.ensureWidgetVisible(widget)
            widget.setFocus()

    def since_value(self) -> date | None:
        """The customer-since date the user chose, or None when it is not set."""
        shown = self.customer_since.date()
        if not self.since_known.isChecked() or shown == SINCE_UNSET:
            return None
        return from_qdate(shown)

    def _show_since(self, value: date | None) -> None:
        with QSignalBlocker(self.since_known), QSignalBlocker(self.customer_since):
            self.since_known.setChecked(value is not None)
            self.customer_since.setEnabled(value is not None)
            self.customer_since.setDate(to_qdate(value) if value is not None else SINCE_UNSET)

    def _since_toggled(self, on: bool) -> None:
        with QSignalBlocker(self.customer_since):
            self.customer_since.setEnabled(on)
            if on and self.customer_since.date() == SINCE_UNSET:
                self.customer_since.setDate(QDate.currentDate())
        self._customer_edited()

    @staticmethod
    def _select(box: QComboBox, value: Any) -> None:
        index = box.findData(value)
        if index < 0:  # a failure type from a user playbook this list does not know yet
            box.addItem(str(value), value)
            index = box.count() - 1
        box.setCurrentIndex(index)

    def _customer_edited(self, *_: object) -> None:
        if self._loading or self.customer is None:
            return
        old_address = self.customer.address
        before = dict(vars(self.customer))
        for name, widget in self.c.items():
            text = widget.toPlainText() if isinstance(widget, TextBox) else widget.text()
            setattr(self.customer, name, text)
        self.customer.customer_since = self.since_value()
        customer, incident_id = self.customer, self.incident_id
        assert incident_id is not None
        stored_address = self._stored_address if self._stored_address is not None else old_address

        def save() -> None:
            save_customer(self.ctx.db, customer)
            # A visit planned before the address was known goes to the customer's address.
            follow_address(self.ctx.db, incident_id, stored_address, customer.address)
            self._stored_address = customer.address
            self.ctx.incident_changed.emit(incident_id)

        assert customer.id is not None
        self.ctx.save_edit("customer", customer.id, incident_id, before, vars(customer), save,
                           step="what")

    def _happened_edited(self, *_: object) -> None:
        if not self._loading:
            self._happened_follows = False  # the user's own choice: never moved for them again
        self._incident_edited()

    def _reported_edited(self, *_: object) -> None:
        if not self._loading and self._happened_follows:
            self.happened_at.set_value(self.reported_at.value())  # reports no change
        self._incident_edited()

    def _incident_edited(self, *_: object) -> None:
        if self._loading or self.incident is None:
            return
        inc = self.incident
        before = dict(vars(inc))
        inc.title = self.title_edit.text()
        inc.failure_type = str(self.failure_type.currentData())
        inc.severity = Severity(self.severity.currentData())
        chosen = Status(self.status.currentData())
        if chosen == Status.CLOSED and inc.status != Status.CLOSED:
            # Closing goes through one door: the customer's own words, and a say over any
            # follow-ups still pending. Until that dialog agrees, the status stays as it was.
            self._loading = True
            self._select(self.status, inc.status.value)
            self._loading = False
            QTimer.singleShot(0, self._close_incident)
        else:
            inc.status = chosen
        happened, reported = self.happened_at.value(), self.reported_at.value()
        inc.happened_at = happened if isinstance(happened, datetime) else inc.happened_at
        inc.reported_at = reported if isinstance(reported, datetime) else inc.reported_at
        inc.what_went_wrong = self.what_went_wrong.toPlainText()
        inc.impact = self.impact.toPlainText()
        inc.customer_confirmation = self.confirmation.toPlainText()

        def save() -> None:
            save_incident(self.ctx.db, inc)
            assert inc.id is not None
            self.ctx.incident_changed.emit(inc.id)

        self.ctx.save_edit("incident", inc.id, inc.id, before, vars(inc), save, step="what")

    def _close_incident(self) -> None:
        workspace = self.parentWidget()
        while workspace is not None and not hasattr(workspace, "pages"):
            workspace = workspace.parentWidget()
        if workspace is not None:
            workspace.pages["followups"].close_incident()  # type: ignore[attr-defined]

    def _on_saved(self, _when: object) -> None:
        refused = [k for k, _ in self.ctx.autosaver.invalid_saves() if k.split(":")[0] in ("incident", "customer")]
        if not refused:  # another record's save must not hide this page's problem
            self.error.show_error("")

    def _on_invalid(self, key: str, exc: ValidationError) -> None:
        if key.split(":")[0] in ("incident", "customer"):
            self.error.show_error(not_saved(exc))
