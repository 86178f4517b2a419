"""The data's first paint does without PySide's Qt namespace and QStyle (ui/qt_values.py says why),
and the ways it does so keep the list, Today and PySide's import check working as before."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from planner.store.db import open_data_dir
from tests.today_data import add_followup, add_incident, add_visit
from ui import qt_values
from ui.incidents.incident_delegate import elide
from ui.overview.today_models import VisitsModel
from ui.overview.today_section import TodaySection
from ui.startup import import_scan

ROOT = Path(__file__).resolve().parents[2]
# At each stage: has PySide built the Qt namespace, QStyle, QKeySequence, QSizePolicy or QIcon yet?
WATCH = """
import sys
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
import ui.startup.first_paint
import ui.startup.recovery
report = ui.startup.first_paint.report
def watch(stage):
    built = [name for name, module in (("Qt", PySide6.QtCore), ("QStyle", PySide6.QtWidgets),
                                       ("QKeySequence", PySide6.QtGui),
                                       ("QSizePolicy", PySide6.QtWidgets), ("QIcon", PySide6.QtGui))
             if name in vars(module)]
    import gc
    # The checker's warm-up holds the collector on its own thread while it compiles (it may
    # overlap 'interactive' on a slow machine) and switches it back on when done.
    # Asked before and after the collector, so a warm-up starting or ending in between counts.
    warmup = sys.modules.get("ui.apology.warmup")
    warming = warmup is not None and warmup.warming()
    collector = "gc-on" if gc.isenabled() else "gc-off"
    if warming or (warmup is not None and warmup.warming()):
        collector += "+warm-up"
    print("stage", stage, ",".join(built) or "-", collector, flush=True)
    report(stage)
