"""Precision traps from the precision corpus: words the rules key on, used innocently in good
apologies, stay quiet; the same words used weakly are still caught."""
from __future__ import annotations

import pytest

from planner.apology.checker import clauses, lint, remedies
from planner.apology.checker.patterns import lowered

STRONG = ("error", "warning")


def strong(text: str) -> set[str]:
    """The categories of the error and warning findings of a text judged as a whole."""
    return {f.category for f in lint(text) if f.severity in STRONG}


# (category, innocent use that must not draw it, weak use that must)
PHRASE_TRAPS = [
    (
        "forgiveness-push",
        "I'm sorry I packed the wrong glaze. Moving forward, every order gets a second check.",
        "Anyway, moving on, I hope you enjoyed the rest of the set.",
    ),
    (
        "forgiveness-push",
        "I'm sorry I overcharged you. So, moving on to the remedy: you pay the £2,300 we quoted.",
        "Sorry about the invoice. So, moving on, how is the new loft?",
    ),
    (
        "but",
        "I am sorry to those who got in but had to stand in the crush; I set the wrong limit.",
        "I am sorry to those who waited, but the courier was late.",
    ),
    (
        "minimizing",
        "I'm sorry. I first called it an isolated incident. It was not: my rule caused it.",
        "I'm sorry. It was an isolated incident.",
    ),
    (
        "minimizing",
        "For you it was not just a delay: your mother's move waited a month because I ordered late.",
        "I'm sorry, it was just a delay.",
    ),
    (
        "hedge",
        ("I'm sorry I typed the wrong name. The new prints will be posted to you on Monday and "
        "should reach you that week."),
        "I'm sorry I typed the wrong name. The new prints should arrive next week.",
    ),
    (
        "blame-customer",
        ("I'm sorry your room was not finished by 31 July as our contract said; I ordered the "
        "panels late."),
        "Our contract clearly states that the room is finished when the roof is on.",
    ),
    (
        "deflecting",
        ("I was sorry to read your letter, and I'm sorry for what caused it: our driver hit your "
        "wall, and we employ him."),
        "I was sorry to read your letter about the wall.",
    ),
    (
        "cliche",
        ('Last week I wrote that we were sorry "for any inconvenience". That was not good enough: '
        "I set up the badge rules wrongly, and I have refunded your pass today."),
        "We are sorry for any inconvenience.",
    ),
    (
        "conditional",
        ('Last week I said I was sorry "if anyone was offended". That was no apology. I am sorry '
        "for the joke I made."),
        "I am sorry if anyone was offended by the joke.",
    ),
    (
        "excuse",
        ("I'm sorry. We were short-staffed that week, and I decided to close old tickets in bulk; "
        "yours should never have been among them."),
        "I'm sorry. We were short-staffed that week.",
    ),
]


@pytest.mark.parametrize(("category", "innocent", "weak"), PHRASE_TRAPS)
def test_innocent_use_is_quiet_and_weak_use_is_caught(
    category: str, innocent: str, weak: str
) -> None:
    assert category not in strong(innocent)
    assert category in strong(weak)


def test_a_sympathy_sorry_beside_a_plain_one_still_says_sorry() -> None:
    text = (
        "I was sorry to read your letter, and I'm sorry for what caused it. Our driver reversed "
        "into your garden wall on Monday, and we employ him, so the damage is ours to repair. "
        "A builder will rebuild it on Wednesday 19 June at our cost."
    )
    assert "missing-sorry" not in strong(text)
    assert "missing-sorry" in strong("I was sorry to read your letter about the wall.")


def owns(sentence: str) -> bool:
    return clauses.roles(lowered(sentence)).owns


