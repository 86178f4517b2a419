"""Every Qt model passes pytest-qt's model tester, empty, filled, re-filled and sorted."""
from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import QPersistentModelIndex, Qt

from planner.incidents.model import Moment
from planner.incidents.service import list_incident_summaries
from planner.overview.search import search
from planner.overview.today import today_view
from tests.today_data import NOW, add_followup, add_incident, add_visit
from ui.incidents.incident_list import IncidentListModel
from ui.incidents.moments_model import MomentsModel
from ui.overview.search_model import INCIDENT_ROLE, STEP_ROLE, SearchResultsModel
from ui.overview.search_model import SORT_ROLE as SEARCH_SORT_ROLE
from ui.overview.today_models import (
    COL_F_WHEN,
    COL_W_AGE,
    SORT_ROLE,
    FollowUpsModel,
    VisitsModel,
    WaitingModel,
)
from ui.overview.today_models import (
    INCIDENT_ROLE as TODAY_INCIDENT_ROLE,
)


def filled(db):
    a = add_incident(db, "Halvorsen Fitouts", "Late shelving", reported=NOW - timedelta(days=6))
    b = add_incident(db, "Brightwater Dental", "Invoice twice", reported=NOW - timedelta(days=1))
    add_followup(db, a, date(2026, 11, 20), time(9, 0), "overdue call")
    add_followup(db, b, date(2026, 11, 22), None, "overdue email", channel="email")
    add_followup(db, a, date(2026, 11, 26), time(9, 0), "soon")
    add_visit(db, b, NOW + timedelta(days=3), "Surgery")
    add_visit(db, a, NOW + timedelta(days=1), "Canal Works")
    return today_view(db, NOW)


def test_followups_model(qtmodeltester, db) -> None:
    data = filled(db)
    model = FollowUpsModel()
    qtmodeltester.check(model)
    model.set_rows(data.overdue)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 5
    assert model.index(0, COL_F_WHEN).data() == "Fri 20 Nov 09:00"
    assert model.index(1, COL_F_WHEN).data() == "Sun 22 Nov, all day"
    assert model.index(0, COL_F_WHEN).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, 0).data(TODAY_INCIDENT_ROLE) == data.overdue[0].incident_id
    kept = QPersistentModelIndex(model.index(0, 2))
    model.sort(COL_F_WHEN, Qt.SortOrder.DescendingOrder)
    assert [model.row_at(r).purpose for r in range(2)] == ["overdue email", "overdue call"]
    assert kept.row() == 1 and kept.data() == "Halvorsen Fitouts"  # the selection follows its row
    qtmodeltester.check(model)
    model.set_rows(data.upcoming)
    qtmodeltester.check(model)


def test_visits_model(qtmodeltester, db) -> None:
    data = filled(db)
    model = VisitsModel()
    model.set_rows(data.visits)
    qtmodeltester.check(model)
    assert [model.index(r, 2).data() for r in range(2)] == ["Canal Works", "Surgery"]
    model.sort(1)
    assert [model.index(r, 1).data() for r in range(2)] == ["Brightwater Dental", "Halvorsen Fitouts"]
    qtmodeltester.check(model)


def test_waiting_model_marks_late_ages(qtmodeltester, db) -> None:
    data = filled(db)
    model = WaitingModel()
    model.set_rows(data.waiting)
    qtmodeltester.check(model)
    assert [model.index(r, COL_W_AGE).data() for r in range(2)] == ["6 days", "1 day"]
    assert model.index(0, COL_W_AGE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, COL_W_AGE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, COL_W_AGE).data(SORT_ROLE) == 6
    assert "weaker" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    model.sort(COL_W_AGE)
    assert model.index(0, COL_W_AGE).data() == "1 day"


def test_search_results_model(qtmodeltester, db) -> None:
    filled(db)
    model = SearchResultsModel()
    qtmodeltester.check(model)
    model.set_rows(search(db, "overdue"))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 0).data(STEP_ROLE) == "followups"
    assert model.index(0, 0).data(SEARCH_SORT_ROLE) == 0
    assert isinstance(model.index(0, 0).data(INCIDENT_ROLE), int)
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).startswith("Follow-up: ")


def test_incident_list_model(qtmodeltester, db, sample_id: int) -> None:
    filled(db)
    model = IncidentListModel()
    qtmodeltester.check(model)
    model.set_rows(list_incident_summaries(db))
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.row_of_key(sample_id) >= 0


def test_moments_model(qtmodeltester) -> None:
    model = MomentsModel()
    qtmodeltester.check(model)
    model.set_rows([Moment(at_text=f"Mon 0{n}:00", what=f"thing {n}", feeling="bad", position=n, id=n)
                    for n in range(4)])
    qtmodeltester.check(model)
    model.move(0, 2)
    qtmodeltester.check(model)
    assert [m.id for m in model.moments] == [1, 2, 0, 3]


def test_every_list_model_shares_one_base() -> None:
    from ui.followups.model import FollowUpListModel
    from ui.rows_model import RowsModel

    for model in (IncidentListModel, MomentsModel, FollowUpListModel, FollowUpsModel, VisitsModel,
                  WaitingModel):
        assert issubclass(model, RowsModel), model
