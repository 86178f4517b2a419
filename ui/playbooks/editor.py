"""Editing one of the user's playbooks: a form per section, checked before it is saved."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.followups.cadence import ANCHORS, CHANNELS, CadenceStep
from planner.playbooks import (
    SEVERITY_LEVELS,
    Attendee,
    Playbook,
    Problem,
    RemedyOption,
    SeverityLevel,
    name_key,
    playbook_problems,
)
from ui.playbooks.tables import Column, Row, RowsTable
from ui.theme import fit_to_screen
from ui.widgets import TextBox

LINE_LISTS = {  # field: (tab, label)
    "agenda": ("Visit", "Agenda"), "what_to_bring": ("Visit", "What to bring"),
    "questions": ("Visit", "Questions to ask"), "phrases": ("Phrases", "Useful phrases"),
}
TABLES = {  # field: (tab, label, noun, columns)
    "severity_guide": ("About", "How serious is it?", "level", [
        Column("level", "Level", choices=SEVERITY_LEVELS),
        Column("description", "How to recognize it", stretch=True)]),
    "remedy_options": ("Remedies", "Remedy options", "option", [
        Column("title", "Title"), Column("description", "What we do", stretch=True),
        Column("cost", "What it costs"), Column("approver", "Who approves")]),
    "who_to_bring": ("Visit", "Who to bring", "person", [
        Column("role", "Role"), Column("why", "Why", stretch=True)]),
    "cadence": ("Follow-ups", "Follow-up cadence", "follow-up", [
        Column("anchor", "Counted from", choices=ANCHORS), Column("offset", "After (e.g. P2D)"),
        Column("business_days", "Working days", check=True),
        Column("channel", "Channel", choices=CHANNELS),
        Column("purpose", "Purpose", stretch=True), Column("time", "Time (HH:MM)")]),
}
LABELS = {"name": "Name", "failure_type": "Failure type", "when_to_use": "When to use it",
          "key": "Key", "schema_version": "Schema version", "file": "Playbook"}
_PLACE = re.compile(r"([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?")


def friendly_place(place: str) -> str:
    """``cadence[2].offset`` as "Follow-up cadence, row 3, After (e.g. P2D)"."""
    found = _PLACE.fullmatch(place)
    if found is None:
        return place
    field, index, sub = found.group(1), found.group(2), found.group(3)
    if field in LINE_LISTS:
        where = LINE_LISTS[field][1]
        return f"{where}, line {int(index) + 1}" if index is not None else where
    if field in TABLES:
        _tab, where, _noun, columns = TABLES[field]
        titles = {c.field: c.title for c in columns}
        parts = [where] + ([f"row {int(index) + 1}"] if index is not None else [])
        return ", ".join(parts + ([titles.get(sub, sub)] if sub else []))
    return LABELS.get(field, place)


def friendly_message(message: str) -> str:
    """A problem's message with the places it mentions ("repeats agenda[0]") in form words."""
    return re.sub(r"[a-z_]+\[\d+\](?:\.[a-z_]+)?", lambda m: friendly_place(m.group()), message)


def friendly_problem(problem: Problem) -> str:
    """A problem with its place in the words of the form."""
    return f"{friendly_place(problem.place)}: {friendly_message(problem.message)}"


