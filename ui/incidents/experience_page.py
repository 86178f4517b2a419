"""Step 2, Their experience: the customer's moments in order, with listening prompts beside."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.apology.phrases import listening_prompts
from planner.errors import NotFoundError, ValidationError
from planner.incidents.model import Moment
from planner.incidents.moments import (
    add_moment,
    delete_moment,
    list_moments,
    reorder_moments,
    save_moment,
)
from planner.incidents.service import get_incident
from planner.playbooks.db_store import DbPlaybookStore
from planner.playbooks.guidance import find_playbook, guidance
from ui.context import AppContext
from ui.field_labels import describe
from ui.incidents.moments_model import COL_WHAT, MomentsModel
from ui.step_page import StepPage, Target
from ui.widgets import ErrorLabel


class ExperiencePage(StepPage):
    """Moments table (edit in place, drag or Alt+Up/Down to reorder) and open questions."""

    title = "Their experience"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        intro = QLabel(
            "Write down what the customer went through, moment by moment, in their words: "
            "what happened to them and how it felt. The apology is built on this."
        )
        intro.setWordWrap(True)
        self.error = ErrorLabel()
        self.model = MomentsModel(self)
        self.model.on_edit = self._moment_edited
        self.model.on_move = self._moment_moved
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDragEnabled(True)
        self.view.setDropIndicatorShown(True)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel("No moments yet. Press “Add moment” (Ctrl+M) and start with the first "
                            "thing that went wrong for them.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.add_button = QPushButton("Add moment")
        self.add_button.setToolTip("Add a moment after the selected one (Ctrl+M)")
        self.up_button = QPushButton("Move up")
        self.up_button.setToolTip("Alt+Up")
        self.down_button = QPushButton("Move down")
        self.down_button.setToolTip("Alt+Down")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected moment (Delete)")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(intro)
        lcol.addWidget(self.error)
        lcol.addWidget(self.view, 1)
        lcol.addWidget(self.empty, 1)
        lcol.addLayout(buttons)
        self.prompts = QListWidget()
        self.prompts.setWordWrap(True)
        self.prompts.setSpacing(0)  # with spacing, Qt wraps items narrower than it sizes them
        self.prompts.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.prompts.setAlternatingRowColors(True)
        self.prompts.addItems(list(listening_prompts()))
        self.prompts.setToolTip("Double-click to copy a question")
        # Questions wrap to the pane's width; the pane never gets narrower than a few words.
        self.prompts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.prompts.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap when the pane resizes
        self.prompts.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 26))
        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(0, 0, 0, 0)
        self.prompts_title = QLabel("<b>Listening prompts</b> — ask, then let them talk")
        self.prompts_title.setWordWrap(True)
        rcol.addWidget(self.prompts_title)
        rcol.addWidget(self.prompts, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.add_button.clicked.connect(self.add)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.delete_button.clicked.connect(self.delete_selected)
        self.prompts.itemDoubleClicked.connect(self._copy_prompt)
        # Each says what it does: Help ▸ Keyboard shortcuts lists them from these descriptions.
        for keys, slot, what in (
            ("Ctrl+M", self.add, "Add a moment after the selected one"),
            ("Alt+Up", lambda: self.move_selected(-1), "Move the selected moment up"),
            ("Alt+Down", lambda: self.move_selected(+1), "Move the selected moment down"),
        ):
            QShortcut(QKeySequence(keys), self, slot).setWhatsThis(what)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetShortcut).setWhatsThis(
            "Delete the selected moment (in the table)")
        ctx.autosaver.invalid.connect(self._on_invalid)
        ctx.autosaver.saved.connect(self._on_saved)

    def _on_invalid(self, key: str, exc: ValidationError) -> None:
        # The cell keeps what was typed (the model holds it); say what to change.
        if key.startswith("moment:"):
            self.error.show_error(f"Not saved — {describe(exc)} Your text is kept; shorten or "
                                  "correct it and it is saved.")

    def _on_saved(self, _when: object) -> None:
        if not any(k.startswith("moment:") for k, _ in self.ctx.autosaver.invalid_saves()):
            self.error.show_error("")

    def load(self, incident_id: int | None) -> None:
        super().load(incident_id)
        self.error.show_error("")
        self.model.set_rows(list_moments(self.ctx.db, incident_id) if incident_id else [])
        self._update_empty()
        self._show_prompts()

    def showEvent(self, event: QShowEvent) -> None:
        self._show_prompts()  # the failure type may have been chosen on step 1 meanwhile
        super().showEvent(event)

    def _show_prompts(self) -> None:
        """The failure type's own questions first, then the general ones."""
        playbook = None
        if self.incident_id is not None:
            try:
                key = get_incident(self.ctx.db, self.incident_id).failure_type
            except NotFoundError:
                key = ""
            playbook = find_playbook(DbPlaybookStore(self.ctx.db), key) if key else None
        advice = guidance(playbook, listening_prompts())
        self.prompts.clear()
        self.prompts.addItems(list(advice.listening))
        kind = advice.failure_type if playbook and playbook.key != "general" else ""
        self.prompts_title.setText("<b>Listening prompts</b>" + (
            f" · {_esc(kind)}" if kind else "") + " — ask, then let them talk")

    def reveal(self, target: Target) -> None:
        """Select the moment a search found (or Today pointed at), in the column that matched."""
        row = self.model.row_of_key(target.row) if target.row is not None else -1
        if row < 0:
            return
        column = {"at_text": 0, "feeling": 2}.get(target.field, COL_WHAT)
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()

    def _update_empty(self) -> None:
        has_rows = bool(self.model.moments)
        self.view.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        for b in (self.up_button, self.down_button, self.delete_button):
            b.setEnabled(has_rows)
        self.add_button.setEnabled(self.incident_id is not None)

    def selected_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add(self) -> None:
        if self.incident_id is None:
            return
        incident_id = self.incident_id
        self.ctx.autosaver.flush()
        row = self.selected_row()
        position = row + 1 if row >= 0 else len(self.model.moments)
        self.ctx.history.record(self.incident_id, "Add a moment", lambda: add_moment(
            self.ctx.db, incident_id, Moment(), position), step="experience")
        self.load(self.incident_id)
        index = self.model.index(position, 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        moment = self.model.moments[row]
        if moment.what or moment.feeling:
            answer = QMessageBox.question(self, "Delete moment", f"Delete the moment “{moment.what[:60]}”?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ctx.autosaver.flush()
        assert moment.id is not None
        moment_id = moment.id
        try:
            self.ctx.history.record(self.incident_id, "Delete a moment",
                                    lambda: delete_moment(self.ctx.db, moment_id), step="experience")
        except NotFoundError:
            pass
        self.load(self.incident_id)
        if self.model.moments:
            self.view.setCurrentIndex(self.model.index(min(row, len(self.model.moments) - 1), COL_WHAT))

    def move_selected(self, step: int) -> None:
        row = self.selected_row()
        if row >= 0 and self.model.move(row, row + step):
            self.view.setCurrentIndex(self.model.index(max(0, min(row + step, len(self.model.moments) - 1)), COL_WHAT))

    def _moment_edited(self, moment: Moment) -> None:
        key = f"moment:{moment.id}"
        self.ctx.autosaver.schedule(key, self.ctx.history.recorded(
            self.incident_id, "changes to a moment", lambda: save_moment(self.ctx.db, moment),
            step="experience", merge_key=key))

    def _moment_moved(self, _source: int, _target: int) -> None:
        assert self.incident_id is not None
        incident_id = self.incident_id
        order = [m.id for m in self.model.moments if m.id is not None]
        self.ctx.autosaver.flush()  # typing first, as its own step
        self.ctx.history.record(incident_id, "Move a moment",
                                lambda: reorder_moments(self.ctx.db, incident_id, order),
                                step="experience")

    def _copy_prompt(self) -> None:
        item = self.prompts.currentItem()
        if item is not None:
            QGuiApplication.clipboard().setText(item.text())
            self.ctx.status_message.emit("Question copied — ask it, then note their answer as a moment.")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
