"""The clause grammar on sentences it was not tuned on: remedies and ownership told apart from
the look-alikes a lame apology uses, in the many ways people really phrase them."""
from __future__ import annotations

import pytest

from planner.apology.checker import clauses
from planner.apology.checker.patterns import lowered


def roles(sentence: str) -> clauses.Roles:
    return clauses.roles(lowered(sentence))


# A concrete fix, promised, arranged or done, in words the remedy lists do not all hold.
REMEDIES = [
    "I've put a new kettle in the post; it'll be with you Thursday.",
    "Your money is back in your account as of this morning.",
    "I've knocked 20% off your next invoice.",
    "A technician is booked for Monday at 9.",
    "Expect the corrected statement by Friday.",
    "I've cancelled the late fee.",
    "I've asked our accounts team to reverse the charge today.",
    "I've blocked out Thursday at 6 just for you, no charge.",
    "I'll have your car outside your house a little after 8 tonight.",
    "I'll do the second coat at the price I gave you, Saturday from 9.",
    "Corrections will be applied to the affected accounts.",
    "I've set aside two hours on Friday to go through the plan with you.",
    "The full amount has been returned to your card today.",
    "Your deposit comes back to you in full by Friday.",
    "We've taken the charge off your bill.",
    "You won't pay anything for this visit.",
    "The engineer is coming back on Wednesday at 8 to finish.",
    "I'm coming round at 4 to swap the unit.",
    "I've moved your booking to the 14th at no extra cost.",
    "I'll bring a loan laptop round this afternoon so you can keep working.",
    "Would Tuesday at 8 work for us to relay them?",
    "Going now, will drop it at yours by 6.",
]


@pytest.mark.parametrize("sentence", REMEDIES)
def test_a_concrete_fix_is_a_remedy(sentence: str) -> None:
    assert roles(sentence).remedy


# Promises that promise nothing, even with a date on them, and failures that look like fixes.
NOT_REMEDIES = [
    "We will look into it by Friday.",
    "We will be in touch next week.",
    "We will do better from Monday.",
    "We'll share your feedback with the team tomorrow.",
    "We will review our procedures next month.",
    "I will make sure this does not happen again, starting today.",
    "Our team will contact you in due course.",
    "We have sent the wrong parts twice this month.",
    "Your booking was moved to the 14th without anyone asking you.",
    "We will continue to listen to our customers this year.",
]


@pytest.mark.parametrize("sentence", NOT_REMEDIES)
def test_an_empty_promise_or_a_failure_is_no_remedy(sentence: str) -> None:
    assert not roles(sentence).remedy


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm coming round at 4 to swap the unit.",
        "I've moved your booking to the 14th at no extra cost.",
        "I'll ring you at 3.",
    ],
)
def test_a_bare_hour_or_a_day_of_the_month_dates_the_fix(sentence: str) -> None:
    assert roles(sentence).dated


# The writer owns the failure in the first person, however it is put.
OWNED = [
    "I'm the one who booked the wrong date.",
    "We sent you someone else's invoice.",
    "We kept you on hold for forty minutes.",
    "I took that batch out early to fill the shelves.",
    "I apologise for what I said about your staff.",
    "I'm sorry for the way I spoke to you on the phone.",
    "I talked over you in the meeting, and that was rude of me.",
    "We should never have let the van leave without checking the load.",
    "We installed the unit upside down.",
    "I left your gate open and the dog got out.",
    "We scratched your floor moving the piano.",
    "We cut the boards two centimetres short.",
    "You were right to be angry: I made a promise and broke it.",
    "That was a failure on my part.",
    "The fault is entirely ours.",
    "I underbaked the loaves.",
    "We overcooked the fish and served it anyway.",
    "I didn't get back to you for a week.",
    "We gave your table away.",
    "We sold you a part that doesn't fit your model.",
    "A technical fault I introduced in Monday's update sent your invoices astray.",
    "The wrong date came from our office: I typed it in.",
    "Nobody here measured the first piece, which our own procedure requires.",
    "I assigned your booking to a driver who was off that day.",
    "This happened on my watch.",
    "The buck stops with me.",
    "We were in the wrong.",
    "It was my job to make sure they rang you.",
]


@pytest.mark.parametrize("sentence", OWNED)
def test_a_first_person_failure_is_owned(sentence: str) -> None:
    assert roles(sentence).owns


# Nobody owns anything here: someone else did it, nobody did, it reached us, or it is hedged.
NOT_OWNED = [
    "The company failed to deliver your order on time.",
    "We shipped your order on time, but the courier lost it.",
    "We never received your email.",
    "We did not mean to upset anyone.",
    "I never intended to offend.",
    "Perhaps we could have communicated better.",
    "If we got anything wrong, we apologise.",
    "We looked into it and found the order was placed late.",
    "We overhauled our systems last year.",
    "We were let down by our supplier.",
    "That is not how I intended them, and I am sorry so many people came away upset.",
    "We were not informed of the change.",
]


@pytest.mark.parametrize("sentence", NOT_OWNED)
def test_no_first_person_failure_is_no_ownership(sentence: str) -> None:
    assert not roles(sentence).owns


@pytest.mark.parametrize(
    "sentence",
    [
        "We have fallen short of what you should expect from us.",
        "We allowed this to happen.",
        "We were too slow to respond to your calls.",
        "We treated you unfairly.",
        "I spoke to you rudely on the phone.",
        "We let this go on for far too long.",
    ],
)
def test_a_public_statement_owns_it_in_its_own_words(sentence: str) -> None:
    assert roles(sentence).owns
