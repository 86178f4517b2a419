"""Each kind of weak language, caught by how it works rather than by the words of one
example: sentences written for these tests, none of them in a rule's own examples or in the
corpora. The quiet cases are whole apologies that use the same words innocently."""
from __future__ import annotations

import pytest

from planner.apology.checker import lint

STRONG = ("error", "warning")

WEAK = [
    ('passive', 'There was a delay in processing your refund.'),
    ('passive', 'An error occurred when your payment was taken.'),
    ('passive', 'Your order got lost somewhere between our depot and your door.'),
    ('passive', 'Your account has been suspended in error.'),
    ('passive', 'The wrong invoice has been issued to you.'),
    ('passive', 'A mistake has been made with your booking.'),
    ('passive', 'Your call was not returned.'),
    ('passive', 'Some confusion arose over the delivery date.'),
    ('passive', 'It appears your email was overlooked.'),
    ('passive', 'A number of bookings were affected by the error.'),
    ('passive', 'Your parcel has not been sent yet.'),
    ('passive', 'The meeting was missed.'),
    ('passive', "Your request wasn't actioned."),
    ('passive', 'There has been an oversight on your account.'),
    ('passive', 'There were some errors in the statement.'),
    ('blame-others', 'A team member sent the email before it was checked.'),
    ('blame-others', 'An employee posted the picture without approval.'),
    ('blame-others', 'A former contractor still had access to the account.'),
    ('blame-others', 'The platform we use for bookings had an outage.'),
    ('blame-others', 'Our delivery partner failed to collect the parcel.'),
    ('blame-others', 'The vendor shipped the wrong units.'),
    ('blame-others', 'The carrier has confirmed the parcel was damaged in transit.'),
    ('blame-others', 'A member of our team made an error.'),
    ('blame-others', 'One of our staff was rude to you, and that is not acceptable.'),
    ('blame-others', 'The staff member involved has been spoken to.'),
    ('blame-others', 'The individual responsible is no longer with the company.'),
    ('blame-others', 'This was the fault of our payment processor.'),
    ('blame-others', 'We were let down by our supplier.'),
    ('excuse', 'We are a small team.'),
    ('excuse', 'As a small business, we rely on our suppliers.'),
    ('excuse', 'Our staff are doing their best under difficult circumstances.'),
    ('excuse', 'We have been inundated with orders.'),
    ('excuse', 'We had a lot on that week.'),
    ('excuse', 'The situation was complicated.'),
    ('excuse', 'Our hands were tied.'),
    ('excuse', 'The decision was out of our hands.'),
    ('excuse', 'This was a one-off caused by a rare combination of events.'),
    ('excuse', 'The software is new and still bedding in.'),
    ('excuse', 'I had a lot going on at home.'),
    ('excuse', 'We were following guidance at the time.'),
    ('excuse', 'Due to circumstances we could not foresee, the event was cancelled.'),
    ('minimizing', 'It was only a few minutes late.'),
    ('minimizing', 'The delay was just a couple of hours.'),
    ('minimizing', "It's a small thing, but we are sorry."),
    ('minimizing', 'This was a minor oversight.'),
    ('minimizing', 'No real harm was done.'),
    ('minimizing', 'The impact was limited.'),
    ('minimizing', 'It should be barely noticeable.'),
    ('minimizing', 'Only a tiny fraction of customers were affected.'),
    ('minimizing', 'It was a simple slip of the pen.'),
    ('cliche', 'We take the security of your data extremely seriously.'),
    ('cliche', 'Dear valued customer,'),
    ('cliche', 'Thank you for your patience and understanding.'),
    ('cliche', 'We strive to provide the best possible service.'),
    ('cliche', 'This does not reflect our values.'),
    ('cliche', 'This falls short of the standards we hold ourselves to.'),
    ('cliche', 'We are committed to getting this right.'),
    ('cliche', 'Please be assured that we are doing everything we can.'),
    ('cliche', 'We apologise for any inconvenience caused.'),
    ('cliche', 'Your business means a lot to us.'),
    ('vague', 'We are reviewing our processes to ensure this does not happen again.'),
    ('cliche', 'Customer service is at the heart of what we do.'),
    ('regret-not-sorry', 'We regretted the delay.'),
    ('regret-not-sorry', 'This is regrettable.'),
    ('regret-not-sorry', 'The company regrets any distress caused.'),
    ('regret-not-sorry', 'It is most unfortunate that your visit was spoiled.'),
    ('regret-not-sorry', 'With regret, we have to tell you the order is late.'),
    ('regret-not-sorry', 'We are disappointed that this happened.'),
    ('announcing', 'We want to take a moment to apologise.'),
    ('announcing', 'I am writing to apologise for the delay.'),
    ('regret-not-sorry', 'We would like to express our sincere regret.'),
    ('announcing', 'I wanted to reach out and apologize.'),
    ('announcing', 'Please accept this letter as our formal apology.'),
    ('announcing', "We'd like to offer our apologies."),
    ('vague', 'Apologies for the trouble.'),
    ('vague', "Sorry for the issues you've had."),
    ('vague', 'Our apologies for this.'),
    ('vague', 'Sorry about everything.'),
    ('vague', "We're sorry for what you went through."),
    ('vague', 'We apologise for the recent problems.'),
    ('vague', "I'm sorry for all of it."),
    ('conditional', 'We apologise if anyone took offence.'),
    ('conditional', 'Sorry if this has caused any confusion.'),
    ('conditional', 'If anything we said came across badly, we apologise.'),
    ('conditional', 'To anyone who felt let down, we are sorry.'),
    ('conditional', 'If our service fell short in any way, please accept our apologies.'),
    ('conditional', "I'm sorry for any hurt I may have caused."),
    ('deflecting', "We're sorry you didn't enjoy your stay."),
    ('deflecting', "I'm sorry you had a bad experience."),
    ('deflecting', "We're sorry the product didn't meet your expectations."),
    ('deflecting', 'Sorry you feel we let you down.'),
    ('deflecting', 'We regret that you were dissatisfied.'),
    ('deflecting', "We're sorry for any frustration caused."),
    ('but', "I'm sorry, though to be honest the order was placed very late."),
    ('but', 'We apologise. That being said, our terms were clear.'),
    ('but', 'Sorry about the mix-up; however, our driver did ring twice.'),
    ('but', 'While we regret the delay, our records show it was dispatched on time.'),
    ('hedge', 'The charge may have been duplicated.'),
    ('hedge', 'It is likely that your details were seen.'),
    ('hedge', 'We believe the issue has now been resolved.'),
    ('hedge', 'It seems that something went wrong.'),
    ('hedge', 'Your parcel should be with you soon.'),
    ('hedge', "We'll aim to have it fixed this week."),
    ('blame-customer', "Unfortunately you didn't provide a phone number."),
    ('blame-customer', 'The address you entered was incomplete.'),
    ('blame-customer', 'Had we known earlier, we could have helped.'),
    ('blame-customer', 'You may have missed our email.'),
    ('blame-customer', 'Our records show you cancelled the order.'),
    ('blame-customer', 'Please read the instructions carefully next time.'),
    ('blame-customer', "It's important that customers check their orders on arrival."),
    ('forgiveness-push', 'We hope you will give us another opportunity.'),
    ('forgiveness-push', "We'd love the chance to win you back."),
    ('forgiveness-push', 'We hope this goes some way to making amends.'),
    ('forgiveness-push', 'I trust this resolves the matter.'),
    ('forgiveness-push', "We hope you'll accept our apology."),
    ('forgiveness-push', 'Can we put this behind us?'),
    ('blame-others', "The outage was caused by a third-party vendor's software update."),
    ('blame-others', 'A subcontractor working on our behalf removed the wrong tree.'),
    ('blame-others', 'The individual involved has been suspended pending an investigation.'),
    ('blame-others', 'This was the action of a single employee.'),
    ('blame-others', 'The hotel is independently owned and operated.'),
    ('blame-others', 'Responsibility for the final delivery sits with the postal service.'),
    ('blame-others', 'The error originated with our payment provider.'),
    ('blame-others', "The airport's baggage system failed that morning."),
    ('blame-others', 'The previous owners set up the account this way.'),
    ('blame-others', 'Our logistics partner has since apologised to us.'),
    ('blame-customer', 'As outlined in our terms and conditions, refunds take 30 days.'),
    ('blame-customer', "It is the customer's responsibility to check the size before ordering."),
    ('blame-customer', 'Customers are responsible for providing a correct address.'),
    ('blame-customer', 'Our driver attempted delivery but nobody was home.'),
    ('blame-customer', 'We did try to contact you several times.'),
    ('blame-customer', 'Unfortunately we did not receive a response from you.'),
    ('blame-customer', 'In future, please allow extra time for delivery.'),
    ('blame-customer', 'We can only act on the information provided.'),
    ('blame-customer', 'Your payment was declined by your bank.'),
    ('passive', 'A decision was taken to close the branch early.'),
    ('passive', 'Your details were shared with another company.'),
    ('passive', 'Calls went unanswered for most of the afternoon.'),
    ('passive', 'It has come to our attention that some invoices were wrong.'),
    ('passive', 'Some customers were overcharged last month.'),
    ('passive', 'Your application was rejected in error.'),
    ('excuse', 'The flight was cancelled for operational reasons.'),
    ('excuse', 'The delay was due to a technical issue.'),
    ('excuse', 'We saw a surge in orders after the advert.'),
    ('excuse', 'Our systems were overloaded by the number of visitors.'),
    ('excuse', 'We are experiencing longer than usual wait times.'),
    ('excuse', 'The decision was based on the information we had at the time.'),
    ('excuse', 'The situation is evolving quickly.'),
    ('minimizing', 'Fewer than 2% of orders were affected.'),
    ('minimizing', 'The site was down for a short period.'),
    ('minimizing', 'Service was interrupted only briefly.'),
    ('minimizing', 'There is no evidence that any of your data was misused.'),
    ('minimizing', 'A minority of customers saw the wrong price.'),
    ('cliche', 'Please do not hesitate to contact us.'),
    ('cliche', 'We are working hard to resolve this.'),
    ('cliche', 'Your call is important to us.'),
    ('cliche', 'We understand how frustrating this must be.'),
    ('cliche', 'Should you have any further questions, we are here to help.'),
    ('cliche', 'We are constantly looking for ways to improve.'),
    ('deflecting', "We're sorry you felt the need to complain."),
    ('deflecting', "We're sorry this has been your experience."),
    ('deflecting', 'We apologise that you were not satisfied with the meal.'),
    ('deflecting', "We're sorry you didn't have the stay you expected."),
    ('deflecting', "We're sorry you've had cause to contact us."),
    ('forgiveness-push', 'We hope you will continue to enjoy our products.'),
    ('forgiveness-push', "We'd love to have you back soon."),
    ('forgiveness-push', "I hope this doesn't change your view of us."),
    ('forgiveness-push', 'We hope to see you again.'),
    ('vague', 'Sorry for the experience.'),
    ('vague', 'We apologise for this incident.'),
    ('vague', 'Apologies for the disruption.'),
    ('hedge', 'We are not aware of any data being misused.'),
    ('hedge', 'To the best of our knowledge, no payments were taken twice.'),
    ('hedge', 'Our initial findings suggest the problem was limited.'),
]


