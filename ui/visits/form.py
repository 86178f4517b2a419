"""The form of one visit: its fields in two columns, filled from a Visit and read back into it."""
from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.timeutil import local_zone_name
from planner.visits.model import Visit, VisitStatus
from ui.editing.date_field import DateTimeField
from ui.editing.fields import LineEdit
from ui.visits.lists import ItemListEditor, PeopleEditor
from ui.widgets import TextBox


class VisitForm(QWidget):
    """When and where, who comes, notes and outcome on the left; the three lists on the right."""

    edited = Signal()
    restructured = Signal(str)  # a line or person removed or moved: its own step for undo

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        # Typed as people say it ("thu 10:30", "+2d 9"); a visit lies ahead.
        self.when = DateTimeField(prefer="future", default_time=time(10, 0), name="Date and start")
        # Zero is allowed here so the planner can say why it is refused, naming the field.
        self.duration = QSpinBox(minimum=0, maximum=720, singleStep=15, suffix=" min")
        self.status = QComboBox()
        for status in VisitStatus:
            self.status.addItem(status.label, status.value)
        self.place = TextBox("The customer's address", 2)
        self.room = LineEdit(placeholderText="Room, floor, who meets you at reception")
        self.people = PeopleEditor()
        self.agenda = ItemListEditor("agenda item")
        self.bring = ItemListEditor("thing to bring", checkable=True)
        self.questions = ItemListEditor("question")
        self.notes = TextBox("Parking, what to wear, anything to remember", 2)
        self.outcome_said = TextBox("What the customer said, in their words", 2)
        self.outcome_agreed = TextBox("What you agreed: actions, dates, owners", 2)
        self._build_layout()
        self._connect()

    def _build_layout(self) -> None:
        when = QGroupBox("When and where")
        form = QFormLayout(when)
        form.addRow("When", self.when)
        timing = QHBoxLayout()
        timing.addWidget(self.duration)
        timing.addStretch(1)
        form.addRow("For", timing)
        form.addRow("Status", self.status)
        form.addRow("Place", self.place)
        form.addRow("Room", self.room)
        self.place.setMaximumHeight(self.place.minimumHeight())
        who = QGroupBox("Who comes from our side")
        who_col = QVBoxLayout(who)
        hint = QLabel("Bring the person who can fix it into the room, so promises are real.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        who_col.addWidget(hint)
        who_col.addWidget(self.people)
        self.people.table.setMinimumHeight(92)
        self.people.table.setMaximumHeight(150)
        after = QGroupBox("After the visit — set Status to Done to fill it in")
        after_form = QFormLayout(after)
        after_form.addRow("They said", self.outcome_said)
        after_form.addRow("We agreed", self.outcome_agreed)
        left = QVBoxLayout()
        for widget in (when, who, _boxed("Notes", self.notes), after):
            left.addWidget(widget)
        left.addStretch(1)
        right = QVBoxLayout()
        for title, editor, height in (
            ("Agenda — in this order", self.agenda, 190),
            ("What to bring — tick when packed", self.bring, 110),
            ("Questions to ask — open ones, then listen", self.questions, 110),
        ):
            editor.view.setMinimumHeight(height)
            right.addWidget(_boxed(title, editor), 1)
        # Two columns side by side; one under the other when the window is too narrow for both.
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 1)
        self._left, self._right = left, right

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = (QBoxLayout.Direction.LeftToRight
                  if event.size().width() >= self._left.minimumSize().width()
                  + self._right.minimumSize().width() + 40 else QBoxLayout.Direction.TopToBottom)
        if self.columns.direction() != wanted:
            self.columns.setDirection(wanted)

    def minimumSizeHint(self) -> QSize:
        # As narrow as the wider column: the columns stack rather than being cut.
        hint = super().minimumSizeHint()
        widest = max(self._left.minimumSize().width(), self._right.minimumSize().width())
        return QSize(widest, hint.height())

    def _connect(self) -> None:
        self.when.changed.connect(self._changed)
        self.duration.valueChanged.connect(self._changed)
        self.status.currentIndexChanged.connect(self._changed)
        self.room.textChanged.connect(self._changed)
        for box in (self.place, self.notes, self.outcome_said, self.outcome_agreed):
            box.edited.connect(self._changed)
        for editor in (self.people, self.agenda, self.bring, self.questions):
            editor.changed.connect(self._changed)
            editor.restructured.connect(self.restructured)

    def show_visit(self, visit: Visit) -> None:
        """Fill every field from visit, in local time, without reporting an edit."""
        self._loading = True
        try:
            self.when.set_value(visit.starts_at)
            self.duration.setValue(visit.duration_min)
            self.status.setCurrentIndex(self.status.findData(visit.status.value))
            self.place.set_text(visit.place)
            self.room.setText(visit.room)
            self.notes.set_text(visit.notes)
            self.outcome_said.set_text(visit.outcome_said)
            self.outcome_agreed.set_text(visit.outcome_agreed)
            self.people.set_people(visit.people)
            self.agenda.set_items(visit.agenda)
            self.bring.set_items(visit.bring)
            self.questions.set_items(visit.questions)
        finally:
            self._loading = False
        self._update_outcome()

    def read_into(self, visit: Visit) -> None:
        """Copy what the form shows into visit (which the page then saves)."""
        starts = self.when.value()
        if isinstance(starts, datetime):
            visit.starts_at = starts
            visit.tz = local_zone_name()  # the time was typed as local wall-clock time
        visit.duration_min = self.duration.value()
        visit.status = VisitStatus(self.status.currentData())
        visit.place, visit.room = self.place.toPlainText(), self.room.text()
        visit.notes = self.notes.toPlainText()
        visit.outcome_said = self.outcome_said.toPlainText()
        visit.outcome_agreed = self.outcome_agreed.toPlainText()
        visit.people = self.people.people()
        visit.agenda, visit.bring = self.agenda.items(), self.bring.items()
        visit.questions = self.questions.items()

    def _update_outcome(self) -> None:
        done = self.status.currentData() == VisitStatus.DONE.value
        for box in (self.outcome_said, self.outcome_agreed):
            box.setEnabled(done)

    def _changed(self, *_: object) -> None:
        if not self._loading:
            self._update_outcome()
            self.edited.emit()


def _boxed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    return box
