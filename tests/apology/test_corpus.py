"""The hand-labelled apology corpus is valid; the checker never does worse on it than recorded."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from planner.lint import CATEGORIES, Finding, lint

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load_scoring() -> ModuleType:
    """benchmarks/corpus_score.py, imported by path: benchmarks/ is not a package."""
    name = "corpus_score"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / "corpus_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


cs = _load_scoring()


def _load_benchmark() -> ModuleType:
    """benchmarks/checker_corpus.py, imported by path (it imports corpus_score, loaded above)."""
    spec = importlib.util.spec_from_file_location(
        "checker_corpus", BENCHMARKS / "checker_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpora() -> dict[str, list[Any]]:
    return cs.load_all()


@pytest.fixture(scope="module")
def figures(corpora: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    """Today's figures, computed exactly as benchmarks/checker_corpus.py computes them."""
    return {
        name: cs.score(apologies, lint).figures(with_ids=name not in cs.SEALED)
        for name, apologies in corpora.items()
    }


def test_corpus_uses_the_checkers_categories() -> None:
    assert set(cs.CATEGORIES) == set(CATEGORIES)


@pytest.mark.parametrize("name", list(cs.CORPORA))
def test_each_corpus_is_as_large_as_its_rules_require(
    name: str, corpora: dict[str, list[Any]]
) -> None:
    # the shortfalls name counts and categories only, never a text, so a sealed corpus may fail
    assert cs.shortfalls(corpora[name], cs.MINIMUMS[name]) == []


def test_the_fresh_corpus_is_the_large_blind_set_the_estimate_needs() -> None:
    fresh = cs.MINIMUMS["fresh"]
    assert fresh.texts >= 160 and fresh.good >= 55 and fresh.lame >= 100
    assert fresh.per_category >= 6
    assert set(cs.MINIMUMS) == set(cs.CORPORA)


def test_shortfalls_name_each_missing_count_without_naming_texts() -> None:
    apologies = [
        _apology("secret-one", "good", ()),
        _apology("secret-two", "lame", ("hedge", "cliche")),
        _apology("secret-three", "lame", ("hedge",)),
    ]
    short = cs.shortfalls(apologies, cs.Minimum(texts=4, good=2, lame=2, per_category=2))
    assert "texts: 3, fewer than 4" in short
    assert "good texts: 1, fewer than 2" in short
    assert not any(line.startswith("lame texts") for line in short)  # two are enough
    assert "cliche: marked 1 times, fewer than 2" in short
    assert not any(line.startswith("hedge:") for line in short)
    assert len(short) == 2 + len(cs.CATEGORIES) - 1  # every category but hedge is short
    assert not any("secret" in line for line in short)
    assert cs.shortfalls(apologies, cs.Minimum(texts=3, good=1, lame=2, per_category=0)) == []


def test_corpus_entries_follow_the_label_rules(corpora: dict[str, list[Any]]) -> None:
    for name, apologies in corpora.items():
        for apology in apologies:
            # a failing entry of a sealed corpus is named by its corpus only, never by its id
            where = name if name in cs.SEALED else apology.id
            assert apology.verdict in ("lame", "good"), where
            assert set(apology.marks) <= set(cs.CATEGORIES), where
            assert bool(apology.marks) == (apology.verdict == "lame"), where
            assert apology.text.strip() and apology.note.strip(), where
    ids = [a.id for apologies in corpora.values() for a in apologies]
    assert len(ids) == len(set(ids))


GOOD_ENTRY = """
[[apology]]
id = "sample-good"
verdict = "good"
kind = "text message"
marks = []
note = "Fine."
text = '''Sorry, I sent the wrong file. The right one is in your inbox now.'''
"""


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        (GOOD_ENTRY.replace('marks = []', 'marks = ["sarcasm"]'), "'sarcasm' is not one of"),
        (GOOD_ENTRY.replace('verdict = "good"', 'verdict = "meh"'), "verdict 'meh'"),
        (GOOD_ENTRY.replace('marks = []', 'marks = ["hedge"]'), "a good text carries no marks"),
        (GOOD_ENTRY.replace('verdict = "good"', 'verdict = "lame"'), "at least one mark"),
        (GOOD_ENTRY.replace('note = "Fine."\n', ""), "missing note"),
        (GOOD_ENTRY.replace('kind = "text message"', 'kind = "sms"\nsource = "x"'), "unknown key"),
        (GOOD_ENTRY + GOOD_ENTRY, "id 'sample-good' is used twice"),
        (GOOD_ENTRY.replace('marks = []', 'marks = "hedge"'), "marks must be a list"),
        (GOOD_ENTRY.replace('id = "sample-good"', 'id = "Sample Good"'), "lower-case slug"),
        (GOOD_ENTRY.replace("[[apology]]", "[[apology"), "not a valid TOML file"),
        ("", "no [[apology]] entries"),
    ],
)
def test_invalid_corpus_entries_are_refused_with_the_reason(
    tmp_path: Path, entry: str, complaint: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(entry, encoding="utf-8")
    with pytest.raises(cs.CorpusError) as caught:
        cs.load(path)
    assert complaint in str(caught.value)
    assert "broken.toml" in str(caught.value)


def test_a_valid_entry_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(GOOD_ENTRY, encoding="utf-8")
    [apology] = cs.load(path)
    assert (apology.id, apology.verdict, apology.marks) == ("sample-good", "good", ())


def test_an_id_in_two_corpora_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD_ENTRY, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD_ENTRY.replace("sample-good", "other"), encoding="utf-8")
    (tmp_path / "c.toml").write_text(GOOD_ENTRY, encoding="utf-8")
    paths = {name: tmp_path / f"{name}.toml" for name in ("a", "b", "c")}
    with pytest.raises(cs.CorpusError, match="in both a and c"):
        cs.load_all(paths)


