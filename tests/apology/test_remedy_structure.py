"""A remedy is told by its structure (we, or a team of ours, commit to doing something to a named
thing), not by a list of fixing verbs; a hope of ours or of theirs is no remedy."""
from __future__ import annotations

import pytest

from planner.apology.checker import lint, remedies
from planner.apology.checker.patterns import lowered


def categories(text: str, part: str | None = None) -> set[str]:
    return {f.category for f in lint(text, part)}


@pytest.mark.parametrize(
    "text",
    [
        # The QA walk-through's cases: verbs no fix list holds.
        "Our accounts team will void invoice 4471 today.",
        "Our crew lead will sweep the corridor again on Friday at 8:00.",
        "Our crew lead will sweep the corridor on Friday at 8:00, and I will ring you on Monday.",
        # The ones that passed before still do.
        "Our crew will repaint the wall on Friday.",
        "I will vacuum and mop the hall on Saturday at 9.",
        # Other verbs, other subjects of ours.
        "My colleague Dana will reprogram the gate fob on Tuesday at 10.",
        "We will unseal the crate and recount the stock tomorrow at 8.",
        "Our night shift is going to relabel every pallet by Thursday.",
        "Our accounts team will void invoice no. 4471 today.",
    ],
)
def test_a_dated_committed_action_is_a_dated_remedy(text: str) -> None:
    found = categories(text, "remedy")
    assert "missing-remedy" not in found
    assert "undated-remedy" not in found


def test_without_a_date_it_is_a_remedy_that_needs_one() -> None:
    found = categories("Our accounts team will void invoice 4471.", "remedy")
    assert "missing-remedy" not in found
    assert "undated-remedy" in found


@pytest.mark.parametrize(
    "text",
    [
        "We will look into it.",
        "We are reviewing our processes.",
        "We will do better.",
        "We will address the issue.",
        "We will address your concerns on Friday.",
        "We will value your business.",
        "We will strengthen our internal processes.",
        "We will make the necessary changes.",
        "We will take the matter seriously.",
        "Our team will handle the situation.",
        "Our managers will review the incident on Monday.",
        "I will ring you on Monday.",
        # The customer's future is no fix of ours.
        "Going forward, we hope you will continue to choose us.",
        "Going forward, we hope you will continue to choose Pennant Outdoor for all your trips.",
        "Moving forward, I hope we can put this behind us and keep working together.",
    ],
)
def test_empty_promises_and_hopes_are_no_remedy(text: str) -> None:
    assert "missing-remedy" in categories(text, "remedy")


def test_the_remedy_grammar_reads_the_structure() -> None:
    offers = remedies.offers_remedy
    assert offers(lowered("our accounts team will void invoice 4471 today."))
    assert offers(lowered("we will make the payments as soon as the system is back."))
    assert not offers(lowered("we will make the necessary changes."))
    # An offer stays one; only a hope for one is none.
    assert offers(lowered("we can send a new set on monday."))
    assert not offers(lowered("i hope we can send a new set on monday."))
    # A standing change of ours stays one.
    assert offers(lowered("going forward, we check every order twice."))


@pytest.mark.parametrize(
    "text",
    [
        "Going forward, we hope you will continue to choose us.",
        (
            "We regret that some orders were delayed last week. Going forward, we hope you "
            "will continue to choose Pennant Outdoor for all your adventures."
        ),
        # Even after a full apology and a fix, asking for their loyalty is a push.
        (
            "I'm sorry we charged you twice; that was my error. I refunded the charge today. "
            "Going forward, we hope you will continue to choose us."
        ),
    ],
)
def test_asking_for_their_loyalty_is_a_forgiveness_push(text: str) -> None:
    pushes = [f for f in lint(text) if f.category == "forgiveness-push"]
    assert pushes and all(f.severity == "warning" for f in pushes)
    # The message speaks of their custom, not of forgiveness they were never asked for.
    assert not any("forgiveness" in f.message.lower() for f in pushes)


def test_a_closing_that_leaves_their_choice_to_them_is_quiet() -> None:
    text = (
        "I'm sorry we charged you twice; that was my error. I refunded the charge today, "
        "and I will call you on Friday at 10 to check it has reached your card."
    )
    assert "forgiveness-push" not in categories(text)
