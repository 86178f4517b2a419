"""The failure-type choice on an incident: the playbooks to pick from, and the offer to apply one."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from planner.playbooks import all_playbooks
from planner.playbooks.db_store import DbPlaybookStore
from ui.step_page import StepPage

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
    combo.setToolTip("Choosing a failure type offers its playbook: agenda, what to bring, "
                     "questions, remedy options and follow-ups. Nothing you typed is changed.")


def attach_playbook_offer(page: StepPage, combo: QComboBox) -> None:
    """Offer the chosen playbook whenever the user picks a failure type in ``combo``."""
    # "activated" fires for the user's choice only, not when loading an incident sets the combo,
    # and also when the same type is chosen again, which is how to be offered it a second time.
    combo.activated.connect(lambda index: _offer(page, str(combo.itemData(index))))




def _offer(page: StepPage, key: str) -> None:
    # The preview dialog pulls in the checker and calendar code; load it when first offered.
    from ui.playbooks.offer import offer_playbook

    offer_playbook(page, key)
