"""In the app: ticking the remedy due date or "Check back on" plans a follow-up, on the
Follow-ups step, in Today and on the timeline; moving that follow-up moves the promise."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from planner.apology.service import get_apology
from planner.followups.promises import CHECK_BACK_SOURCE
from planner.followups.service import list_followups, save_followup
from planner.overview.timeline import PointKind
from tests.gui_helpers import show_main_window, type_date
from ui.apology.page import ApologyPage


def test_a_ticked_check_back_date_is_a_follow_up_everywhere(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    window.new_incident()
    incident_id = window.workspace.incident_id
    assert incident_id is not None
    window.workspace.show_step("apology")
    page = window.workspace.pages["apology"]
    assert isinstance(page, ApologyPage)
    back = date.today() + timedelta(days=3)
    page.plan.check_back.enabled.setChecked(True)
    type_date(qtbot, page.plan.check_back.edit, f"{back:%d/%m/%Y}")
    assert window.ctx.autosaver.flush()
    [followup] = [f for f in list_followups(window.ctx.db, incident_id)
                  if f.source == CHECK_BACK_SOURCE]
    assert followup.due_date == back and followup.due_time is None
    window.workspace.show_step("followups")
    table = window.workspace.pages["followups"].model
    assert [f.id for f in table.rows] == [followup.id]
    assert PointKind.CHECK_BACK in [p.kind for p in window.workspace.timeline.points]
    window.nav.show_today()
    today = window.nav.today
    listed = [row.id for section in (today.due_today, today.upcoming) for row in section.model.rows]
    assert followup.id in listed

    # Moved on the Follow-ups step, the apology promises the new day and keeps it.
    followup.due_date = back + timedelta(days=1)
    save_followup(window.ctx.db, followup)
    window.nav.open_incident(incident_id, "apology")
    assert page.plan.check_back.value() == back + timedelta(days=1)
    page.editors["regret"].editor.insertPlainText("I am sorry.")
    assert window.ctx.autosaver.flush()
    assert get_apology(window.ctx.db, incident_id).check_back == back + timedelta(days=1)
    [moved] = [f for f in list_followups(window.ctx.db, incident_id) if f.source == CHECK_BACK_SOURCE]
    assert moved.due_date == back + timedelta(days=1)
    window.close()