@pytest.mark.parametrize(
    "sentence",
    [
        "Each time I logged it and did nothing more.",
        "Mr Bell, I'm sorry — I emailed your payslip to another client this morning.",
        "Our packing used a box that was too thin, and I approved that box to save cost.",
        "I approved a test of the new system on live email addresses.",
        "I'm sorry for how we have treated you over the past month.",
        "I'm sorry for the joke.",
    ],
)
def test_first_person_ownership_in_other_words(sentence: str) -> None:
    assert owns(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We did nothing wrong.",
        "We decided to refund you in full.",
        "I approved your refund this morning.",
        "Sorry, we received your email late.",
        "If I had approved it, the parts would have shipped.",
    ],
)
def test_deciding_to_fix_or_denying_owns_nothing(sentence: str) -> None:
    assert not owns(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The £96 is back on your card today.",
        "The web version was corrected within the hour on Tuesday.",
        "The 20 mugs in the right glaze leave our workshop today and reach you on Thursday.",
        "I've called the builder this morning and he can start on 3 June.",
        "I have asked our email provider to remove the message, which it will do by Friday.",
    ],
)
def test_a_fix_told_without_us_as_its_subject_is_a_remedy(sentence: str) -> None:
    assert remedies.offers_remedy(lowered(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "That is a choice we made, and you paid for it.",
        "Sorry I wasn't on our 10 o'clock call — I had it down for tomorrow.",
        "We made it, four people approved it, and I signed it off.",
    ],
)
def test_ownership_found_by_the_second_blind_batch(sentence: str) -> None:
    assert owns(sentence)


def test_it_was_cruel_owns_what_i_posted_before_it() -> None:
    text = (
        "Yesterday I posted a photo of a cleaner with a caption mocking her accent. It was "
        "cruel, and I'm sorry. I deleted the post last night and paid her the day's wages today."
    )
    assert "missing-ownership" not in strong(text)


BLIND_BATCH_TRAPS = [
    (
        "excuse",
        ("I'm sorry: our upgrade broke the app. Any fee charged to you because of the outage "
        "will be refunded by Friday."),
        "I'm sorry the app was down. It was because of the outage at our provider.",
    ),
    (
        "hedge",
        ("I'm sorry: we left the database open. We cannot tell whether anyone copied it, so your "
        "address may have been viewed."),
        "I'm sorry: your address may have been viewed.",
    ),
    (
        "blame-others",
        "I'm sorry: we left the database open. Someone outside our company may have seen it.",
        "The leak was caused by an outside contractor.",
    ),
]


@pytest.mark.parametrize(("category", "innocent", "weak"), BLIND_BATCH_TRAPS)
def test_blind_batch_traps(category: str, innocent: str, weak: str) -> None:
    assert category not in strong(innocent)
    assert category in strong(weak)


FOURTH_BATCH_TRAPS = [
    (
        "blame-others",
        (
            "I'm sorry: we had not installed the update. We have had the site checked by an "
            "outside security firm since."
        ),
        "An outside contractor left the site open.",
    ),
    (
        "deflecting",
        (
            "I decided to sell more tickets without a second gate, and some of you were hurt in "
            "the crush. I'm sorry."
        ),
        "Some of you were hurt by what I said.",
    ),
]


@pytest.mark.parametrize(("category", "innocent", "weak"), FOURTH_BATCH_TRAPS)
def test_fourth_batch_traps(category: str, innocent: str, weak: str) -> None:
    assert category not in strong(innocent)
    assert category in strong(weak)


@pytest.mark.parametrize(
    "sentence",
    [
        "Anyone who paid the wrong amount will have the difference refunded by 15 March.",
        "Every affected customer has been sent a corrected bill this week.",
        "You'll each get tonight's £18 back today, and we'll do the class next Tuesday instead.",
    ],
)
def test_fixes_told_by_what_happens_to_them_are_remedies(sentence: str) -> None:
    assert remedies.offers_remedy(lowered(sentence))


def test_a_date_beside_what_we_sent_instead_is_the_failures() -> None:
    assert not remedies.offers_remedy(lowered("On Monday we sent the blue ones instead."))


def test_reviewing_their_procedures_is_no_remedy() -> None:
    asked = "We have asked our mailing house to review their procedures."
    assert not remedies.offers_remedy(lowered(asked))


def test_a_fix_already_in_their_hands_needs_no_date() -> None:
    assert remedies.remedy_done(lowered("The corrected report is attached."))
    assert remedies.standing_change(lowered("From this quarter, the report is built by hand."))
