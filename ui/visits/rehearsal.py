"""Rehearsal mode: the apology as full-screen cue cards, read aloud, with a run-through timer."""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from planner.visits.cue_cards import NOT_WRITTEN_CUE, CueCard

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Down,
             Qt.Key.Key_Return, Qt.Key.Key_Enter}
BACK_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Backspace, Qt.Key.Key_PageUp, Qt.Key.Key_Up}
LARGEST_PT, SMALLEST_PT = 34, 16
BACKGROUND = "#15202b"


def format_elapsed(ms: int) -> str:
    """Minutes and seconds, e.g. 3:07."""
    seconds = ms // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class RehearsalWindow(QWidget):
    """Shows one card at a time; arrows or Space move, Esc leaves. Never edits the text."""

    finished = Signal(int)  # how long the run-through took, in milliseconds

    def __init__(self, cards: list[CueCard], title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.cards = cards
        self.index = 0
        self.setWindowTitle(f"Rehearse — {title}" if title else "Rehearse")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(f"background-color: {BACKGROUND}; color: #f2f2f2;")
        self.clock = QElapsedTimer()
        self.step_label = self._label(13, "#9fb3c8")
        self.timer_label = self._label(13, "#9fb3c8")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.title_label = self._label(22, "#7fb2e5", bold=True)
        self.text_label = self._label(LARGEST_PT, "#ffffff")
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.facts_label = self._label(16, "#d8e6f3")
        self.hint_label = self._label(16, "#c9a86a", italic=True)
        self.keys_label = self._label(11, "#7d8fa3")
        self.keys_label.setText("→ or Space: next   ←: back   Esc: leave")
        top = QHBoxLayout()
        top.addWidget(self.step_label)
        top.addStretch(1)
        top.addWidget(self.timer_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 40, 80, 32)
        layout.addLayout(top)
        layout.addSpacing(24)
        layout.addWidget(self.title_label)
        layout.addSpacing(12)
        # A scroll area, so even a very long part is never cut off at the smallest size.
        self.text_scroll = QScrollArea()
        self.text_scroll.setWidgetResizable(True)
        self.text_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.text_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text_scroll.setStyleSheet("background: transparent;")
        self.text_scroll.setWidget(self.text_label)
        layout.addWidget(self.text_scroll, 1)
        layout.addWidget(self.facts_label)
        layout.addSpacing(12)
        layout.addWidget(self.hint_label)
        layout.addSpacing(16)
        layout.addWidget(self.keys_label)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)

    def _label(self, points: float, color: str, *, bold: bool = False,
               italic: bool = False) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # the user's words, never markup
        font = QFont(self.font())
        font.setPointSizeF(points)
        font.setBold(bold)
        font.setItalic(italic)
        label.setFont(font)
        label.setStyleSheet(f"color: {color}; background: transparent;")
        return label

    def start(self) -> None:
        """Show full screen on the first card and start the clock."""
        self.index = 0
        self.clock.start()
        self.ticker.start()
        screen = (self.parentWidget() or self).screen()
        # Without a window manager full screen is only a request; the geometry makes it so.
        self.setGeometry(screen.geometry())
        self.show_card()
        self.showFullScreen()
        self.activateWindow()  # a new top-level window is raised when shown; keys come here
        self.setFocus()

    def elapsed_ms(self) -> int:
        return int(self.clock.elapsed()) if self.clock.isValid() else 0

    def current(self) -> CueCard:
        return self.cards[self.index]

    def show_card(self) -> None:
        card = self.current()
        last = self.index == len(self.cards) - 1
        self.step_label.setText(f"{self.index + 1} / {len(self.cards)}")
        self.title_label.setText(card.title)
        if card.lines:
            self.text_label.setText("\n\n".join(card.lines))
        else:
            self.text_label.setText(card.text.strip() or NOT_WRITTEN_CUE)
        empty = card.is_empty
        self.text_label.setStyleSheet(
            f"color: {'#8fa1b3' if empty else '#ffffff'}; background: transparent;")
        font = self.text_label.font()
        font.setItalic(empty)
        self.text_label.setFont(font)
        self.facts_label.setText(card.facts)
        self.facts_label.setVisible(bool(card.facts))
        hint = card.hint
        if last:
            hint += f"\n\nRun-through: {format_elapsed(self.elapsed_ms())}. Esc to leave, ← to go back."
        self.hint_label.setText(hint)
        self._tick()
        self._fit_text()

    def next(self) -> None:
        if self.index < len(self.cards) - 1:
            self.index += 1
            self.show_card()

    def back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self.show_card()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in NEXT_KEYS:
            self.next()
        elif key in BACK_KEYS:
            self.back()
        elif key == Qt.Key.Key_Home:
            self.index = 0
            self.show_card()
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ticker.stop()
        self.finished.emit(self.elapsed_ms())
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_text()

    def _tick(self) -> None:
        self.timer_label.setText(f"Time {format_elapsed(self.elapsed_ms())}")

    def _fit_text(self) -> None:
        """The largest type (34 pt down to 16 pt) at which the card's words fit on screen."""
        text = self.text_label.text()
        width = max(200, self.width() - 160)
        room = max(120, self.height() - 360)
        font = QFont(self.text_label.font())
        size = LARGEST_PT
        while size > SMALLEST_PT:
            font.setPointSizeF(size)
            bounds = QFontMetrics(font).boundingRect(
                QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
            if bounds.height() <= room:
                break
            size -= 2
        font.setPointSizeF(size)
        self.text_label.setFont(font)