@pytest.mark.parametrize(("category", "text"), WEAK, ids=[t[:40] for _, t in WEAK])
def test_weak_language_is_caught_by_its_mechanism(category: str, text: str) -> None:
    found = {f.category for f in lint(text) if f.severity in STRONG}
    assert category in found


# Whole apologies that use the same mechanisms innocently: denied ("not a glitch", "no excuse"),
# a choice offered rather than a condition, a but that adds a fix, a by-phrase of place, a
# colleague who will call, harm sized only to say it was not small.
QUIET = [
    ('excuse', "I'm sorry: the system did not crash, I simply forgot to press send on your quote. It is in your inbox now, and I will call you at 3 today to go through it."),
    ('excuse', "This was not a glitch. I typed 1,000 instead of 100 on your order, and I'm sorry. I have cancelled the extra 900 units today and will confirm the new total by email before noon."),
    ('excuse', "I'm sorry we were late on Tuesday. We are a small team, and that is no excuse: I should have told you at 8 that the van would be late. I have booked the first slot on Friday at 7:30 for you."),
    ('blame-others', "I'm sorry your parcel went missing. The courier lost it, and that is no excuse: we chose the courier, so it is our loss. A new parcel goes out today by tracked post and will reach you by Thursday."),
    ('blame-others', "I'm sorry we missed your delivery window on Monday; I booked the wrong slot. A member of our team will call you tomorrow at 9 to confirm a new slot, and the delivery is free."),
    ('blame-others', "I'm sorry I kept you waiting at the hotel. We met by the hotel entrance an hour late because I misread your arrival time. I have booked a car for your return on Sunday at 10, at our cost."),
    ('blame-customer', "I'm sorry: you told us on Monday about the leak, and we did not act until Thursday. That was my call, and a poor one. Our plumber will be with you at 8 tomorrow to replace the valve."),
    ('blame-customer', "You approved the proof, but I printed the old file, which is my mistake. I'm sorry. The reprint will be with you on Wednesday by 11, at no charge."),
    ('conditional', "I'm sorry we sent the wrong tiles. If you would rather not wait for the right ones, I will refund you in full today; otherwise they arrive on Friday morning."),
    ('conditional', "I'm sorry to those affected by Saturday's outage, and above all to the shops that lost sales. We pushed an update without testing it. We will refund every shop's fees for June by 5 July."),
    ('but', "I'm sorry I missed our meeting. But most of all, I'm sorry I didn't call you when I knew I would be late. I will come to your office on Thursday at 10, whenever suits you best that morning."),
    ('but', "I'm sorry the parts were late; I forgot to order them, but I will bring them to you myself tomorrow at 8, and I have credited the delivery charge."),
    ('minimizing', "A wrong dose on a label is not a small thing, and I put the wrong one on your tablets on Monday. I'm sorry. I have changed our checks from today, and I will call you on Thursday after your appointment."),
    ('minimizing', "I'm sorry: I was only told this morning, and I should have called you at once. The replacement arrives tomorrow at 10, and I will check in with you at noon."),
    ('hedge', "I'm sorry I sent the wrong size. Perhaps we could meet on Tuesday at 2 to swap them, or I can courier the right ones to you on Monday, whichever you prefer."),
    ('cliche', "I'm sorry I double-charged you for March; I entered the payment twice. I have refunded £120 today, and I will call you on Friday to make sure it has arrived."),
    ('regret', "I'm sorry we printed your banners late. Not telling you sooner was the worst of it. I have refunded the print cost today, and I will call you on Monday at 9."),
    ('announcing', "I would like to apologise, and I'll say it plainly: I'm sorry I missed your call on Friday. I will ring you tomorrow at 10, and I have moved your order to the front of the queue."),
    ('vague', "We sent your invitations with the wrong date on them. I'm sorry for that. The reprinted invitations will be with you on Wednesday, at no cost."),
    ('passive', "I'm sorry: you were charged twice for May because I entered the payment twice. I have refunded the second charge today, and I will check your June bill with you on 2 July."),
    ('deflecting', "I'm sorry your order has not arrived on time; I sent it to the old address. A new parcel goes out today and will reach you by Thursday at noon."),
    ('forgiveness-push', "I'm sorry I mixed up your booking. Let's focus on getting your team into the right rooms: I have moved all six of you to the rooms you booked, from tonight, at no charge."),
    ('passive', "I'm sorry. Your refund has not been processed because I forgot to approve it on Friday. I approved it this morning, and it will reach your card by Wednesday."),
    ('excuse', "I'm sorry your heating was off for two days. After the upgrade on Monday I left the valve closed; that is on me. I will check every radiator with you tomorrow at 9."),
]


