"""The Ctrl+K search popup: type, see matches at once, Up/Down to choose, Enter to open, Esc to close.

On a big file the query runs on a worker thread (ui/read_worker.py): the newest keystroke's
answer is shown, older ones are interrupted, and typing never waits."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from planner.incidents.listing import count_incidents
from planner.overview.search import SearchHit, search
from ui import read_worker
from ui.context import AppContext
from ui.overview.search_model import (
    HIT_ROLE,
    INCIDENT_ROLE,
    STEP_ROLE,
    SearchHitDelegate,
    SearchResultsModel,
)
from ui.step_page import Target

HINT = "Type a name, a word from the story, the apology or the notes."
_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}


class QueryEdit(QLineEdit):
    """The query line: arrows and page keys move the choice, Enter opens it, the rest is typing."""

    moved = Signal(int)
    chosen = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Handled here rather than by an event filter: a Python filter can be called while its
        # dialog is being destroyed, which crashes PySide.
        key = Qt.Key(event.key())
        if key in _MOVES:
            self.moved.emit(_MOVES[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.chosen.emit()
        else:
            super().keyPressEvent(event)


class SearchDialog(QDialog):
    """Results update on every keystroke; the line edit keeps focus while the keys move the choice."""

    open_requested = Signal(int, str, object)  # incident id, workspace step key, Target

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Search Amends")
        self.resize(640, 460)
        self.query = QueryEdit()
        self.query.setPlaceholderText("Search customers, incidents, apologies, notes…")
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search")
        self.model = SearchResultsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(SearchHitDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to the query
        self.view.setAccessibleName("Search results")
        self.status = QLabel(HINT)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.query.textChanged.connect(self.update_results)
        self.query.moved.connect(self.move_choice)
        self.query.chosen.connect(self.open_current)
        self.view.clicked.connect(self.open_index)
        self.view.activated.connect(self.open_index)
        self._big = False
        self._waiting: tuple[int, str] | None = None  # the worker's ticket, and what was typed
        self._open_on_answer = False
        self._reads = read_worker.ReadWorker(ctx.data_dir, self)
        self._reads.answered.connect(self._answered)

    def popup(self) -> None:
        """Show (or bring back) the dialog with the last query selected for retyping."""
        # A big file is searched on a worker thread, so a keystroke never waits for the answer.
        self._big = count_incidents(self.ctx.conn) > read_worker.SYNC_UP_TO
        self.update_results(self.query.text())
        self.show()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()

    def searching(self) -> bool:
        """An answer is still on its way from the worker."""
        return self._waiting is not None

    def close_reads(self) -> None:
        """Stop the worker and close its connection (the window is closing)."""
        self._reads.close()

    def update_results(self, text: str) -> None:
        self._waiting, self._open_on_answer = None, False
        if text.strip() and self._big:
            self._waiting = (self._reads.submit(lambda reader: search(reader, text)), text)
            return
        self._show(search(self.ctx.conn, text) if text.strip() else [], text)

    def _answered(self, ticket: int, hits: object) -> None:
        if self._waiting is not None and self._waiting[0] == ticket and isinstance(hits, list):
            text = self._waiting[1]
            self._waiting = None
            self._show(hits, text)
            if self._open_on_answer:
                self._open_on_answer = False
                self.open_current()

    def _show(self, hits: list[SearchHit], text: str) -> None:
        self.model.set_rows(hits)
        if hits:
            self.view.setCurrentIndex(self.model.index(0, 0))
            noun = "match" if len(hits) == 1 else "matches"
            self.status.setText(f"{len(hits)} {noun} · ↑↓ to choose · Enter to open · Esc to close")
        elif text.strip():
            self.status.setText(f"Nothing matches “{text.strip()}”. Try fewer or shorter words.")
        else:
            self.status.setText(HINT)

    def move_choice(self, steps: int) -> None:
        """Move the current result by steps, staying inside the list."""
        count = self.model.rowCount()
        if not count:
            return
        row = self.view.currentIndex().row()
        row = max(0, min(count - 1, (row if row >= 0 else -1) + steps))
        self.view.setCurrentIndex(self.model.index(row, 0))

    def open_current(self) -> None:
        if self._waiting is not None:  # Enter typed ahead of the answer: open what it brings
            self._open_on_answer = True
            return
        self.open_index(self.view.currentIndex())

    def open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        incident_id, step = int(index.data(INCIDENT_ROLE)), str(index.data(STEP_ROLE))
        hit = index.data(HIT_ROLE)
        target = Target(hit.row_id or None, hit.field) if isinstance(hit, SearchHit) else Target()
        self.accept()
        self.open_requested.emit(incident_id, step, target)
