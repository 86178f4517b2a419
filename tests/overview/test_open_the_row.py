"""Opening an incident from a search hit or a row of Today shows the step and the very row:
the follow-up, the moment, the visit, the part of the apology that matched."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from planner.store.db import open_data_dir
from tests.gui_helpers import show_main_window
from tests.overview.test_search_dialog import open_search
from tests.today_data import LONDON, add_apology, add_followup, add_incident, add_moment, add_visit


def seed(data_dir: Path) -> dict[str, int]:
    db = open_data_dir(data_dir)
    ids = {"first": add_incident(db, "Halvorsen Fitouts", "Crushed shelving units")}
    for n in range(3):
        add_followup(db, ids["first"], date.today() + timedelta(days=2 + n), time(11, 0), f"Call {n}")
    ids["wanted"] = add_followup(db, ids["first"], date.today() + timedelta(days=6), time(9, 0),
                                 "Ask about the quokka order")
    add_moment(db, ids["first"], "Waited all morning")
    ids["moment"] = add_moment(db, ids["first"], "The forklift driver saw the cracked boxes")
    add_apology(db, ids["first"], remedy="A replacement pallet by Thursday")
    ids["visit"] = add_visit(db, ids["first"], datetime.combine(
        date.today() + timedelta(days=3), time(15, 0), LONDON), "Depot", notes="Park at the back")
    db.close()
    return ids


def test_search_opens_the_matching_follow_up_moment_and_part(qtbot, data_dir: Path) -> None:
    ids = seed(data_dir)
    window = show_main_window(qtbot, data_dir)
    for query, step, check in (
        ("quokka", "followups", lambda page: page.selected().id == ids["wanted"]),
        ("forklift", "experience", lambda page: page.model.moments[
            page.view.currentIndex().row()].id == ids["moment"]),
        ("pallet", "apology", lambda page: page.focusWidget() is page.editors["remedy"].editor),
    ):
        dialog = open_search(qtbot, window)
        qtbot.keyClicks(dialog.query, query)
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        assert window.workspace.current_step() == step
        assert check(window.workspace.pages[step]), query


def test_enter_on_a_today_row_opens_that_follow_up_or_visit(qtbot, data_dir: Path) -> None:
    ids = seed(data_dir)
    window = show_main_window(qtbot, data_dir)
    window.nav.show_today()
    section = window.nav.today.upcoming
    row = section.model.row_of_key(ids["wanted"])
    section.view.setFocus()
    section.view.setCurrentIndex(section.model.index(row, 0))
    qtbot.keyClick(section.view, Qt.Key.Key_Return)
    page = window.workspace.pages["followups"]
    assert window.workspace.current_step() == "followups"
    assert page.selected() is not None and page.selected().id == ids["wanted"]
    window.nav.show_today()
    visits = window.nav.today.visits
    visits.view.setFocus()
    visits.view.setCurrentIndex(visits.model.index(visits.model.row_of_key(ids["visit"]), 0))
    qtbot.keyClick(visits.view, Qt.Key.Key_Return)
    assert window.workspace.current_step() == "visit"
    assert window.workspace.pages["visit"].visit.id == ids["visit"]