def test_the_five_corpora_are_loaded_by_default_and_only_the_newest_is_sealed() -> None:
    assert list(cs.CORPORA) == ["dev", "holdout", "unseen", "precision", "fresh"]
    # unseen has become a tuning set: only the fresh blind corpus stays sealed
    assert cs.SEALED == {"fresh"}


def _apology(ident: str, verdict: str, marks: tuple[str, ...]) -> Any:
    return cs.Apology(ident, verdict, "text message", f"text of {ident}", marks, "note")


def _finding(category: str, severity: str) -> Finding:
    return Finding(category, severity, 0, 1, "message", None, "rule", "reason")


def test_scoring_counts_only_errors_and_warnings_of_the_marked_category() -> None:
    findings = {
        "text of caught": [_finding("hedge", "warning"), _finding("cliche", "suggestion")],
        "text of other": [_finding("passive", "error")],
        "text of quiet": [_finding("hedge", "suggestion")],
        "text of alarm": [_finding("vague", "warning")],
        "text of hint": [_finding("vague", "suggestion")],
    }
    apologies = [
        _apology("caught", "lame", ("hedge", "cliche")),
        _apology("other", "lame", ("hedge",)),
        _apology("quiet", "lame", ("hedge",)),
        _apology("alarm", "good", ()),
        _apology("hint", "good", ()),
    ]
    score = cs.score(apologies, lambda text: findings[text])
    assert (score.lame, score.good) == (3, 2)
    assert score.recall("hedge") == pytest.approx(1 / 3)
    assert score.recall("hedge", with_suggestions=True) == pytest.approx(2 / 3)
    assert score.recall("cliche") == 0.0
    assert score.recall("cliche", with_suggestions=True) == 1.0
    assert score.recall("passive") is None  # nothing marked passive: no figure, not zero
    assert score.lame_flagged == 2  # "quiet" drew only a suggestion
    assert score.good_flagged_ids == ["alarm"]
    assert score.missed == {"caught": ["cliche"], "other": ["hedge"], "quiet": ["hedge"]}


def test_regressions_name_each_figure_that_got_worse() -> None:
    recorded = {
        "recall": dict.fromkeys(cs.CATEGORIES, 0.5),
        "lame_flagged": 0.6,
        "good_flagged": 0.1,
    }
    same = json.loads(json.dumps(recorded))
    assert cs.regressions(same, recorded) == []
    better = {**same, "recall": {**same["recall"], "hedge": 0.9}, "good_flagged": 0.0}
    assert cs.regressions(better, recorded) == []
    worse = {
        "recall": {**same["recall"], "hedge": 0.4},
        "lame_flagged": 0.59,
        "good_flagged": 0.11,
    }
    assert cs.regressions(worse, recorded) == [
        "recall of hedge: 0.40 < recorded 0.50",
        "lame texts flagged: 0.590 < recorded 0.600",
        "good texts flagged: 0.110 > recorded 0.100",
    ]


def test_a_sealed_corpus_is_recorded_without_ids(tmp_path: Path) -> None:
    score = cs.score(
        [_apology("alarm", "good", ()), _apology("fine", "good", ())],
        lambda text: [_finding("vague", "warning")] if text == "text of alarm" else [],
    )
    assert "good_flagged_ids" not in score.figures(with_ids=False)
    assert score.figures()["good_flagged_ids"] == ["alarm"]
    path = tmp_path / "ratchet.json"
    # even when handed the ids, the writer leaves them out for the sealed corpus
    cs.write_ratchet(
        {"dev": score.figures(), "unseen": score.figures(), "fresh": score.figures()}, path
    )
    recorded = json.loads(path.read_text(encoding="utf-8"))
    assert recorded["dev"]["good_flagged_ids"] == ["alarm"]
    assert recorded["unseen"]["good_flagged_ids"] == ["alarm"]  # no longer sealed
    assert "good_flagged_ids" not in recorded["fresh"]
    assert recorded["fresh"]["good_flagged"] == 0.5
    assert recorded["fresh"]["corpus"] == cs.fingerprint(cs.FRESH)


def test_the_benchmark_never_prints_the_fresh_texts_or_their_ids(
    corpora: dict[str, list[Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    benchmark = _load_benchmark()
    assert benchmark.main(["--verbose"]) == 0
    out = capsys.readouterr().out
    assert "fresh: " in out and "unseen: " in out  # their figures are there
    for apology in corpora["fresh"]:
        assert apology.id not in out
        lines = [line.strip() for line in apology.text.splitlines() if len(line.strip()) > 30]
        assert not any(line in out for line in lines)
    assert "marks missed (error/warning level) per lame text" in out  # dev is still explained


@pytest.mark.parametrize("name", list(cs.CORPORA))
def test_checker_does_no_worse_than_the_recorded_ratchet(
    name: str, figures: dict[str, dict[str, Any]]
) -> None:
    ratchet = cs.read_ratchet()
    assert ratchet is not None and name in ratchet, (
        "no ratchet recorded: run `python benchmarks/checker_corpus.py --record`"
    )
    recorded = ratchet[name]
    assert recorded["corpus"] == cs.fingerprint(cs.CORPORA[name]), (
        f"{name} corpus changed since the ratchet was recorded: run "
        "`python benchmarks/checker_corpus.py --record` and commit ratchet.json with it"
    )
    if name in cs.SEALED:
        assert "good_flagged_ids" not in recorded, f"{name}: the ratchet must not name texts"
    worse = cs.regressions(figures[name], recorded)
    assert worse == [], f"the checker got worse on the {name} corpus: " + "; ".join(worse)