@pytest.mark.parametrize(("mechanism", "text"), QUIET, ids=[t[:40] for _, t in QUIET])
def test_the_same_words_used_innocently_stay_quiet(mechanism: str, text: str) -> None:
    serious = [(f.category, text[f.start : f.end]) for f in lint(text) if f.severity in STRONG]
    assert serious == [], mechanism


# Beside a complete apology these are matters of tone: a hint, never a warning.
SOFTENED = [
    (
        "hedge",
        (
            "I'm sorry I charged you twice; that was my error. I refunded the second charge today. "
            "You may see both charges until Friday, when the refund lands."
        ),
    ),
    (
        "forgiveness-push",
        (
            "I'm sorry we sent the wrong drawings; I didn't check them. The right set reaches you "
            "on Monday at 9. I look forward to continuing our work on the new wing."
        ),
    ),
    (
        "cliche",
        (
            "Thank you for your review. I'm sorry: I took that batch out early, and the loaf was "
            "underbaked. I have refunded your card today."
        ),
    ),
    (
        "minimizing",
        (
            "I'm sorry your office could not use email for part of the day; I restarted the "
            "server without warning you. From today every restart is announced a day ahead."
        ),
    ),
]


@pytest.mark.parametrize(("category", "text"), SOFTENED, ids=[c for c, _ in SOFTENED])
def test_beside_a_full_apology_a_matter_of_tone_is_only_a_suggestion(
    category: str, text: str
) -> None:
    found = [f for f in lint(text) if f.category == category]
    assert found and {f.severity for f in found} == {"suggestion"}
