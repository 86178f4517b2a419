"""Search finds text in every indexed field, names the field with a snippet, and follows edits."""
from __future__ import annotations

from datetime import date

import pytest

from planner.apology.service import get_apology, save_apology
from planner.incidents.service import (
    delete_incident,
    get_customer,
    get_incident,
    save_customer,
    save_incident,
)
from planner.overview.search import match_expression, parse_snippet, search
from planner.store.migrations import FTS_COLUMNS
from tests.today_data import NOW, add_apology, add_followup, add_incident, add_moment, add_visit


@pytest.fixture
def story(db) -> int:
    iid = add_incident(
        db, "Halvorsen Fitouts", "Crushed gondola shelving", contact_name="Dana Whitlock",
        relationship_notes="Recommended us to their Leeds office", what_went_wrong="Pallets arrived late",
        impact="Fitters stood idle all Tuesday",
    )
    add_apology(db, iid, regret="I am sorry you had to face your director",
                responsibility="I promised Monday and we shipped late",
                remedy="A dedicated courier brings replacement endcaps")
    add_moment(db, iid, "Rang the order line twice", "Fobbed off and embarrassed")
    add_visit(db, iid, NOW, notes="Bring the warehouse manager", outcome_said="Dana sounded relieved",
              outcome_agreed="Weekly delivery calls until March")
    add_followup(db, iid, date(2026, 11, 30), None, "Confirm the brackets fit",
                 outcome="Quartermaster signed for them")
    return iid


# One distinctive word per indexed field, and the step of the workspace that shows it.
FIELD_WORDS = [
    ("customers", "company", "Halvorsen", "what"),
    ("customers", "contact_name", "Whitlock", "what"),
    ("customers", "relationship_notes", "Leeds", "what"),
    ("incidents", "title", "gondola", "what"),
    ("incidents", "what_went_wrong", "Pallets", "what"),
    ("incidents", "impact", "idle", "what"),
    ("apologies", "regret", "director", "apology"),
    ("apologies", "responsibility", "shipped", "apology"),
    ("apologies", "remedy", "courier", "apology"),
    ("moments", "what", "order line", "experience"),
    ("moments", "feeling", "Fobbed", "experience"),
    ("visits", "notes", "warehouse", "visit"),
    ("visits", "outcome_said", "relieved", "visit"),
    ("visits", "outcome_agreed", "March", "visit"),
    ("followups", "purpose", "brackets", "followups"),
    ("followups", "outcome", "Quartermaster", "followups"),
]


def test_the_field_list_covers_every_indexed_column() -> None:
    assert {(t, f) for t, f, _, _ in FIELD_WORDS} == {(t, c) for t, cols in FTS_COLUMNS.items() for c in cols}


@pytest.mark.parametrize(("table", "field", "word", "step"), FIELD_WORDS)
def test_finds_text_in_each_indexed_field(db, story: int, table: str, field: str, word: str, step: str) -> None:
    hits = search(db, word)
    assert [(h.table, h.field, h.step, h.incident_id) for h in hits] == [(table, field, step, story)]
    hit = hits[0]
    assert hit.incident_title == "Crushed gondola shelving" and hit.company == "Halvorsen Fitouts"
    first = word.split()[0]
    assert any(hit.snippet[s:e].casefold() == first.casefold() for s, e in hit.spans)


def test_prefixes_match_as_you_type_and_every_word_must_match(db, story: int) -> None:
    assert [h.field for h in search(db, "halv")] == ["company"]
    assert [h.field for h in search(db, "qua")] == ["outcome"]
    assert [h.field for h in search(db, "COURI")] == ["remedy"]
    assert [h.field for h in search(db, "dedicated cour")] == ["remedy"]
    assert search(db, "dedicated zebra") == []


def test_accents_and_case_do_not_matter(db) -> None:
    add_incident(db, "Café Müller", "Cold coffee machine")
    assert [h.company for h in search(db, "cafe mull")] == ["Café Müller"]


@pytest.mark.parametrize("text", [
    '"', "'", "*", "AND", "OR NOT", "NEAR(a b)", "title:x", "^start", "a-b", "(", ")", "\\", "--",
    "--;DROP TABLE incidents", "😀", "   ", "", '"unterminated',
])
def test_any_typed_text_is_safe(db, story: int, text: str) -> None:
    search(db, text)  # never raises
    assert db.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1


def test_match_expression_quotes_each_word_and_adds_a_prefix_star() -> None:
    assert match_expression('end "caps  AND') == '"end"* """caps"* "AND"*'
    assert match_expression("— ... ") is None


def test_parse_snippet_returns_plain_text_and_spans() -> None:
    assert parse_snippet("a \x02bc\x03 d \x02e\x03") == ("a bc d e", ((2, 4), (7, 8)))


def test_search_follows_edits_through_the_triggers(db, story: int) -> None:
    incident = get_incident(db, story)
    incident.impact = "Their whole refit programme slipped"
    save_incident(db, incident)
    assert [h.field for h in search(db, "programme")] == ["impact"]
    assert search(db, "idle") == []
    customer = get_customer(db, incident.customer_id)
    customer.company = "Nordby Interiors"
    save_customer(db, customer)
    assert [h.company for h in search(db, "nordby")] == ["Nordby Interiors"]
    assert search(db, "halvorsen") == []
    apology = get_apology(db, story)
    apology.remedy = "A replacement van on Thursday"
    save_apology(db, apology)  # an upsert: the update trigger must still fire
    assert [h.field for h in search(db, "thursday")] == ["remedy"]
    assert search(db, "courier") == []
    db.execute("UPDATE followups SET outcome = 'Left a voicemail'")
    assert [h.field for h in search(db, "voicemail")] == ["outcome"]
    delete_incident(db, story)
    assert search(db, "voicemail") == [] and search(db, "nordby") == []


def test_a_customer_hit_names_each_of_their_incidents(db) -> None:
    first = add_incident(db, "Kestrel Labs", "Wrong part")
    customer_id = get_incident(db, first).customer_id
    second = add_incident(db, "Someone else", "Late again")
    db.execute("UPDATE incidents SET customer_id = ? WHERE id = ?", [customer_id, second])
    assert sorted(h.incident_id for h in search(db, "kestrel")) == [first, second]


def test_results_are_limited(db) -> None:
    for n in range(30):
        add_incident(db, f"Acme {n}", "Broken widget")
    assert len(search(db, "widget", limit=10)) == 10


def test_names_and_titles_come_before_other_fields(db) -> None:
    notes = add_incident(db, "Acme", "Plain title", relationship_notes="Mentions shelving once")
    title = add_incident(db, "Zed Retail", "Shelving fell over")
    assert [(h.incident_id, h.field) for h in search(db, "shelv")] == [
        (title, "title"), (notes, "relationship_notes")]


def test_an_older_data_file_gets_its_existing_text_indexed(tmp_path) -> None:
    from planner.store.db import open_data_dir, open_database
    from planner.store.migrations import migrations
    from planner.store.paths import database_path, ensure_data_dir

    folder = tmp_path / "old"
    ensure_data_dir(folder)
    old = open_database(database_path(folder), data_dir=folder, migrate=False)
    migrations.apply(old, stop_before="0002_search_and_today")  # a file from before search
    add_incident(old, "Ashdown Joinery", "Doors hung the wrong way")
    old.close()
    db = open_data_dir(folder)
    assert [(h.company, h.field) for h in search(db, "ashdown")] == [("Ashdown Joinery", "company")]
    assert [h.field for h in search(db, "doors")] == ["title"]
    db.close()
