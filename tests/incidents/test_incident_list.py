"""The incident list reads only what it shows: a page at a time as the view scrolls, a filter
answered by one indexed query (on a worker thread for a big file), and the same rows, order,
selection and filter as a full read in Python would give."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner.incidents import listing
from planner.incidents.listing import ListQuery, matching_ids
from planner.incidents.model import Severity, Status
from planner.incidents.service import filter_summaries, list_incident_summaries
from planner.store.db import open_data_dir
from planner.timeutil import to_iso
from ui import read_worker
from ui.incidents.incident_list import IncidentListPanel
from ui.incidents.list_model import PAGE, SUBTITLE_ROLE, IncidentListModel

BASE = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
NAMES = ["Halvorsen", "Weiß", "MÜLLER", "Straße", "Ångström", "Café Ünal", "50%_off", "Nordby"]


def bulk(db, count: int, seed: int = 5) -> None:  # type: ignore[no-untyped-def]
    """count incidents over count // 4 customers, straight into the tables."""
    rng = random.Random(seed)
    stamp = to_iso(BASE)
    customers = max(1, count // 4)
    with db.conn:
        db.conn.executemany(
            "INSERT INTO customers (id, company, contact_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            [(n + 1, f"{rng.choice(NAMES)} {n}", rng.choice(NAMES), stamp, stamp) for n in range(customers)])
        db.conn.executemany(
            "INSERT INTO incidents (customer_id, title, status, severity, reported_at, customer_confirmation,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ok', ?, ?)",
            [(rng.randint(1, customers), f"{rng.choice(NAMES)} order {n}", rng.choice(list(Status)).value,
              rng.choice(list(Severity)).value,
              None if rng.random() < 0.05 else to_iso(BASE + timedelta(minutes=rng.randrange(90_000))),
              stamp, stamp) for n in range(count)])


@pytest.fixture
def big(data_dir: Path):  # type: ignore[no-untyped-def]
    db = open_data_dir(data_dir)
    bulk(db, 1_000)
    yield db
    db.close()


def panel_on(db, data_dir: Path, qtbot, rows: int = 10) -> IncidentListPanel:  # type: ignore[no-untyped-def]
    panel = IncidentListPanel()
    qtbot.addWidget(panel)
    panel.attach(db.conn, data_dir)
    panel.resize(360, panel.view.verticalHeader().defaultSectionSize() * rows + 60)
    panel.show()
    panel.refresh()
    qtbot.waitExposed(panel)
    return panel


def test_the_list_reads_a_screenful_then_more_as_it_scrolls(qtbot, big, data_dir: Path) -> None:
    panel = panel_on(big, data_dir, qtbot)
    model = panel.model
    QApplication.processEvents()
    assert model.rowCount() == 1_000 and panel.count.text() == "1,000 incidents"
    assert model.pages_read == 1  # the first screenful: one page of PAGE rows
    everything = list_incident_summaries(big)
    assert [model.row_at(r) for r in range(12)] == everything[:12]
    panel.view.scrollToBottom()
    QApplication.processEvents()
    assert model.pages_read == 2  # the last page, nothing in between
    assert model.row_at(999) == everything[-1]
    panel.view.scrollTo(model.index(500, 0))
    QApplication.processEvents()
    assert model.pages_read == 3 and model.row_at(500) == everything[500]


def test_selecting_an_incident_far_down_the_list_scrolls_to_it(qtbot, big, data_dir: Path) -> None:
    panel = panel_on(big, data_dir, qtbot)
    everything = list_incident_summaries(big)
    far = everything[873].id
    picked: list[object] = []
    panel.incident_selected.connect(picked.append)
    panel.select(far)
    assert panel.current_id() == far and picked == [far]
    assert panel.model.row_of_key(far) == 873
    QApplication.processEvents()
    assert panel.view.visualRect(panel.model.index(873, 0)).intersects(panel.view.viewport().rect())
    assert panel.model.pages_read <= 3  # its page, not every page before it


@pytest.mark.parametrize("filled", ["all", "filtered", "list"])
def test_the_model_passes_qts_model_tester(qtmodeltester, big, filled: str) -> None:
    model = IncidentListModel()
    if filled == "all":
        model.show_all(big.conn)
    elif filled == "filtered":
        model.show_ids(big.conn, matching_ids(big.conn, ListQuery("order 1")))
    else:
        model.set_rows(list_incident_summaries(big)[:30])
    assert model.rowCount() > PAGE or filled != "all"
    qtmodeltester.check(model)


WORDS = st.sampled_from(["", "ord", "ORDER 1", "weiß", "WEISS", "müller", "strasse", "straße", "café",
                         "ünal", "ångström", "50%", "%", "_off", "hal nord", "9", "zz", "ß"])
STATUSES = st.sampled_from([None, listing.ACTIVE, *[s.value for s in Status]])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(WORDS, max_size=3).map(" ".join), status=STATUSES)
def test_the_sql_filter_matches_what_python_casefolding_finds(big, text: str, status: str | None) -> None:
    everything = list_incident_summaries(big)
    expected = filter_summaries(everything, text)
    if status == listing.ACTIVE:
        expected = [r for r in expected if r.status != Status.CLOSED]
    elif status is not None:
        expected = [r for r in expected if r.status.value == status]
    assert matching_ids(big.conn, ListQuery(text, status)) == [r.id for r in expected]


def test_the_filter_keeps_the_open_incident_and_says_how_many_match(qtbot, big, data_dir: Path) -> None:
    panel = panel_on(big, data_dir, qtbot)
    everything = list_incident_summaries(big)
    kept = next(r for r in everything if "halvorsen" not in r.title.casefold()
                and "halvorsen" not in r.company.casefold() and "halvorsen" not in r.contact_name.casefold())
    opened: list[int | None] = []
    panel.incident_selected.connect(opened.append)
    panel.select(kept.id)
    panel.search.setText("halvorsen")
    expected = filter_summaries(everything, "halvorsen")
    assert panel.model.rows == expected and panel.current_id() is None  # the user's filter hid it
    assert opened[-1] == kept.id  # ...and it stays open beside the list
    assert panel.count.text() == f"{len(expected):,} of 1,000 incidents"
    panel.refresh(keep=kept.id)  # an edit while it is open: it stays listed and selected
    assert kept in panel.model.rows and panel.current_id() == kept.id


def test_a_big_files_filter_runs_on_the_worker_and_shows_only_the_newest_answer(
    qtbot, big, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_worker, "SYNC_UP_TO", 100)  # 1,000 incidents count as big here
    panel = panel_on(big, data_dir, qtbot)
    shown_before = panel.model.rows[:3]
    for text in ("h", "ha", "hal", "halv"):  # typed faster than the answers come
        panel.search.setText(text)
    assert panel.filtering() and panel.model.rows[:3] == shown_before  # no waiting on the GUI thread
    qtbot.waitUntil(lambda: not panel.filtering(), timeout=5000)
    assert panel.model.rows == filter_summaries(list_incident_summaries(big), "halv")
    panel.search.clear()
    assert not panel.filtering() and panel.model.rowCount() == 1_000  # no filter: no query to wait for
    panel.close_reads()


def test_escape_in_the_search_field_clears_the_filter(qtbot, big, data_dir: Path) -> None:
    panel = panel_on(big, data_dir, qtbot)
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "nordby")
    assert panel.model.rowCount() < 1_000
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and panel.model.rowCount() == 1_000


