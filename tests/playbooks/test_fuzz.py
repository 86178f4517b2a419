"""The playbook importer under hypothesis: it refuses cleanly or returns a whole playbook."""
from __future__ import annotations

import dataclasses
import functools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.followups.cadence import ANCHORS, CHANNELS, CadenceStep
from planner.playbooks import (
    SEVERITY_LEVELS,
    Attendee,
    Playbook,
    PlaybookImportError,
    RemedyOption,
    SeverityLevel,
    dump_playbook,
    load_builtin_playbooks,
    parse_playbook,
    playbook_from_data,
    playbook_problems,
    playbook_to_data,
)
from planner.playbooks.schema import FIELDS

BUILTINS = load_builtin_playbooks()
JUNK = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b'"', b"[", b"\n[[x]]\n", b"=", b"\\", b"}"]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Valid text: no surrogates or control characters (text-direction overrides count as such),
# except line breaks and tabs in long text.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_chars = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters=_BIDI)
labels = st.text(_chars, min_size=1, max_size=30).filter(str.strip)
_text_chars = _chars | st.sampled_from("\n\t\"\\'#[]{}=é✓")
long_text = st.text(_text_chars, min_size=1, max_size=80).filter(str.strip)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _unique(items: st.SearchStrategy[Any], key: Any = _norm) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(items, max_size=5, unique_by=key).map(tuple)


steps = st.builds(
    CadenceStep,
    anchor=st.sampled_from([a for a in ANCHORS if a != "previous"]),
    offset=st.sampled_from(["P0D", "P1D", "P1W", "P7D", "P1M", "P1Y2M3W4D", "p21d"]),
    business_days=st.booleans(),
    channel=st.sampled_from(CHANNELS),
    purpose=labels,
    time=st.none() | st.sampled_from(["00:00", "09:30", "23:59"]),
)
severity_guides = st.lists(st.sampled_from(SEVERITY_LEVELS), unique=True).flatmap(
    lambda levels: st.tuples(*(st.builds(SeverityLevel, st.just(lv), long_text) for lv in levels))
)
remedies = st.builds(RemedyOption, labels, long_text, long_text, labels)
attendees = st.builds(Attendee, labels, long_text)
valid_playbooks = st.builds(
    Playbook,
    key=st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}", fullmatch=True),
    name=labels,
    failure_type=labels,
    when_to_use=long_text,
    severity_guide=severity_guides,
    remedy_options=_unique(remedies, key=lambda r: _norm(r.title)),
    agenda=_unique(long_text),
    who_to_bring=_unique(attendees, key=lambda a: _norm(a.role)),
    what_to_bring=_unique(long_text),
    questions=_unique(long_text),
    phrases=_unique(long_text),
    cadence=st.lists(steps, max_size=4).map(tuple),
)

# Any TOML value, including the wrong kinds for every field.
scalars = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.sampled_from(["P1D", "3 weeks", "visit", "low", "call", "09:30", "", "x" * 5000]),
)
field_names = st.sampled_from([*FIELDS, "level", "title", "anchor", "offset", "role", "extra"])
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(field_names, inner, max_size=4),
    max_leaves=12,
)


def assert_whole_or_refused(call: Any) -> Playbook | None:
    """Run ``call``; it may refuse with problems, or return a playbook that is fully valid."""
    try:
        playbook = call()
    except PlaybookImportError as error:
        assert error.problems and all(p.place and p.message for p in error.problems)
        return None
    assert isinstance(playbook, Playbook)
    assert playbook_problems(playbook) == []
    return playbook


@FUZZ
@given(valid_playbooks)
def test_generated_playbooks_round_trip(playbook: Playbook) -> None:
    assert playbook_problems(playbook) == []
    assert parse_playbook(dump_playbook(playbook)) == playbook


@FUZZ
@given(st.sampled_from(BUILTINS), st.sampled_from(FIELDS), values)
def test_any_field_replaced_with_any_value(builtin: Playbook, field: str, value: Any) -> None:
    data = playbook_to_data(builtin)
    data[field] = value
    result = assert_whole_or_refused(lambda: playbook_from_data(data))
    if result is not None:  # only possible when the value happens to be valid for the field
        assert playbook_to_data(result)[field] == value


