"""The phrase library: caring phrases and open questions, filtered as you type, inserted."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from planner.apology.phrases import PHRASE_SECTIONS, phrase_library

_ROLE = Qt.ItemDataRole.UserRole


class PhraseLibrary(QWidget):
    """A searchable list of phrases; double-click or Enter asks for the phrase to be inserted."""

    insert_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = QLabel(
            "Double-click a phrase (or press Enter) to insert it where you were writing. "
            "Fill in the [blanks] in your own words."
        )
        self.hint.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search phrases…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search phrases")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName("Phrases")
        self.empty = QLabel("No phrase matches. Try fewer or other words.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()
        for section, text in phrase_library():
            item = QListWidgetItem(f"{text}\n{PHRASE_SECTIONS.get(section, section)}")
            item.setData(_ROLE, text)
            item.setToolTip(text)
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        self.search.textChanged.connect(self.filter)
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        # Enter in the search box inserts the first match; Down moves into the list.
        self.search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                first = self.visible_items()
                if first:
                    self._activated(first[0])
                return True
            if event.key() == Qt.Key.Key_Down and self.visible_items():
                self.list.setFocus()
                self.list.setCurrentItem(self.visible_items()[0])
                return True
        return False

    def visible_items(self) -> list[QListWidgetItem]:
        """The phrases the current search shows, in order."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [item for item in items if not item.isHidden()]

    def filter(self, query: str) -> None:
        """Show only phrases (or sections) containing every word of the query."""
        words = query.casefold().split()
        for index in range(self.list.count()):
            item = self.list.item(index)
            haystack = item.text().casefold()
            item.setHidden(not all(word in haystack for word in words))
        shown = bool(self.visible_items())
        self.list.setVisible(shown)
        self.empty.setVisible(not shown)

    def _activated(self, item: QListWidgetItem) -> None:
        self.insert_requested.emit(str(item.data(_ROLE)))