def test_the_clear_button_shows_over_text_and_clears_the_search(qtbot, big, data_dir: Path) -> None:
    from PySide6.QtWidgets import QToolButton

    panel = panel_on(big, data_dir, qtbot)

    def visible_buttons() -> list[QToolButton]:
        return [b for b in panel.search.findChildren(QToolButton) if b.isVisible()]

    assert visible_buttons() == []  # nothing typed: no button, as Qt draws it
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "nordby")
    assert panel.search.isClearButtonEnabled()
    qtbot.waitUntil(lambda: len(visible_buttons()) == 1)  # Qt fades it in
    qtbot.mouseClick(visible_buttons()[0], Qt.MouseButton.LeftButton)
    assert panel.search.text() == "" and panel.model.rowCount() == 1_000


def test_each_status_choice_lists_the_incidents_with_that_status(qtbot, big, data_dir: Path) -> None:
    panel = panel_on(big, data_dir, qtbot)
    everything = list_incident_summaries(big)
    labels = [panel.status_filter.itemText(i) for i in range(panel.status_filter.count())]
    assert labels == ["All statuses", "Not closed", *(status.label for status in Status)]
    for index, label in enumerate(labels):
        panel.status_filter.setCurrentIndex(index)
        listed = {row.id for row in panel.model.rows}
        if label == "All statuses":
            expected = {r.id for r in everything}
        elif label == "Not closed":
            expected = {r.id for r in everything if r.status != Status.CLOSED}
        else:
            expected = {r.id for r in everything if r.status.label == label}
        assert listed == expected and expected, label


