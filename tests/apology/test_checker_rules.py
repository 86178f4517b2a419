"""Every rule's own pass/fail examples, the rule-file validation, and the prefilter's soundness."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.apology.checker import CATEGORIES, RuleFileError, lint, load_rules, reload_rules
from planner.apology.checker.analysis import lint_with
from planner.apology.checker.anchors import anchor_words
from planner.apology.checker.patterns import compile_pattern, lowered, normalise_source
from planner.apology.checker.prefilter import requirements, text_words
from planner.apology.checker.rules import Rule, read_rule_dir

RULES = load_rules().rules


def _examples(kind: str) -> list[pytest.ParameterSet]:
    cases = []
    for rule in RULES:
        examples = rule.fail_examples if kind == "fail" else rule.pass_examples
        for number, example in enumerate(examples):
            cases.append(pytest.param(rule, example, id=f"{rule.id}-{kind}-{number}"))
    return cases


@pytest.mark.parametrize(("rule", "example"), _examples("fail"))
def test_fail_example_is_flagged_in_the_rules_category(rule: Rule, example: str) -> None:
    findings = lint(example, rule.example_part)
    assert rule.category in {f.category for f in findings}, (
        f"{rule.id} missed its own fail example {example!r}; found {findings}"
    )


@pytest.mark.parametrize(("rule", "example"), _examples("pass"))
def test_pass_example_is_not_flagged_in_the_rules_category(rule: Rule, example: str) -> None:
    flagged = [
        example[f.start : f.end]
        for f in lint(example, rule.example_part)
        if f.category == rule.category
    ]
    assert not flagged, f"{rule.id} flagged {flagged} in its own pass example {example!r}"


@pytest.mark.parametrize(("rule", "example"), _examples("fail") + _examples("pass"))
def test_prefilter_never_hides_a_finding(rule: Rule, example: str) -> None:
    part = rule.example_part
    assert lint_with(example, part, prefilter=True) == lint_with(example, part, prefilter=False)


def test_every_category_of_the_product_has_a_rule() -> None:
    assert {rule.category for rule in RULES} == set(CATEGORIES)


def test_rule_text_is_filled_in_and_short() -> None:
    for rule in RULES:
        assert rule.message and rule.reason and rule.suggestion, rule.id
        assert "\n" not in rule.reason, rule.id
        assert len(rule.message) <= 120, f"{rule.id}: keep the message short"


def test_part_checks_are_tied_to_their_parts() -> None:
    parts = {rule.check: rule.parts for rule in RULES if rule.check}
    assert parts == {
        "missing-sorry": ("regret",),
        "missing-ownership": ("responsibility",),
        "missing-remedy": ("remedy",),
        "undated-remedy": ("remedy",),
    }


def test_meta_rules_the_meta_checks_need_exist() -> None:
    rules = load_rules()
    for rule_id in ("channel-written", "late-apology", "late-unplanned"):
        assert rules.meta_rule(rule_id).message


def test_rules_are_loaded_once_and_reload_reads_them_again() -> None:
    first = load_rules()
    assert load_rules() is first
    again = reload_rules()
    assert again is not first and again == first
    assert lint("sorry if that hurt") == lint("sorry if that hurt")


# --- validation of rule files -------------------------------------------------------------

GOOD_RULE = """
[[rule]]
id = "demo-rule"
category = "hedge"
severity = "warning"
message = "A message."
suggestion = "A suggestion."
reason = "A reason."
patterns = ['maybe']
pass = ["Certainly."]
fail = ["Maybe."]
"""


def _load(tmp_path: Path, body: str, name: str = "demo.toml") -> None:
    (tmp_path / name).write_text(body, encoding="utf-8")
    read_rule_dir(tmp_path, label="rules")


def test_a_good_rule_file_loads(tmp_path: Path) -> None:
    (tmp_path / "demo.toml").write_text(GOOD_RULE, encoding="utf-8")
    rule_set = read_rule_dir(tmp_path)
    assert rule_set.rule("demo-rule").patterns == ("maybe",)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (('severity = "warning"', 'severity = "eror"'), "'severity' must be one of"),
        (('category = "hedge"', 'category = "hedges"'), "'category' must be one of"),
        (("patterns = ['maybe']", "patterns = ['(maybe']"), "not a valid regex"),
        (("patterns = ['maybe']", "patterns = ['maybe ?']"), "ambiguous"),
        (('fail = ["Maybe."]', "fail = []"), "at least one 'pass' and one 'fail'"),
        (('reason = "A reason."', 'colour = "red"'), "unknown key(s) colour"),
        (('message = "A message."', ""), "'message' is missing"),
        (("patterns = ['maybe']", 'check = "missing-sorry"'), "belongs in category"),
        (("patterns = ['maybe']", "patterns = ['maybe']\ncheck = 'x'"), "not both"),
        (('reason = "A reason."', 'reason = """Two\nlines."""'), "must be one line"),
        (('id = "demo-rule"', 'id = "Demo Rule"'), "lower-case words"),
    ],
)
def test_a_broken_rule_is_refused_naming_file_and_rule(
    tmp_path: Path, change: tuple[str, str], complaint: str
) -> None:
    body = GOOD_RULE.replace(*change)
    with pytest.raises(RuleFileError) as caught:
        _load(tmp_path, body)
    message = str(caught.value)
    assert message.startswith("rules/demo.toml, ")
    assert complaint in message
    if "Demo Rule" not in body:
        assert "'demo-rule'" in message


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match=r"rules/broken\.toml: not valid TOML"):
        _load(tmp_path, "[[rule]\nid=", name="broken.toml")


def test_a_duplicate_id_across_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD_RULE, encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"rules/b\.toml, rule 'demo-rule'.*already used"):
        _load(tmp_path, GOOD_RULE, name="b.toml")


def test_an_empty_rule_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="no rule files"):
        read_rule_dir(tmp_path)


# --- pattern conventions and the literal prefilter -----------------------------------------


def test_pattern_source_is_lowered_and_spaces_match_any_whitespace() -> None:
    assert normalise_source(r"I (?P<flag>Said)\S [A-Z] x") == r"i\s+(?P<flag>said)\S\s+[a-z]\s+x"
    regex = compile_pattern("for any inconvenience")
    assert regex.search("for   any\ninconvenience")
    assert not compile_pattern("only").search("the read-only portal")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("for any inconvenience", [{"any inconvenience"}, {"inconvenience"}, {"for any"}, {"any"}]),
        (
            "(?:sorry|apologi[sz]e) if",
            [{"sorry if", "apologise if", "apologize if"}, {"if"}, {"sorry", "apologise", "apologize"}],
        ),
        (
            "mislabell?ed parts?",
            [
                {f"{a} {b}" for a in ("mislabeled", "mislabelled") for b in ("part", "parts")},
                {"mislabeled", "mislabelled"},
                {"part", "parts"},
            ],
        ),
        (
            "was (?:not|never) (?:delayed|lost)",
            [
                {"never delayed", "never lost", "not delayed", "not lost"},
                {"was"},
                {"delayed", "lost"},
                {"was never", "was not"},
            ],
        ),
        ("a mix-up", [{"a mix"}, {"mix-up*"}, {"mix"}, {"up"}]),
        (r"\w+ed", [{"ed*"}]),
        ("(?:maybe)?x", []),
    ],
)
def test_requirements_are_derived_from_the_pattern(
    source: str, expected: list[set[str]]
) -> None:
    # Whole words and word pairs are plain; substrings carry a trailing *.
    found = [
        req.words | {f"{sub}*" for sub in req.substrings}
        for req in requirements(compile_pattern(source))
    ]
    assert found == expected


def test_text_words_hold_words_and_neighbouring_pairs() -> None:
    grams = text_words(lowered("I'm sorry,\n if the mix-up  hurt (you)"))
    assert {"i", "m", "sorry", "if", "mix", "up", "hurt", "you"} <= grams
    assert {"m sorry", "if the", "the mix", "up hurt", "sorry if", "hurt you"} <= grams
    assert "sorry the" not in grams and "i sorry" not in grams


def test_start_words_of_a_pattern() -> None:
    # A whole word before a space must be the word itself; one that may go on ("s?"), a prefix.
    assert anchor_words(compile_pattern("(?:hope|trust) you")) == (("hope", True), ("trust", True))
    assert anchor_words(compile_pattern("couriers? (?:lost|broke)")) == (("courier", False),)
    assert anchor_words(compile_pattern("apologi[sz]e")) == (("apologi", False),)
    assert anchor_words(compile_pattern("let's go")) == (("let", True),)
    # An optional start, or one that may be punctuation, leaves the starts unknown.
    assert anchor_words(compile_pattern("(?:the )?courier")) == ()
    assert anchor_words(compile_pattern("(?:^|, )sorry")) == ()


def test_every_pattern_that_matches_an_example_has_its_requirements_met() -> None:
    # Soundness straight on the regexes: no requirement ever rules out a real match.
    for rule in RULES:
        for example in rule.fail_examples + rule.pass_examples:
            low = lowered(example)
            words = text_words(low)
            for source in rule.patterns:
                regex = compile_pattern(source)
                if regex.search(low):
                    assert all(req.met(words, low) for req in requirements(regex)), (
                        rule.id, source, example
                    )


def test_every_match_begins_with_one_of_its_patterns_start_words() -> None:
    # Soundness of the anchors: a match never begins where the engine would not try it.
    texts = [e for rule in RULES for e in rule.fail_examples + rule.pass_examples]
    for rule in RULES:
        for source in rule.patterns:
            regex = compile_pattern(source)
            anchors = anchor_words(regex)
            if not anchors:
                continue
            for text in texts:
                low = lowered(text)
                for match in regex.finditer(low):
                    word = re.match(r"\w+", low[match.start() :])
                    assert word is not None, (rule.id, text)
                    assert any(
                        word.group() == lead if whole else word.group().startswith(lead)
                        for lead, whole in anchors
                    ), (rule.id, source, text)


def test_patterns_compile_to_valid_regexes() -> None:
    for rule in RULES:
        for source in rule.patterns:
            assert isinstance(compile_pattern(source), re.Pattern)
