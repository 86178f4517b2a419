"""One analysis feeds everything: findings, checklist, score and the spoken preview agree, on the
development corpus and on texts made up from its sentences and the rules' own examples."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.apology.checker import ITEMS, Analysis, analyse, lint, load_rules
from planner.apology.checker.analysis import BLOCKERS
from planner.apology.checker.finding import PART_CATEGORIES
from planner.apology.checklist import checklist, checklist_of
from planner.apology.script import CLOSING, FIRST_CLOSING, assemble_script, cue
from planner.apology.service import Apology
from tests.apology.corpus_texts import corpus_texts

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
SENTENCES = sorted(
    {s.strip() for text in corpus_texts() for s in _SENTENCE.findall(text) if len(s.strip()) > 3}
)
EXAMPLES = [e for rule in load_rules().rules for e in rule.fail_examples + rule.pass_examples]


def check_consistent(analysis: Analysis) -> None:
    """Every way the analysis is shown says the same thing."""
    findings = analysis.all_findings()
    categories = {f.category for f in findings}
    names = categories | {f.rule_id for f in findings}
    written = any(text.strip() for text in analysis.texts.values())
    for item in ITEMS:
        if analysis.done(item):
            assert not analysis.blocked(item), (item, analysis.blocked(item))
            if item != "sorry":  # one plain sorry ticks it beside a hedged one elsewhere
                assert not names & BLOCKERS[item], (item, names & BLOCKERS[item])
        elif analysis.present[item]:
            assert analysis.blocked(item), item
    for check, item in (("missing-ownership", "owns"), ("missing-remedy", "remedy")):
        if written and check in analysis.checks and _home_written(analysis, check):
            assert (check in categories) == (not analysis.present[item]), check
    if written and "missing-sorry" in analysis.checks and _home_written(analysis, "missing-sorry"):
        assert ("missing-sorry" in categories) == (not analysis.present["sorry-said"])
    if "undated-remedy" in categories:
        assert analysis.present["remedy"] and not analysis.present["dated"]
    assert [item.done for item in checklist_of(analysis)] == [analysis.done(i) for i in ITEMS]
    assert checklist_of(analysis).score == analysis.score
    for key, text in analysis.texts.items():
        for finding in analysis.findings.get(key, ()):
            assert 0 <= finding.start < finding.end <= len(text)


def _home_written(analysis: Analysis, check: str) -> bool:
    home = {"missing-sorry": "regret", "missing-ownership": "responsibility",
            "missing-remedy": "remedy"}[check]
    return bool(analysis.texts.get(home, analysis.texts.get(None, "")).strip())


def check_script(apology: Apology, analysis: Analysis) -> None:
    script = assemble_script(apology, [], None, analysis)
    for item in ITEMS:
        if item == "check_back" and apology.check_back is not None:
            continue
        assert (cue(item) in script) == (not analysis.done(item)), item
    # The script's own close says "sorry again" only once a sorry stands; the rep's words are
    # shown as written, so only a "sorry again" beyond theirs is the script's.
    assert script.endswith(CLOSING) == analysis.done("sorry")
    assert script.endswith(FIRST_CLOSING) == (not analysis.done("sorry"))
    theirs = sum(
        text.count("I am sorry again")
        for text in (apology.regret, apology.responsibility, apology.remedy)
    )
    assert script.count("I am sorry again") - theirs == analysis.done("sorry")


@pytest.mark.parametrize("number", range(len(corpus_texts())))
def test_every_corpus_text_is_shown_consistently(number: int) -> None:
    text = corpus_texts()[number]
    analysis = analyse(text)
    check_consistent(analysis)
    assert lint(text) == list(analysis.findings[None])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(
        st.lists(st.sampled_from(SENTENCES + EXAMPLES), max_size=5), min_size=3, max_size=3
    ),
    due=st.booleans(),
)
def test_made_up_three_part_apologies_are_shown_consistently(
    parts: list[list[str]], due: bool
) -> None:
    from datetime import date

    apology = Apology(
        incident_id=0, regret=" ".join(parts[0]), responsibility=" ".join(parts[1]),
        remedy=" ".join(parts[2]), remedy_due=date(2026, 3, 13) if due else None,
    )
    from planner.apology.review import analyse_apology

    analysis = analyse_apology(apology)
    check_consistent(analysis)
    check_script(apology, analysis)
    assert [i.done for i in checklist(apology, [])] == [analysis.done(i) for i in ITEMS]
    if due:
        assert "undated-remedy" not in {f.category for f in analysis.all_findings()}


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_is_shown_consistently(text: str) -> None:
    check_consistent(analyse(text))


def test_the_issues_example_ticks_nothing_the_findings_deny() -> None:
    apology = Apology(
        incident_id=0,
        regret="We regret any inconvenience this may have caused.",
        responsibility="Mistakes were made in billing, but our system had a glitch.",
    )
    from planner.apology.review import analyse_apology

    analysis = analyse_apology(apology)
    done = {item: analysis.done(item) for item in ITEMS}
    assert not done["harm"] and not done["owns"] and not done["sorry"]
    found = {f.category for f in analysis.all_findings()}
    assert {"missing-sorry", "missing-ownership", "passive", "excuse"} <= found


@pytest.mark.parametrize(
    ("regret", "remedy"),
    [
        ("We regret the delay.", "I am sorry again."),
        ("I'm sorry if the delay upset you.", "I am sorry again."),
        ("Sorry you feel the onboarding hasn't gone smoothly", "I am sorry again."),
        ("", "We are sorry you feel that way I am sorry again."),
    ],
)
def test_a_plain_sorry_anywhere_ticks_says_sorry_and_the_preview_agrees(
    regret: str, remedy: str
) -> None:
    # Hypothesis once made a remedy part ending "I am sorry again." beside a hedged sorry: the
    # preview showed the words while the checklist said no sorry. One plain sorry ticks it.
    from planner.apology.review import analyse_apology

    apology = Apology(incident_id=0, regret=regret, remedy=remedy)
    analysis = analyse_apology(apology)
    assert analysis.done("sorry")
    assert not any(f.category == "missing-sorry" for f in analysis.all_findings())
    check_consistent(analysis)
    check_script(apology, analysis)


def test_a_hedged_sorry_alone_does_not_tick_says_sorry() -> None:
    from planner.apology.review import analyse_apology

    for regret in ("I'm sorry if the delay upset you.", "We're sorry you feel let down."):
        analysis = analyse_apology(Apology(incident_id=0, regret=regret))
        assert not analysis.done("sorry"), regret
        assert analysis.blocked("sorry"), regret
        check_consistent(analysis)


def test_dismissing_the_hedge_on_the_only_sorry_ticks_says_sorry() -> None:
    # The rep decided the "if" is fine: the sorry is still said, so nothing stops the tick.
    analysis = analyse({"regret": "I'm sorry if the delay upset you."})
    assert not analysis.done("sorry")
    kept = analysis.without(lambda key, finding: finding.category == "conditional")
    assert kept.done("sorry")
    check_consistent(kept)


def test_one_free_text_runs_every_component_check_and_a_part_only_its_own() -> None:
    assert analyse("Thank you for your order.").checks == frozenset(PART_CATEGORIES)
    assert analyse({"remedy": "We will look into it."}).checks == {
        "missing-remedy", "undated-remedy"
    }
