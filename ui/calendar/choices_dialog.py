"""What the rep decides after a sync: which version to keep when both sides changed an item, and
what to do with one deleted in the calendar. Both versions are shown; nothing is decided for them."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.calendar.sync import choices
from planner.errors import AmendsError
from planner.timeutil import now_utc
from ui.context import AppContext


class ChoiceCard(QFrame):
    """One item: its title, the question, both versions, and the two answers."""

    answered = Signal(str)

    def __init__(self, choice: choices.Choice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{_escape(choice.title)}</b>")
        title.setWordWrap(True)
        question = QLabel(choice.question)
        question.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(question)
        theirs = choice.theirs or "deleted"
        versions = QLabel(f"In Amends: <b>{_escape(choice.mine)}</b><br>"
                          f"In your calendar: <b>{_escape(theirs)}</b>")
        versions.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(versions)
        buttons = QDialogButtonBox()
        if choice.state == "conflict":
            self.first = QPushButton("Keep the version in &Amends")
            self.second = QPushButton("Keep the &calendar's version")
        else:
            self.first = QPushButton("&Put it back in the calendar")
            self.second = QPushButton("&Delete it in Amends too")
        buttons.addButton(self.first, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.second, QDialogButtonBox.ButtonRole.ActionRole)
        self.first.clicked.connect(lambda: self.answered.emit("first"))
        self.second.clicked.connect(lambda: self.answered.emit("second"))
        layout.addWidget(buttons)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ChoicesDialog(QDialog):
    """Every item waiting for a choice; each answer is stored at once and sent at the next sync."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 on_answered: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_answered = on_answered
        self.answers = 0
        self.setWindowTitle("Calendar: choices waiting")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        intro = QLabel("These changed in Amends and in your calendar, or were deleted in the "
                       "calendar. Nothing is lost until you choose.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        layout.addWidget(self.area, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.cards: list[ChoiceCard] = []
        self.fill()

    def fill(self) -> None:
        holder = QWidget()
        column = QVBoxLayout(holder)
        self.cards = []
        for choice in choices.pending_choices(self.ctx.db):
            card = ChoiceCard(choice)
            card.answered.connect(lambda which, c=choice: self.answer(c, which))
            column.addWidget(card)
            self.cards.append(card)
        if not self.cards:
            column.addWidget(QLabel("Nothing is waiting for a choice."))
        column.addStretch(1)
        self.area.setWidget(holder)

    def answer(self, choice: choices.Choice, which: str) -> None:
        db, uid, now = self.ctx.db, choice.uid, now_utc()
        self.ctx.autosaver.flush()
        try:
            if choice.state == "conflict":
                if which == "first":
                    choices.keep_amends_version(db, uid, now=now)
                else:
                    choices.keep_calendar_version(db, uid, now=now)
            elif which == "first":
                choices.put_back_in_calendar(db, uid)
            else:
                choices.delete_in_amends(db, uid)
        except AmendsError as exc:
            QMessageBox.warning(self, "Calendar", str(exc))
        self.answers += 1
        self.ctx.incident_changed.emit(choice.incident_id)
        if self.on_answered is not None:
            self.on_answered()
        self.fill()