ui.startup.recovery.report = ui.startup.first_paint.report = watch
from ui.startup.launcher import main
sys.exit(main(sys.argv[1:]))
"""


def run_watch(data_dir: Path, *, collector: dict[str, str] | None = None) -> dict[str, set[str]]:
    env = dict(os.environ, AMENDS_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", WATCH, "--data-dir", str(data_dir)], cwd=ROOT,
                            env=env, check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines() if line.startswith("stage")]
    if collector is not None:
        collector.update({line[1]: line[3] for line in lines})
    return {line[1]: set() if line[2] == "-" else set(line[2].split(",")) for line in lines}


def test_the_data_paints_before_pyside_builds_the_qt_namespace(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    run_watch(data_dir)  # the first start adds the sample
    # Every styled row Today has: overdue (alert colour, bold), a clash, a late apology.
    db = open_data_dir(data_dir)
    now = datetime.now().astimezone()
    late = add_incident(db, "Brightwater Dental", "Invoice charged twice", reported=now - timedelta(days=9))
    add_followup(db, late, (now - timedelta(days=3)).date(), None, "Send the credit note")
    tomorrow = (now + timedelta(days=1)).replace(hour=11, minute=0, second=0, microsecond=0)
    add_followup(db, late, tomorrow.date(), tomorrow.time(), "Call about the refund",
                 tz=str(now.tzinfo) if "/" in str(now.tzinfo) else "UTC")
    add_visit(db, late, tomorrow, "Their surgery")
    db.close()
    collector: dict[str, str] = {}
    stages = run_watch(data_dir, collector=collector)
    assert list(stages) == ["shown", "ready", "interactive"]
    # Python's collector is off until the data is painted, and back on after (gc_pause) unless
    # the checker's warm-up holds it right then.
    assert collector["shown"].startswith("gc-off") and collector["ready"].startswith("gc-off")
    assert collector["interactive"] in {"gc-on", "gc-on+warm-up", "gc-off+warm-up"}, collector
    assert stages["ready"] == set(), f"built before the data's first paint: {stages['ready']}"
    assert "Qt" in stages["interactive"]  # the probe really sees it (the workspace uses Qt)


def test_the_plain_values_are_qts_own() -> None:
    role, align = Qt.ItemDataRole, Qt.AlignmentFlag
    assert (qt_values.DISPLAY_ROLE, qt_values.TOOLTIP_ROLE, qt_values.FONT_ROLE,
            qt_values.FOREGROUND_ROLE, qt_values.USER_ROLE) == (
        role.DisplayRole.value, role.ToolTipRole.value, role.FontRole.value,
        role.ForegroundRole.value, role.UserRole.value)
    assert qt_values.ALIGN_LEFT == align.AlignLeft.value and qt_values.ALIGN_TOP == align.AlignTop.value
    assert qt_values.ALIGN_VCENTER == align.AlignVCenter.value
    assert qt_values.ALIGN_CENTER == align.AlignCenter.value
    assert qt_values.SCROLL_BAR_ALWAYS_OFF == Qt.ScrollBarPolicy.ScrollBarAlwaysOff.value
    assert qt_values.WIDGET_SHORTCUT == Qt.ShortcutContext.WidgetShortcut.value


def test_set_enum_sets_the_property_or_says_which_is_missing(qapp) -> None:
    label = QLabel("x")
    qt_values.set_enum(label, "alignment", qt_values.ALIGN_CENTER)
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter
    view = QTableView()
    qt_values.set_enum(view, "horizontalScrollBarPolicy", qt_values.SCROLL_BAR_ALWAYS_OFF)
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    with pytest.raises(ValueError, match="no writable property 'alignmnet'"):
        qt_values.set_enum(label, "alignmnet", 1)


def test_a_shortcut_given_as_text_fires_and_is_listed_like_any_other(qtbot) -> None:
    from PySide6.QtGui import QKeySequence

    window = QWidget()
    qtbot.addWidget(window)
    first, second = QLineEdit(window), QLineEdit(window)
    QVBoxLayout(window).addWidget(first)
    window.layout().addWidget(second)
    pressed: list[str] = []
    made = qt_values.shortcut(window, "Ctrl+F", lambda: pressed.append("window"),
                              what="Search the incident list")
    local = qt_values.shortcut(first, "Ctrl+D", lambda: pressed.append("first"),
                               context=qt_values.WIDGET_SHORTCUT)
    assert made.key() == QKeySequence("Ctrl+F") and made.whatsThis() == "Search the incident list"
    assert local.context() == Qt.ShortcutContext.WidgetShortcut
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    second.setFocus()
    qtbot.keyClick(second, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(second, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # not its widget
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert pressed == ["window", "first"]


@pytest.mark.parametrize("text", ["", "Short", "Late, damaged and partly wrong shelving order for the refit",
                                  "#12 · Halvorsen Fitouts Ltd · Open · reported 2 days ago", "x" * 300])
@pytest.mark.parametrize("width", [0, 8, 60, 200, 2000])
def test_elide_fits_the_width_and_keeps_the_start(qapp, text: str, width: int) -> None:
    metrics = QFontMetrics(QFont())
    shown = elide(metrics, text, width)
    if metrics.horizontalAdvance(text) <= width:
        assert shown == text
        return
    assert metrics.horizontalAdvance(shown) <= width
    if shown:
        assert shown.endswith("…") and text.startswith(shown[:-1])
        # As long as it can be: one more character would not fit.
        longer = text[:len(shown)].rstrip() + "…"
        assert longer == shown or metrics.horizontalAdvance(longer) > width


def test_pysides_import_check_gets_the_same_answers_quicker() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None:
        pytest.skip("this PySide has no __feature__ import check")
    assert import_scan.speed_up_pyside_import_scan()
    assert import_scan.speed_up_pyside_import_scan()  # a second call changes nothing
    quick = feature._mod_uses_pyside
    original = quick._amends_original
    modules = [m for m in list(sys.modules.values())
               if str(getattr(getattr(m, "__spec__", None), "origin", "")).endswith(".py")]
    assert len(modules) > 100
    ours = [m for m in modules if m.__name__.split(".")[0] in ("ui", "planner")]
    assert len(ours) > 20
    for module in modules:
        if module not in ours:
            assert quick(module) == original(module), module.__name__
    # Ours by their package, unread: ui uses PySide, planner never does...
    for module in ours:
        assert quick(module) is module.__name__.startswith("ui"), module.__name__
        if module.__name__.startswith("planner"):
            assert not original(module), module.__name__
    assert quick(sys.modules["ui.rows_model"]) and not quick(sys.modules["planner.timeutil"])
    assert quick(sys) == original(sys)  # a built-in module goes to PySide's own check


def test_no_module_of_ours_selects_a_pyside_feature() -> None:
    """...so PySide's answer for a module of ours ("no feature" or "ignore it") changes nothing,
    and import_scan may answer by package without reading the module."""
    sources = [*ROOT.joinpath("ui").rglob("*.py"), *ROOT.joinpath("planner").rglob("*.py")]
    assert len(sources) > 100
    selecting = [str(path.relative_to(ROOT)) for path in sources
                 if "__feature__" in path.read_text(encoding="utf-8")
                 and path.name != "import_scan.py"]  # which only names it
    assert selecting == []


def _visits(count: int) -> list[object]:
    from planner.overview.today import VisitItem

    start = datetime(2026, 12, 3, 9, 0).astimezone()
    return [VisitItem(i, 100 + i, f"Incident {i}", f"Customer {'CBA'[i % 3]}", start + timedelta(hours=i),
                      45, f"Place {i}") for i in range(count)]


def test_a_today_section_shows_its_titles_and_sorts_by_a_click_on_one(qtbot) -> None:
    section = TodaySection("Visits", VisitsModel(), "visit")
    qtbot.addWidget(section)
    section.set_rows(_visits(3))
    section.resize(700, 300)
    section.show()
    qtbot.waitExposed(section)
    header = section.view.horizontalHeader()
    titles = [header.model().headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())]
    assert titles == list(VisitsModel.HEADERS)
    # The view's own model still names its columns (screen readers ask it, not the header).
    assert section.model.headerData(1, Qt.Orientation.Horizontal) == "Customer"
    assert [v.company for v in section.model.rows] == ["Customer C", "Customer B", "Customer A"]
    customer = QPoint(header.sectionViewportPosition(1) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=customer)
    assert [v.company for v in section.model.rows] == ["Customer A", "Customer B", "Customer C"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=customer)
    assert [v.company for v in section.model.rows] == ["Customer C", "Customer B", "Customer A"]
    section.set_rows(list(reversed(_visits(3))))  # a refresh keeps the user's order
    assert [v.company for v in section.model.rows] == ["Customer C", "Customer B", "Customer A"]


def test_an_empty_today_section_builds_its_table_only_when_it_first_has_a_row(qtbot) -> None:
    section = TodaySection("Visits", VisitsModel(), "visit", view_tip="Planned visits")
    qtbot.addWidget(section)
    section.set_rows([])
    assert not section.has_view() and section.viewport is None and section.isHidden()
    assert section.count.text() == "(0)"
    section.set_rows(_visits(2))
    assert section.has_view() and not section.isHidden()
    assert section.view.model() is section.model and section.model.rowCount() == 2
    assert section.view.viewport() is section.viewport and section.view.toolTip() == "Planned visits"
    section.set_rows([])  # emptied again: the table stays, the section hides
    assert section.has_view() and section.isHidden() and section.model.rowCount() == 0
