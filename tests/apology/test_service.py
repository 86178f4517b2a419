"""The apology's storage, dismissals, checklist, spoken script and meta warnings (no Qt)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from planner.apology.checker import analyse, lint
from planner.apology.checker.finding import PART_CATEGORIES
from planner.apology.checklist import checklist
from planner.apology.dismissals import (
    dismiss,
    dismiss_finding,
    dismissed_keys,
    findings_for,
    list_dismissals,
    restore,
)
from planner.apology.phrases import PHRASE_SECTIONS, caring_phrases, phrase_library
from planner.apology.review import story_words
from planner.apology.script import assemble_script, spoken_date
from planner.apology.service import Apology, get_apology, meta_findings, save_apology
from planner.errors import NotFoundError, ValidationError
from planner.incidents.model import Moment
from planner.incidents.service import get_customer, get_incident

GOOD = Apology(
    incident_id=0,
    regret="I am sorry your crew stood idle all Monday and you had to face your director.",
    responsibility="We shipped the order a day late and packed the wrong end caps. "
                   "That is our error.",
    remedy="I will bring the right end caps myself on Friday at 08:00 and call you on Monday "
           "to check they fit.",
)


def test_blank_apology_until_saved_then_round_trip(db, sample_id) -> None:
    db.execute("DELETE FROM apologies")
    blank = get_apology(db, sample_id)
    assert blank.is_blank() and blank.channel == "in_person" and blank.updated_at is None
    planned = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
    apology = Apology(
        incident_id=sample_id, regret="Sorry 😀 — مرحبا", responsibility="We did it.",
        remedy="Refund by Friday.", remedy_due=date(2026, 3, 13), remedy_owner="Priya",
        check_back=date(2026, 3, 16), channel="video", planned_for=planned,
    )
    save_apology(db, apology)
    again = get_apology(db, sample_id)
    assert again == apology and again.planned_for == planned
    apology.remedy = "Changed"
    save_apology(db, apology)
    assert get_apology(db, sample_id).remedy == "Changed"
    assert db.execute("SELECT count(*) FROM apologies").fetchone()[0] == 1


@pytest.mark.parametrize(("field", "change"), [
    ("regret", {"regret": "x" * 20_001}),
    ("remedy", {"remedy": "x" * 20_001}),
    ("remedy_owner", {"remedy_owner": "x" * 201}),
    ("channel", {"channel": "pigeon"}),
    ("planned_for", {"planned_for": datetime(2026, 3, 1, 9)}),
])
def test_validation_names_the_field_and_stores_nothing(db, sample_id, field, change) -> None:
    before = get_apology(db, sample_id)
    bad = Apology(incident_id=sample_id, **change)
    with pytest.raises(ValidationError) as raised:
        save_apology(db, bad)
    assert raised.value.field == field
    assert get_apology(db, sample_id) == before


def test_missing_incident_is_reported(db) -> None:
    with pytest.raises(NotFoundError):
        get_apology(db, 999)
    with pytest.raises(NotFoundError):
        save_apology(db, Apology(incident_id=999))


def test_sample_draft_has_weaknesses_for_the_checker(db, sample_id) -> None:
    draft = get_apology(db, sample_id)
    found = {part: {f.category for f in lint(draft.part(part), part)}
             for part in ("regret", "responsibility", "remedy")}
    assert "cliche" in found["regret"]
    assert {"blame-others", "excuse"} <= found["responsibility"]
    # "We will look into replacing ..." promises to think about a fix, not to make one.
    assert {"vague", "missing-remedy"} <= found["remedy"]
    assert draft.planned_for is not None and draft.channel == "in_person"


def test_dismissal_needs_a_reason_and_survives_edits_elsewhere(db, sample_id) -> None:
    text = "We are sorry for any inconvenience. The order was late."
    before = findings_for(db, sample_id, "regret", text)
    cliche = next(f for f in before if f.category == "cliche")
    with pytest.raises(ValidationError) as raised:
        dismiss_finding(db, sample_id, cliche, "regret", text, "   ")
    assert raised.value.field == "reason"
    dismiss_finding(db, sample_id, cliche, "regret", text, "Dana used these words herself")
    edited = "Dana, truly: we are sorry for any   INCONVENIENCE. The order came a day late."
    assert all(f.rule_id != cliche.rule_id for f in findings_for(db, sample_id, "regret", edited))
    # Only in this part, and only for this incident's key.
    assert any(f.rule_id == cliche.rule_id for f in findings_for(db, sample_id, "remedy", edited))
    (saved,) = list_dismissals(db, sample_id)
    assert saved.matched_text == "for any inconvenience" and saved.reason.startswith("Dana")
    restore(db, saved.id)
    assert any(f.rule_id == cliche.rule_id for f in findings_for(db, sample_id, "regret", edited))
    with pytest.raises(NotFoundError):
        restore(db, saved.id)


def test_whole_part_dismissal_holds_however_the_part_changes(db, sample_id) -> None:
    text = "We will replace the units."
    undated = next(f for f in lint(text, "remedy") if f.category == "undated-remedy")
    dismiss_finding(db, sample_id, undated, "remedy", text, "date agreed on the phone")
    assert dismissed_keys(db, sample_id) == {(undated.rule_id, "remedy", "")}
    longer = "We will replace the units and send a new set of end caps."
    found = findings_for(db, sample_id, "remedy", longer)
    assert not [f for f in found if f.rule_id == undated.rule_id]


def test_dismissing_twice_replaces_the_reason(db, sample_id) -> None:
    dismiss(db, sample_id, "cliche-any-inconvenience", "regret", "for any inconvenience", "one")
    dismiss(db, sample_id, "cliche-any-inconvenience", "regret", "For any  inconvenience", "two")
    assert [d.reason for d in list_dismissals(db, sample_id)] == ["two"]


def test_checklist_scores_a_good_apology_full_and_tracks_each_part() -> None:
    moments = [Moment(what="Crew stood idle on site", feeling="Embarrassed in front of the crew")]
    full = checklist(GOOD, moments)
    assert full.score_text() == "7/7" and all(item.hint for item in full)
    empty = checklist(Apology(incident_id=0), moments)
    assert empty.score == 0 and empty.total == 7
    partial = Apology(incident_id=0, regret="I am sorry.")
    assert [i.key for i in checklist(partial, moments) if i.done] == ["sorry"]
    partial.responsibility = "We were short-staffed, so the order was late."
    keys = {i.key for i in checklist(partial, moments) if i.done}
    # An excuse is not an explanation, and "we were short-staffed" owns nothing.
    assert "owns" not in keys and "explains" not in keys
    partial.responsibility = "I sent the order late; that is my mistake."
    keys = {i.key for i in checklist(partial, moments) if i.done}
    assert {"owns", "explains"} <= keys


def test_checklist_dates_and_check_back_from_fields_or_words() -> None:
    a = Apology(incident_id=0, remedy="I will replace the units.")
    assert not _done(a, "dated") and not _done(a, "check_back")
    a.remedy_due, a.check_back = date(2026, 3, 13), date(2026, 3, 16)
    assert _done(a, "dated") and _done(a, "check_back")
    assert _checks_back("I will call you Thursday to check the parts fit.")
    assert not _checks_back("I will send the units by Friday.")
    assert not _checks_back("I will call you soon.")


def test_harm_comes_from_their_story_not_from_the_failure() -> None:
    moments = [Moment(what="Fitters waited on site", feeling="Humiliated in front of the client")]
    story = story_words(moments, impact="Handover slipped a week", failure="wrong end caps shipped")
    assert _names_harm("I am sorry the handover slipped.", story)
    assert _names_harm("I am sorry you were humiliated.", story)
    only_failure = story_words([], failure="wrong end caps")
    assert not _names_harm("I am sorry the end caps were wrong.", only_failure)


def test_script_has_every_part_in_speaking_order(db, sample_id) -> None:
    incident = get_incident(db, sample_id)
    customer = get_customer(db, incident.customer_id)
    a = Apology(**{**vars(GOOD), "incident_id": sample_id, "remedy_owner": "Priya Shah",
                   "remedy_due": date(2026, 3, 13), "check_back": date(2026, 3, 16)})
    script = assemble_script(a, incident.moments, customer)
    assert script.startswith("Dana, thank you")
    order = [GOOD.regret, incident.moments[0].what.rstrip("."), GOOD.responsibility,
             GOOD.remedy.split(" and ")[0], "Priya Shah is responsible",
             spoken_date(date(2026, 3, 13)),
             "check back with you on Monday 16 March", "sorry again"]
    positions = [script.index(piece) for piece in order]
    assert positions == sorted(positions)
    gaps = assemble_script(Apology(incident_id=sample_id), [], None)
    assert gaps.startswith("Thank you") and gaps.count("not written yet") == 3
    assert "step 2" in gaps


def test_meta_warns_on_written_channel_and_late_apology(db, sample_id) -> None:
    incident = get_incident(db, sample_id)
    assert incident.reported_at is not None
    soon = Apology(incident_id=sample_id, planned_for=incident.reported_at + timedelta(days=1))
    assert meta_findings(soon, incident, now=incident.reported_at) == []
    late = Apology(incident_id=sample_id, channel="email_text",
                   planned_for=incident.reported_at + timedelta(days=9))
    assert {f.category for f in meta_findings(late, incident)} == {"channel", "late"}


def test_phrase_library_sections_and_no_weak_phrase() -> None:
    phrases = caring_phrases()
    assert set(phrases) == {"regret", "ownership", "remedy", "closing"}
    library = phrase_library()
    assert {section for section, _ in library} == set(PHRASE_SECTIONS)
    for _section, text in library:
        weak = [
            f.rule_id for f in lint(text)
            # A phrase is a building block: a bare "I am sorry." is judged in the apology
            # it goes into, beside the wrong it names.
            if f.severity != "suggestion" and f.category not in PART_CATEGORIES
            and f.rule_id != "vague-bare-sorry"
        ]
        assert not weak, (text, weak)
    for text in phrases["regret"]:
        assert not [f for f in lint(text, "regret") if f.category == "missing-sorry"], text


def _done(apology: Apology, key: str) -> bool:
    return next(i.done for i in checklist(apology, []) if i.key == key)


def _checks_back(text: str) -> bool:
    return analyse(text).present["check_back"]


def _names_harm(text: str, story: frozenset[str]) -> bool:
    return analyse(text, story=story).present["harm"]
