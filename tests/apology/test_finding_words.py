"""A finding speaks of the writer's own words: a message quotes only what they wrote, one span
carries one finding for one point, and the suggestions fit any incident, not one trade's."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.apology.checker import lint
from planner.apology.checker.rules import RuleFileError, load_rules, quote, read_rule_file
from tests.apology.corpus_texts import corpus_texts

QUOTED = re.compile(r"“([^”]*)”")


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def quotes_not_written(text: str, part: str | None = None) -> list[str]:
    """The words quoted in the findings' messages that the text does not hold."""
    missing = []
    for finding in lint(text, part):
        for quoted in QUOTED.findall(finding.message):
            # A long quote is cut at a word and ends in " …": its start must be theirs.
            words = _plain(quoted.removesuffix(" …"))
            if words not in _plain(text):
                missing.append(f"{finding.rule_id}: {quoted}")
    return missing


def test_the_vague_sorry_quotes_what_was_written_not_what_happened() -> None:
    text = "We apologize for any inconvenience this caused."
    messages = [f.message for f in lint(text, "regret")]
    assert not any("what happened" in m.lower() for m in messages)
    assert quotes_not_written(text, "regret") == []
    assert any("“For any inconvenience this caused”" in m for m in messages)


@pytest.mark.parametrize(
    "text",
    [
        "I regret the delay.",  # regret-not-sorry quotes "I regret", not "We regret"
        "We sincerely regret the delay.",
        "Sorry if this upset anyone.",
        "I'm sorry, however the courier lost it.",
        "It may also have been our error.",
        "Some of you had trouble logging in.",
        "Apologies for the situation.",
        "We fell short.",
    ],
)
def test_messages_quote_only_the_writers_words(text: str) -> None:
    assert lint(text), "the trap needs a finding to check"
    assert quotes_not_written(text) == []


def test_no_message_on_the_development_corpus_quotes_words_it_does_not_hold() -> None:
    missing = [q for text in corpus_texts() for q in quotes_not_written(text)]
    assert missing == []


def test_a_long_span_is_quoted_cut_at_a_word() -> None:
    words = "to anyone who might have been affected in any way at all by the outage on the day"
    quoted = quote(words)
    assert quoted.endswith(" …") and len(quoted) <= 50
    assert words.startswith(quoted.removesuffix(" …").lower())
    assert quote("  for any\n inconvenience, ") == "For any inconvenience"


def test_a_rule_quoting_words_it_cannot_know_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'category = "vague"\nseverity = "warning"\n[[rule]]\nid = "bad-quote"\n'
        'message = "Sorry for “what happened” says nothing."\nreason = "r"\n'
        "patterns = ['''sorry for that''']\npass = [\"I'm sorry I missed the call.\"]\n"
        'fail = ["Sorry for that."]\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match="bad-quote.*quote"):
        read_rule_file(path, "rules/bad.toml")


def test_a_dismissed_findings_rule_message_reads_without_the_words() -> None:
    rule = load_rules().rule("cliche-any-inconvenience")
    assert "{" not in rule.message and rule.message.startswith("This wording")
    assert rule.message_for("for the inconvenience").startswith("“For the inconvenience”")


def test_one_span_carries_one_finding_for_the_stock_inconvenience() -> None:
    text = "We apologize for any inconvenience this caused."
    words = [(f.start, f.end) for f in lint(text, "regret") if f.category in ("vague", "cliche")]
    assert len(words) == 1
    # The stock phrase's finding says the vague point too.
    (finding,) = [f for f in lint(text, "regret") if f.category == "cliche"]
    assert "does not say what went wrong" in finding.message


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        # Different points on overlapping words both stay: an "if" and a stock phrase.
        ("I'm sorry if this caused any inconvenience.", {"conditional", "cliche"}),
        # With no stock phrase, the vague sorry is still said.
        ("I apologize for the situation.", {"vague"}),
        # A vague sorry elsewhere in the text is not swallowed by a stock phrase.
        ("Sorry for the inconvenience. Sorry for everything.", {"vague", "cliche"}),
    ],
)
def test_different_points_and_other_spans_keep_their_findings(
    text: str, categories: set[str]
) -> None:
    assert categories <= {f.category for f in lint(text)}


# Words of one trade or incident that a suggestion shown for any incident must not assume.
INCIDENT_WORDS = re.compile(
    r"\b(?:parts|(?:wrong|right|new|spare)\s+part|line|lenses|piano|kettle|sofa|hotel|fare"
    r"|referee|gates|payslips|parcel|flight|fabric|courier|installer|carrier|housing|marks|till|prescription|staff|your\s+table"
    r"|shopping|card|site|software|parking|booking|report|order|delivery)\b",
    re.IGNORECASE,
)


def test_suggestions_fit_any_incident() -> None:
    found = []
    for rule in load_rules().rules:
        for text in (rule.suggestion or "", rule.replacement or ""):
            if INCIDENT_WORDS.search(text):
                found.append(f"{rule.id}: {text}")
    assert found == []


def test_a_billing_remedy_gets_no_suggestion_about_parts_or_lines() -> None:
    text = "I'm sorry we sent you the invoice twice. We will look into it."
    suggestions = " ".join(f.suggestion or "" for f in lint(text))
    assert suggestions
    assert INCIDENT_WORDS.search(suggestions) is None