def test_a_search_that_hides_the_open_incident_leaves_it_open_and_esc_selects_it_again(
    qtbot, big, data_dir: Path
) -> None:
    panel = panel_on(big, data_dir, qtbot)
    opened: list[int | None] = []
    panel.incident_selected.connect(opened.append)
    chosen = panel.model.row_at(5).id
    panel.select(chosen)
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "no incident is called this")
    assert panel.model.rowCount() == 0 and None not in opened
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.current_id() == chosen and opened[-1] == chosen


def test_each_row_shows_the_incident_number_the_shell_commands_take(qtbot, big, data_dir: Path) -> None:
    panel = panel_on(big, data_dir, qtbot)
    first = panel.model.row_at(0)
    subtitle = panel.model.index(0, 0).data(SUBTITLE_ROLE)
    assert subtitle.startswith(f"#{first.id} · {first.company}")
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).startswith(f"#{first.id} ")


def test_the_list_query_walks_the_attention_index(big) -> None:
    plans = [" ".join(str(step[3]) for step in big.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
             for sql, params in (
                 (f"SELECT i.id FROM incidents i ORDER BY {listing.ORDER_BY} LIMIT 100 OFFSET 0", []),
                 (f"{listing.SUMMARY} ORDER BY {listing.ORDER_BY} LIMIT 100", []))]
    for plan in plans:
        assert "incidents_attention" in plan and "TEMP B-TREE" not in plan, plan


def test_every_incidents_position_is_where_a_full_read_puts_it(big) -> None:
    everything = list_incident_summaries(big)
    assert any(r.reported_at is None for r in everything) and any(r.status == Status.CLOSED for r in everything)
    for row in range(0, len(everything), 7):
        assert listing.position(big.conn, everything[row].id) == row
    assert listing.position(big.conn, everything[-1].id) == len(everything) - 1
    assert listing.position(big.conn, 10**9) == -1


def test_the_rows_next_to_an_incident_are_where_a_full_read_puts_them(big) -> None:
    everything = [r.id for r in list_incident_summaries(big)]
    for row in [*range(0, len(everything), 37), 1, len(everything) - 2, len(everything) - 1]:
        incident = everything[row]
        assert listing.ids_after(big.conn, incident, 25) == everything[row + 1:row + 26]
        assert listing.ids_before(big.conn, incident, 25) == everything[max(0, row - 25):row]
    assert listing.ids_after(big.conn, everything[5], 0) == [] == listing.ids_before(big.conn, 10**9, 3)
    assert listing.ids_around(big.conn, everything[500], 3, 4) == everything[497:505]
    assert listing.ids_around(big.conn, everything[1], 5, 0) == everything[:2]
    # Each range is an index seek, not a walk from the start of the list.
    keys = listing._sort_keys(big.conn, everything[len(everything) // 2])
    assert keys is not None
    for after in (True, False):
        for where, params, order in listing._ranges(keys, after=after):
            plan = " ".join(str(step[3]) for step in big.conn.execute(
                f"EXPLAIN QUERY PLAN SELECT i.id FROM incidents i INDEXED BY incidents_attention "
                f"WHERE {where} ORDER BY {order} LIMIT 5", params))
            assert "SEARCH" in plan and "TEMP B-TREE" not in plan, plan


def test_scrolling_and_jumping_deep_into_the_list_reads_pages_next_to_what_it_has(
    qtbot, big, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.incidents import list_model

    everything = list_incident_summaries(big)
    panel = panel_on(big, data_dir, qtbot)
    by_offset: list[int] = []
    real_page_ids = list_model.page_ids
    monkeypatch.setattr(list_model, "page_ids",
                        lambda conn, offset, limit: by_offset.append(offset) or real_page_ids(conn, offset, limit))
    far = everything[len(everything) - 130]  # on the next-to-last page
    panel.select(far.id)
    assert panel.current_id() == far.id and by_offset == []  # its page came with its position
    model = panel.model
    rows = [model.row_at(r) for r in range(len(everything) - PAGE * 3, len(everything))]
    assert [r.id for r in rows] == [r.id for r in everything[-PAGE * 3:]]  # pages on either side too
    assert by_offset == []


def test_each_row_shows_its_severity_as_a_coloured_bar(qtbot, big, data_dir: Path) -> None:
    from ui.incidents.incident_delegate import BAR, SEVERITY_COLOURS

    panel = panel_on(big, data_dir, qtbot)
    panel.view.clearSelection()
    image = panel.view.viewport().grab().toImage()
    for row in range(3):
        rect = panel.view.visualRect(panel.model.index(row, 0))
        colour = image.pixelColor(rect.left() + BAR // 2, rect.center().y())
        assert colour == SEVERITY_COLOURS[panel.model.row_at(row).severity]


def test_a_big_files_filter_shows_the_first_screenful_before_all_the_matches(
    qtbot, big, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_worker, "SYNC_UP_TO", 100)
    panel = panel_on(big, data_dir, qtbot)
    shown: list[tuple[int, bool, str]] = []
    real_show = panel._show

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        real_show(*args, **kwargs)
        shown.append((panel.model.rowCount(), kwargs.get("first_page", False), panel.count.text()))

    monkeypatch.setattr(panel, "_show", spy)
    everything = list_incident_summaries(big)
    panel.search.setText("order")  # every title has it: far more than a screenful
    qtbot.waitUntil(lambda: not panel.filtering(), timeout=5000)
    assert shown[0][:2] == (PAGE, True) and "counting the rest" in shown[0][2]
    assert shown[-1][:2] == (len(filter_summaries(everything, "order")), False)
    assert panel.model.rows == filter_summaries(everything, "order")
    shown.clear()
    few = filter_summaries(everything, "order 99")
    assert 0 < len(few) < PAGE
    panel.search.setText("order 99")  # fewer than a screenful: one answer, no first part
    qtbot.waitUntil(lambda: not panel.filtering(), timeout=5000)
    assert [first for _rows, first, _text in shown] == [False]
    assert panel.model.rows == few
    panel.close_reads()


def test_the_first_matches_come_back_only_when_they_are_quick_to_find(big) -> None:
    common = listing.first_matching_ids(big.conn, ListQuery("order"), PAGE + 1, within=0.0)
    assert common == matching_ids(big.conn, ListQuery("order"))[:PAGE + 1]  # found in the first rows
    # A rare word walks the whole list row by row: past the deadline, it is left to matching_ids.
    assert listing.first_matching_ids(big.conn, ListQuery("zzz"), PAGE + 1, within=0.0) is None
    assert listing.first_matching_ids(big.conn, ListQuery("zzz"), PAGE + 1, within=60.0) == []
