"""The spoken script: the three parts of the apology and the customer's moments, in speaking order.

The order follows the reading behind Amends: open by name, say sorry, show you understand
what it was like for them (built from their moments), own it, give the remedy with its date
and owner, say when you will check back, and apologize once more at the close. Cues for the
speaker are in square brackets; a part not written yet shows as a bracketed gap. Where the
analysis finds a component missing, the script carries the checklist's own hint as a cue at
the place it belongs, so the preview and the checklist always tell the same story.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planner.apology.checker import Analysis
from planner.apology.checklist import LABELS
from planner.apology.review import analyse_apology
from planner.apology.service import Apology
from planner.incidents.model import Customer, Moment

CLOSING = "I am sorry again for what this put you through, and thank you for telling me straight."
# Without a sorry earlier, "again" would claim one; the close then makes the first.
FIRST_CLOSING = "I am sorry for what this put you through, and thank you for telling me straight."
PAUSE = "[Pause. Let them correct you or add what you missed, and listen.]"


def first_name(customer: Customer | None) -> str:
    """What to call the contact: their first name, or "" when we have none."""
    if customer is None or not customer.contact_name.strip():
        return ""
    return customer.contact_name.split()[0]


def spoken_date(value: date) -> str:
    """A date as you would say it: "Thursday 14 March"."""
    return f"{value:%A} {value.day} {value:%B}"


def _sentence(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in ".!?…":
        text += "."
    return text[:1].upper() + text[1:]


def restatement(moments: Sequence[Moment]) -> list[str]:
    """The customer's experience as lines the speaker says back to them, in story order."""
    lines = []
    for moment in moments:
        what = moment.what.strip().rstrip(".")
        if not what:
            continue
        when = f"{moment.at_text.strip()}: " if moment.at_text.strip() else ""
        feeling = f" ({moment.feeling.strip().rstrip('.')})" if moment.feeling.strip() else ""
        lines.append(f"  – {when}{what}{feeling}")
    return lines


def _part(text: str, label: str) -> str:
    return _sentence(text) if text.strip() else f"[{label} — not written yet]"


def _promise(apology: Apology) -> str:
    owner = apology.remedy_owner.strip()
    due = spoken_date(apology.remedy_due) if apology.remedy_due else ""
    if owner and due:
        return f"{owner} is responsible for this, and it will be done by {due}."
    if owner:
        return f"{owner} is responsible for this."
    if due:
        return f"It will be done by {due}."
    return ""


def cue(key: str) -> str:
    """The bracketed cue the script shows where component ``key`` is missing."""
    return f"[{LABELS[key][1]}]"


def assemble_script(
    apology: Apology, moments: Sequence[Moment], customer: Customer | None = None,
    analysis: Analysis | None = None,
) -> str:
    """The whole script as plain text, paragraphs separated by blank lines.

    ``analysis`` is the page's judgement of this apology (analyse_apology); without it the
    apology is judged here.
    """
    if analysis is None:
        analysis = analyse_apology(apology, moments)
    missing = {key for key in LABELS if not analysis.done(key)}

    def with_cues(text: str, *keys: str) -> str:
        cues = [cue(key) for key in keys if key in missing]
        return " ".join([text, *cues]) if cues else text

    name = first_name(customer)
    opening = f"{name}, thank you for seeing me." if name else "Thank you for seeing me."
    paragraphs = [
        opening,
        with_cues(_part(apology.regret, "Regret: say sorry for their experience"), "sorry"),
    ]
    told = restatement(moments)
    if told:
        paragraphs.append(
            "Let me check that I understand what this was like for you.\n"
            "[Say it back in your own words:]\n" + "\n".join(told) + "\n" + PAUSE
        )
    else:
        paragraphs.append("[Say back what this was like for them — add their moments in step 2.]")
    if "harm" in missing:
        paragraphs[-1] += "\n" + cue("harm")
    paragraphs.append(with_cues(
        _part(apology.responsibility, "Responsibility: what we did wrong, in the first person"),
        "owns", "explains",
    ))
    remedy = _part(apology.remedy, "Remedy: what we will do, by when")
    promise = _promise(apology)
    remedy = f"{remedy} {promise}".strip() if apology.remedy.strip() else remedy
    paragraphs.append(with_cues(remedy, "remedy", "dated"))
    if apology.check_back is not None:
        paragraphs.append(
            f"I will check back with you on {spoken_date(apology.check_back)} "
            "to make sure it is right."
        )
    elif "check_back" in missing:
        paragraphs.append(cue("check_back"))
    paragraphs.append(FIRST_CLOSING if "sorry" in missing else CLOSING)
    return "\n\n".join(paragraphs)
