"""In the app: a visit and a follow-up at the same time are flagged in Today, on the Visit step
and on the Follow-ups step, with what they clash with in the tooltip."""
from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from PySide6.QtCore import Qt

from planner.store.db import open_data_dir
from tests.gui_helpers import show_main_window
from tests.today_data import LONDON, NOW, add_followup, add_incident, add_visit
from ui.followups.model import COL_TIME
from ui.overview.today_models import COL_F_WHEN, COL_V_WHEN
from ui.window.main_window import MainWindow

WED_10 = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


def test_a_double_booking_is_flagged_where_it_is_planned_and_in_today(qtbot, data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    leeds = add_incident(db, "Kestrel Labs", "Wrong invoice")
    york = add_incident(db, "Halvorsen Fitouts", "Late shelving")
    add_visit(db, leeds, WED_10, "Leeds")
    call = add_followup(db, york, WED_10.date(), time(10, 30), "Ring Dana")
    calm = add_followup(db, york, WED_10.date(), time(15, 0), "No clash here")
    db.close()

    def pin(window: MainWindow) -> None:
        window.nav.today.clock = lambda: NOW

    window = show_main_window(qtbot, data_dir, prepare=pin)
    window.nav.show_today()
    today = window.nav.today
    rows = {item.id: r for r, item in enumerate(today.upcoming.model.rows)}
    flagged = today.upcoming.model.index(rows[call], COL_F_WHEN)
    assert flagged.data().startswith("⚠ ")
    assert "Overlaps the visit to Kestrel Labs" in flagged.data(Qt.ItemDataRole.ToolTipRole)
    assert not today.upcoming.model.index(rows[calm], COL_F_WHEN).data().startswith("⚠")
    visit_when = today.visits.model.index(0, COL_V_WHEN)
    assert visit_when.data().startswith("⚠ ")
    assert "Halvorsen Fitouts" in visit_when.data(Qt.ItemDataRole.ToolTipRole)

    window.nav.open_incident(leeds, "visit")
    warnings = window.workspace.pages["visit"].warnings
    assert warnings.isVisible() and "Overlaps the follow-up with Halvorsen Fitouts" in warnings.text()

    window.nav.open_incident(york, "followups")
    model = window.workspace.pages["followups"].model
    by_id = {f.id: r for r, f in enumerate(model.rows)}
    tip = model.index(by_id[call], COL_TIME).data(Qt.ItemDataRole.ToolTipRole)
    assert "Overlaps the visit to Kestrel Labs" in tip
    assert model.index(by_id[call], COL_TIME).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(by_id[calm], COL_TIME).data(Qt.ItemDataRole.DecorationRole) is None
    window.close()