class PlaybookEditor(QDialog):
    """Edits a copy of a user playbook; ``playbook`` holds the result once accepted."""

    def __init__(self, playbook: Playbook, taken_names: Iterable[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit playbook — {playbook.name}")
        fit_to_screen(self, 1000, 700)
        self.original = playbook
        self.playbook = playbook
        self._taken = {name_key(n) for n in taken_names} - {name_key(playbook.name)}
        self._line_numbers: dict[str, list[int]] = {}
        self.tabs = QTabWidget()
        self.name = QLineEdit(playbook.name)
        self.failure_type = QLineEdit(playbook.failure_type)
        self.when_to_use = TextBox("When a colleague should choose this playbook", 4)
        self.when_to_use.set_text(playbook.when_to_use)
        self.boxes = {field: TextBox("One item a line", 6) for field in LINE_LISTS}
        for field, box in self.boxes.items():
            box.setTabChangesFocus(True)
            box.set_text("\n".join(getattr(playbook, field)))
        self.tables = {field: RowsTable(spec[3], spec[2]) for field, spec in TABLES.items()}
        data = self._data(playbook)
        for field, table in self.tables.items():
            table.set_rows(data[field])
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems")
        self.problems.setMaximumHeight(110)
        self.problems.itemActivated.connect(self._go_to)
        self.problems.itemClicked.connect(self._go_to)
        self.problems_title = QLabel("Fix these before saving (click one to go there):")
        self.problems_title.setStyleSheet("color: #c0392b; font-weight: 600;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self._show_problems([])

    def _build_tabs(self) -> None:
        about_page = QWidget()
        about = QFormLayout(about_page)
        about.addRow("Name", self.name)
        about.addRow("Failure type", self.failure_type)
        about.addRow("When to use it", self.when_to_use)
        self.tabs.addTab(about_page, "About")
        pages: dict[str, QVBoxLayout] = {}
        for tab in ("Remedies", "Visit", "Phrases", "Follow-ups"):
            page = QWidget()
            pages[tab] = QVBoxLayout(page)
            self.tabs.addTab(page, tab)
        # In the order of the file, so problems are listed in the order the tabs show them.
        for field in ("severity_guide", "remedy_options", "agenda", "who_to_bring",
                      "what_to_bring", "questions", "phrases", "cadence"):
            widget: QWidget = self.tables[field] if field in self.tables else self.boxes[field]
            tab, label = (TABLES[field][0], TABLES[field][1]) if field in self.tables \
                else LINE_LISTS[field]
            if tab == "About":
                about.addRow(label, widget)
            else:  # lists and tables get the full width and share the height
                hint = " — one item a line" if field in LINE_LISTS else ""
                pages[tab].addWidget(QLabel(f"<b>{label}</b>{hint}"))
                pages[tab].addWidget(widget, 1)

    @staticmethod
    def _data(playbook: Playbook) -> dict[str, list[Row]]:
        return {
            "severity_guide": [{"level": s.level, "description": s.description}
                               for s in playbook.severity_guide],
            "remedy_options": [dataclasses.asdict(r) for r in playbook.remedy_options],
            "who_to_bring": [{"role": a.role, "why": a.why} for a in playbook.who_to_bring],
            "cadence": [{"anchor": s.anchor, "offset": s.offset, "business_days": s.business_days,
                         "channel": s.channel, "purpose": s.purpose, "time": s.time or ""}
                        for s in playbook.cadence],
        }

    def edited_playbook(self) -> Playbook:
        """The playbook as the form now says (not yet checked)."""
        lines: dict[str, tuple[str, ...]] = {}
        for field, box in self.boxes.items():
            numbered = [(number, text.strip()) for number, text in
                        enumerate(box.toPlainText().split("\n"), start=1) if text.strip()]
            self._line_numbers[field] = [number for number, _ in numbered]
            lines[field] = tuple(text for _, text in numbered)
        rows = {field: table.rows() for field, table in self.tables.items()}
        text: Callable[[Row, str], str] = lambda row, key: str(row.get(key, "")).strip()
        return Playbook(
            key=self.original.key, name=self.name.text().strip(),
            failure_type=self.failure_type.text().strip(),
            when_to_use=self.when_to_use.toPlainText().strip(),
            severity_guide=tuple(SeverityLevel(text(r, "level"), text(r, "description"))
                                 for r in rows["severity_guide"]),
            remedy_options=tuple(RemedyOption(*(text(r, k) for k in
                                                ("title", "description", "cost", "approver")))
                                 for r in rows["remedy_options"]),
            agenda=lines["agenda"],
            who_to_bring=tuple(Attendee(text(r, "role"), text(r, "why"))
                               for r in rows["who_to_bring"]),
            what_to_bring=lines["what_to_bring"], questions=lines["questions"],
            phrases=lines["phrases"],
            cadence=tuple(CadenceStep(text(r, "anchor"), text(r, "offset"),
                                      bool(r.get("business_days")), text(r, "channel"),
                                      text(r, "purpose"), text(r, "time") or None)
                          for r in rows["cadence"]),
        )

    def check(self) -> list[Problem]:
        """Every problem with the form as it stands, shown under it; empty when it can be saved."""
        edited = self.edited_playbook()
        problems = playbook_problems(edited)
        if edited.name and name_key(edited.name) in self._taken:
            problems.insert(0, Problem("name", "another playbook already has this name; "
                                               "choose a different one"))
        self._show_problems(problems)
        return problems

    def try_save(self) -> None:
        """Accept the dialog when the form is valid; otherwise list every problem."""
        if not self.check():
            self.playbook = self.edited_playbook()
            self.accept()

    def _show_problems(self, problems: list[Problem]) -> None:
        self.problems.clear()
        for problem in problems:
            item = QListWidgetItem(self._line_place(problem))
            item.setData(Qt.ItemDataRole.UserRole, problem.place)
            item.setToolTip(str(problem))
            self.problems.addItem(item)
        self.problems.setVisible(bool(problems))
        self.problems_title.setVisible(bool(problems))

    def _line_place(self, problem: Problem) -> str:
        """The problem in form words, naming lines as typed (blank lines are not items)."""
        def typed(place: str) -> str:
            found = _PLACE.fullmatch(place)
            if found and found.group(1) in self.boxes and found.group(2) is not None:
                numbers = self._line_numbers.get(found.group(1), [])
                index = int(found.group(2))
                if index < len(numbers):
                    return f"{LINE_LISTS[found.group(1)][1]}, line {numbers[index]}"
            return friendly_place(place)

        message = re.sub(r"[a-z_]+\[\d+\](?:\.[a-z_]+)?", lambda m: typed(m.group()),
                         problem.message)
        return f"{typed(problem.place)}: {message}"

    def _go_to(self, item: QListWidgetItem) -> None:
        place = str(item.data(Qt.ItemDataRole.UserRole))
        found = _PLACE.fullmatch(place)
        if found is None:
            return
        field, index = found.group(1), found.group(2)
        widgets: dict[str, QWidget] = {"name": self.name, "failure_type": self.failure_type,
                                       "when_to_use": self.when_to_use}
        if field in self.tables:
            self.tabs.setCurrentIndex(self._tab_index(TABLES[field][0]))
            self.tables[field].focus_cell(int(index or 0), found.group(3) or "")
        elif field in self.boxes:
            self.tabs.setCurrentIndex(self._tab_index(LINE_LISTS[field][0]))
            self.boxes[field].setFocus()
        elif field in widgets:
            self.tabs.setCurrentIndex(0)
            widgets[field].setFocus()

    def _tab_index(self, title: str) -> int:
        return next(i for i in range(self.tabs.count()) if self.tabs.tabText(i) == title)
