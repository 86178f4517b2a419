"""Playbooks: built-ins, file round trips, problems with their places, clashes, applying."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.followups.cadence import propose
from planner.playbooks import (
    SEVERITY_LEVELS,
    CurrentPlan,
    MemoryPlaybookStore,
    NameClashError,
    Playbook,
    PlaybookImportError,
    Problem,
    dump_playbook,
    duplicate_playbook,
    load_builtin_playbooks,
    parse_playbook,
    plan_application,
    plan_import,
    playbook_from_data,
    playbook_problems,
    playbook_to_data,
    resolve_clash,
)
from planner.playbooks.schema import FIELDS
from planner.resources import resource_path

BUILTINS = load_builtin_playbooks()
EXPECTED_KEYS = {
    "late-delivery", "damaged-goods", "wrong-item", "billing-error", "unreachable",
    "missed-commitment", "quality-defect", "general",
}


def by_key(key: str) -> Playbook:
    return next(p for p in BUILTINS if p.key == key)


def problems_of(data: bytes) -> list[str]:
    with pytest.raises(PlaybookImportError) as caught:
        parse_playbook(data, "test.toml")
    assert caught.value.problems, "a refusal always says why"
    return [str(problem) for problem in caught.value.problems]


def test_all_builtins_ship_and_validate() -> None:
    assert {p.key for p in BUILTINS} == EXPECTED_KEYS
    assert len({p.name.casefold() for p in BUILTINS}) == len(BUILTINS)
    for playbook in BUILTINS:
        assert playbook.builtin
        assert playbook_problems(playbook) == [], playbook.key


@pytest.mark.parametrize("playbook", BUILTINS, ids=lambda p: p.key)
def test_builtin_is_complete(playbook: Playbook) -> None:
    assert len(playbook.when_to_use) > 80
    assert {s.level for s in playbook.severity_guide} == set(SEVERITY_LEVELS)
    assert 3 <= len(playbook.remedy_options) <= 4
    assert all(r.cost and r.approver for r in playbook.remedy_options)
    assert len(playbook.agenda) == 8  # PRODUCT.md step 4, adapted to the failure
    assert "sorry" in playbook.agenda[0].casefold() or "apolog" in playbook.agenda[0].casefold()
    assert "sorry" in playbook.agenda[-1].casefold() or "apolog" in playbook.agenda[-1].casefold()
    assert playbook.who_to_bring and len(playbook.what_to_bring) >= 3
    assert any(q.startswith("Can you help me understand") for q in playbook.questions)
    assert len(playbook.phrases) >= 4 and any("sorry" in p for p in playbook.phrases)
    assert len(playbook.cadence) >= 4
    anchors = {"reported": date(2025, 3, 3), "visit": date(2025, 3, 4),
               "remedy_due": date(2025, 3, 7)}
    proposals = propose(playbook.cadence, anchors)
    assert proposals and all(p.date.weekday() < 5 for p in proposals)


@pytest.mark.parametrize("playbook", BUILTINS, ids=lambda p: p.key)
def test_export_then_import_gives_an_equal_playbook(playbook: Playbook) -> None:
    again = parse_playbook(dump_playbook(playbook), "exported.toml")
    assert again == dataclasses.replace(playbook, builtin=False)
    # The shipped file is itself in the export layout, so edits diff cleanly.
    assert dump_playbook(playbook) == resource_path(f"playbooks/{playbook.key}.toml").read_bytes()


def test_the_brief_example_problem_and_every_other_problem_is_reported() -> None:
    text = dump_playbook(by_key("late-delivery")).decode()
    text = text.replace('offset = "P1W"', 'offset = "3 weeks"')
    text = text.replace('name = "Late delivery"', 'nmae = "Late delivery"\nbuiltin = true')
    text = text.replace('level = "medium"', 'level = "severe"')
    text = text.replace('  "Ask them to walk', '  12,\n  "Ask them to walk')
    text = text.replace('channel = "visit"', 'channel = "fax"')
    problems = problems_of(text.encode())
    assert problems == [
        'nmae: unknown field; did you mean "name"?',
        "builtin: is decided by Amends and cannot be set in a file; remove it",
        "name: is missing",
        'severity_guide[1].level: "severe" is not one of low, medium, high, critical',
        "agenda[1]: expected text, found a whole number",
        'cadence[2].offset: "3 weeks" is not a duration like P21D',
        'cadence[3].channel: "fax" is not one of call, visit, email, meeting',
    ]


def test_wrong_types_and_limits() -> None:
    pb = by_key("general")
    long_name = dataclasses.replace(pb, name="N" * 121)
    assert [str(p) for p in playbook_problems(long_name)] == [
        "name: is 121 characters long; the limit is 120"
    ]
    text = dump_playbook(pb).decode()
    text = text.replace("questions = [", "questions = [\n" + '  "Q?",\n' * 50)
    text = text.replace('key = "general"', 'key = "General Key"')
    text = text.replace("schema_version = 1", "schema_version = true")
    text = text.replace('phrases = [', 'phrases = "one phrase"\nunused = [')
    problems = problems_of(text.encode())
    assert problems[0].startswith("unused: unknown field; use schema_version, key, name,")
    assert "schema_version: expected 1, found true/false (true)" in problems
    decimal = dump_playbook(pb).replace(b"schema_version = 1", b"schema_version = 1.0")
    assert problems_of(decimal) == ["schema_version: expected 1, found a decimal number"]
    assert 'key: "General Key" is not a key like late-delivery (a-z, 0-9 and dashes)' in problems
    assert "questions: has 55 items; the limit is 50" in problems
    assert "phrases: expected a list, found text (\"one phrase\")" in problems


def test_text_checks() -> None:
    base = by_key("general")
    cases = {
        dataclasses.replace(base, name="Two\nlines"): "name: contains a line break (U+000A); "
        "keep it on one line",
        dataclasses.replace(base, agenda=("   ",)): "agenda[0]: is empty; write something here "
        "or remove it",
        dataclasses.replace(base, agenda=("Say sorry", " say  SORRY")): (
            "agenda[1]: repeats agenda[0]"
        ),
        dataclasses.replace(base, when_to_use="x" * 4001): "when_to_use: is 4,001 characters long; "
        "the limit is 4,000",
        dataclasses.replace(base, phrases=("bell \x07",)): "phrases[0]: contains a control "
        "character (U+0007); remove it",
    }
    for playbook, expected in cases.items():
        assert [str(p) for p in playbook_problems(playbook)] == [expected]
    with pytest.raises(ValueError, match="cannot be written"):
        dump_playbook(dataclasses.replace(base, name=""))


def test_newer_schema_asks_to_update_amends() -> None:
    data = b'schema_version = 2\nkey = "x"\nsomething_new = [1, 2]\n'
    assert problems_of(data) == [
        ("schema_version: this playbook was written by a newer Amends (schema 2); this one reads "
        "schema 1. Update Amends, then import it again")
    ]


def test_absurd_schema_version_still_gets_a_message() -> None:
    data = playbook_to_data(by_key("general"))
    data["schema_version"] = 10**5000
    with pytest.raises(PlaybookImportError) as caught:
        playbook_from_data(data)
    assert "written by a newer Amends; this one reads schema 1" in str(caught.value)


def test_file_level_problems_have_places() -> None:
    assert problems_of(b'name = "ok"\nkey = "caf\xe9"\n') == [
        ("line 2, column 11: is not UTF-8 text (byte 0xe9); "
        "save the file as UTF-8 and import it again")
    ]
    assert problems_of(b'name = "ok"\nkey = = 3\n') == [
        ("line 2, column 7: is not valid TOML here (invalid value); check the quotes and brackets, "
        "or whether the file was cut short")
    ]
    [truncated] = problems_of(dump_playbook(BUILTINS[0])[:-40])
    assert truncated.startswith(("end of file:", "line "))
    assert problems_of(b"x" * 1_000_001) == [
        "file: is larger than 1 MB, the most a playbook file may be. Is it the right file?"
    ]
    deep = b"a = " + b"[" * 100_000 + b"]" * 100_000
    assert problems_of(deep) == [(
        "line 1: nests lists or tables more than 8 deep; a playbook needs two levels. "
        "Is it the right file? Nothing was read from it"
    )]
    assert problems_of(b"n = " + b"9" * 5000) == [(
        "line 1: has a number 5,000 digits long; playbooks hold small whole numbers. "
        "Is it the right file? Nothing was read from it"
    )]
    assert problems_of(b"") == [f"{field}: is missing" for field in FIELDS]
    assert FIELDS[:3] == ("schema_version", "key", "name") and len(FIELDS) == 13


def test_friendly_variants_are_accepted() -> None:
    original = by_key("unreachable")
    data = dump_playbook(original).replace(b'time = "09:30"', b"time = 09:30:00")
    assert parse_playbook(b"\xef\xbb\xbf" + data) == dataclasses.replace(original, builtin=False)


def test_problem_and_error_text() -> None:
    error = PlaybookImportError([Problem("name", "is missing")], "team.toml")
    assert str(error) == "team.toml is not a usable playbook (1 problem)\nname: is missing"


def test_resolve_clash() -> None:
    incoming = dataclasses.replace(by_key("general"), name="Late  DELIVERY")
    assert resolve_clash(["Other"], incoming, None) is incoming
    with pytest.raises(NameClashError, match="replace it or keep both"):
        resolve_clash(["Late delivery"], incoming, None)
    assert resolve_clash(["Late delivery"], incoming, "replace") is incoming
    kept = resolve_clash(["Late delivery", "late delivery (2)"], incoming, "keep-both")
    assert kept.name == "Late  DELIVERY (3)"
    third = dataclasses.replace(kept, name="Late delivery (3)")
    again = resolve_clash(["Late delivery (3)"], third, "keep-both")
    assert again.name == "Late delivery (2)"
    long = dataclasses.replace(incoming, name="L" * 120)
    assert len(resolve_clash(["L" * 120], long, "keep-both").name) == 120


def test_plan_import() -> None:
    mine = dataclasses.replace(by_key("general"), key="team-late", name="Team late", builtin=False)
    library = [*BUILTINS, mine]
    fresh = dataclasses.replace(mine, key="late-delivery", name="Brand new")
    plan = plan_import(library, fresh, None)
    assert (plan.playbook.name, plan.playbook.key) == ("Brand new", "late-delivery-2")
    assert plan.replaces is None
    newer = dataclasses.replace(mine, key="other", when_to_use="Updated by the manager.")
    replaced = plan_import(library, newer, "replace")
    assert replaced.replaces == mine and replaced.playbook.key == "team-late"
    copy = dataclasses.replace(by_key("late-delivery"), builtin=False)
    with pytest.raises(NameClashError) as caught:
        plan_import(library, copy, "replace")
    assert caught.value.builtin
    kept = plan_import(library, copy, "keep-both").playbook
    assert (kept.name, kept.key, kept.builtin) == ("Late delivery (2)", "late-delivery-2", False)
    duplicate = duplicate_playbook(by_key("general"), library)
    assert duplicate.name == "General service failure (2)"
    assert (duplicate.key, duplicate.builtin) == ("general-2", False)


def test_store_round_trip() -> None:
    store = MemoryPlaybookStore()
    store.save(BUILTINS[0])
    assert store.list_user() == [dataclasses.replace(BUILTINS[0], builtin=False)]
    store.delete(BUILTINS[0].key)
    assert store.list_user() == []


def test_application_adds_only_what_is_missing() -> None:
    playbook = by_key("late-delivery")
    typed = CurrentPlan(
        agenda=["My own opening", ("  say sorry straight away, plainly, for the late delivery and "
                "what it put them through ")],
        what_to_bring=["The order confirmation with the date we PROMISED"],
        questions=[],
        has_remedy=True,
        attendees=["sales manager"],
    )
    plan = plan_application(playbook, typed)
    assert len(plan.agenda) == len(playbook.agenda) - 1
    assert playbook.agenda[0] not in plan.agenda
    assert len(plan.what_to_bring) == len(playbook.what_to_bring) - 1
    assert plan.questions == playbook.questions
    assert [p.role for p in plan.who_to_bring] == ["Logistics planner"]
    assert plan.remedy_options == playbook.remedy_options and not plan.remedy_is_empty
    assert plan.cadence == playbook.cadence
    merged = plan.merged(typed)
    assert list(merged.agenda[:2]) == list(typed.agenda), "the user's text is untouched, in place"
    assert list(merged.what_to_bring[:1]) == list(typed.what_to_bring)
    assert plan_application(playbook, merged).adds_anything is False
    assert any(line.startswith("Agenda: add 7") for line in plan.describe())
    empty = plan_application(playbook, CurrentPlan())
    assert empty.remedy_is_empty and empty.agenda == playbook.agenda
    again = plan_application(playbook, empty.merged(CurrentPlan()))
    assert again.describe()[0].startswith("Nothing to add")


typed_lists = st.lists(st.text(max_size=12) | st.sampled_from(["Say sorry", " SAY sorry ", ""]))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(BUILTINS), typed_lists, typed_lists, typed_lists, st.booleans())
def test_application_never_overwrites_typed_text(
    playbook: Playbook, agenda: list[str], bring: list[str], questions: list[str], remedy: bool
) -> None:
    typed = CurrentPlan(agenda, bring, questions, remedy)
    before = (list(agenda), list(bring), list(questions))
    plan = plan_application(playbook, typed)
    merged = plan.merged(typed)
    assert (list(agenda), list(bring), list(questions)) == before, "the input is not mutated"
    assert list(merged.agenda[: len(agenda)]) == agenda
    assert list(merged.what_to_bring[: len(bring)]) == bring
    assert list(merged.questions[: len(questions)]) == questions
    assert merged.has_remedy == remedy and plan.remedy_is_empty == (not remedy)
    typed_keys = {" ".join(item.split()).casefold() for item in agenda}
    assert not any(" ".join(item.split()).casefold() in typed_keys for item in plan.agenda)
    assert plan_application(playbook, merged).adds_anything is False