@FUZZ
@given(
    st.sampled_from(BUILTINS),
    st.sampled_from(["severity_guide", "remedy_options", "who_to_bring", "cadence"]),
    st.data(),
)
def test_any_nested_field_broken(builtin: Playbook, field: str, data: st.DataObject) -> None:
    raw = playbook_to_data(builtin)
    items = raw[field]
    assert isinstance(items, list)
    index = data.draw(st.integers(0, len(items) - 1))
    item = dict(items[index])
    name = data.draw(st.sampled_from([*item, "unknown"]))
    if data.draw(st.booleans()):
        item.pop(name, None)
    else:
        item[name] = data.draw(values)
    items[index] = item
    result = assert_whole_or_refused(lambda: playbook_from_data(raw))
    if result is not None:  # the value happened to be valid, or an optional field went
        defaults = {"business_days": False, "channel": "call"} if field == "cadence" else {}
        assert playbook_to_data(result)[field] == [{**defaults, **entry} for entry in items]


@FUZZ
@given(values)
def test_random_structures(value: Any) -> None:
    assert_whole_or_refused(lambda: playbook_from_data(value))
    if isinstance(value, dict):
        # JSON strings, numbers and lists of them are also TOML; the rest is left out.
        simple = {k: v for k, v in value.items() if isinstance(v, (str, int, list))}
        lines = "".join(f"{k} = {json.dumps(v)}\n" for k, v in simple.items())
        assert_whole_or_refused(lambda: parse_playbook(lines.encode()))


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    assert_whole_or_refused(lambda: parse_playbook(data))


@FUZZ
@given(st.sampled_from(BUILTINS), st.data())
def test_bytes_mangled(builtin: Playbook, data: st.DataObject) -> None:
    original = dump_playbook(builtin)
    at = data.draw(st.integers(0, len(original)))
    junk = data.draw(st.sampled_from(JUNK))
    mangled = original[:at] + junk + original[at + data.draw(st.integers(0, 3)) :]
    assert_whole_or_refused(lambda: parse_playbook(mangled))


@FUZZ
@given(st.sampled_from(BUILTINS), st.data())
def test_truncated_anywhere(builtin: Playbook, data: st.DataObject) -> None:
    original = dump_playbook(builtin)
    cut = data.draw(st.integers(0, len(original) - 1))
    result = assert_whole_or_refused(lambda: parse_playbook(original[:cut]))
    assert result is None or result == dataclasses.replace(builtin, builtin=False)


@pytest.mark.parametrize("builtin", BUILTINS, ids=lambda p: p.key)
def test_truncated_at_every_line_end(builtin: Playbook) -> None:
    # Cutting between whole lines is the dangerous case: the rest still looks like valid TOML.
    original = dump_playbook(builtin)
    whole = dataclasses.replace(builtin, builtin=False)
    for cut in (i for i, byte in enumerate(original) if byte == ord("\n")):
        result = assert_whole_or_refused(functools.partial(parse_playbook, original[:cut]))
        assert result is None or result == whole
    assert parse_playbook(original.rstrip()) == whole


@FUZZ
@given(st.sampled_from(BUILTINS), st.sampled_from(FIELDS[1:5]), st.integers(4_001, 600_000))
def test_huge_strings(builtin: Playbook, field: str, size: int) -> None:
    lines = dump_playbook(builtin).decode().splitlines(keepends=True)
    huge = [f'{field} = "{"é" * size}"\n' if line.startswith(f"{field} = ") else line
            for line in lines]
    data = "".join(huge).encode()
    with pytest.raises(PlaybookImportError) as caught:
        parse_playbook(data)
    places = [problem.place for problem in caught.value.problems]
    # The rest of the file counts too, so the size limit is judged on the whole file.
    assert places == (["file"] if len(data) > 1_000_000 else [field])
