"""The failure-type choice on an incident: one entry per playbook, built-in types first."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from planner.playbooks import all_playbooks
from planner.playbooks.db_store import DbPlaybookStore

if TYPE_CHECKING:
    from sqlite_utils import Database


def failure_type_choices(db: Database) -> list[tuple[str, str]]:
    """(key, label) for every playbook: built-ins by failure type, "something else" last, then
    the user's own by name."""
    library = all_playbooks(DbPlaybookStore(db))
    builtin = sorted((p for p in library if p.builtin),
                     key=lambda p: (p.key == "general", p.failure_type.casefold()))
    return [(p.key, p.failure_type) for p in builtin] + \
        [(p.key, p.name) for p in library if not p.builtin]


def fill_failure_types(combo: QComboBox, db: Database) -> None:
    """List the playbooks in ``combo`` (data = key), keeping the current choice."""
    current = combo.currentData()
    blocked = combo.blockSignals(True)
    try:
        combo.clear()
        for key, label in failure_type_choices(db):
            combo.addItem(label, key)
        index = combo.findData(current)
        if current is not None and index < 0:
            combo.addItem(str(current), current)  # a key whose playbook is gone still shows
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))
    finally:
        combo.blockSignals(blocked)


HINT = ("Choosing a failure type offers its playbook: agenda, what to bring, questions, remedy "
        "options and follow-ups. Nothing you typed is changed.")
