"""The rehearsal's cue cards: opening, the three apology parts word for word, questions, close."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.timeutil import date_from_iso
from planner.visits.brief import BriefData
from planner.visits.model import DEFAULT_QUESTIONS

NOT_WRITTEN_CUE = "Not written yet — write it in the Apology step."
APOLOGY_PARTS = (
    ("regret", "Regret", "Say sorry plainly, for what they went through."),
    ("responsibility", "Responsibility", "Name what we did wrong. “I” and “we”, no excuses."),
    ("remedy", "Remedy", "The fix, its date and its owner. Then stop and let them answer."),
)


@dataclass(frozen=True)
class CueCard:
    """One card: a title, the words (exactly as written), a stage direction, optional lines."""

    key: str
    title: str
    text: str  # "" when the part is not written yet
    hint: str
    lines: tuple[str, ...] = ()  # the questions, one per line
    facts: str = ""  # e.g. the remedy's date and owner

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and not self.lines


def cue_cards(data: BriefData) -> list[CueCard]:
    """The run-through in speaking order, built from the incident's apology and visit.

    The apology's parts are passed through untouched: rehearsal shows the user's words.
    """
    apology = data.apology or {}
    cards = [_opening(data)]
    for key, title, hint in APOLOGY_PARTS:
        text = str(apology.get(key) or "")
        facts = _remedy_facts(apology) if key == "remedy" else ""
        cards.append(CueCard(key, title, text, hint, facts=facts))
    questions = [i.text for i in data.visit.questions if i.text.strip()] if data.visit else []
    cards.append(CueCard(
        "questions", "Listening questions", "", "Ask one, then stop talking and listen.",
        lines=tuple(questions or DEFAULT_QUESTIONS),
    ))
    cards.append(_close(data))
    return cards


def _opening(data: BriefData) -> CueCard:
    name = _first_name(data.customer.contact_name) or data.customer.company
    who = [f"{p.name} ({p.role})" if p.role.strip() and p.name.strip() else p.name or p.role
           for p in (data.visit.people if data.visit else []) if p.name.strip() or p.role.strip()]
    coming = [w for w in who if w.strip().casefold() not in ("you", "me")]
    text = f"Thank {name} for seeing you."
    if coming:
        text += f" Introduce {', '.join(coming)}."
    return CueCard("opening", "Opening", text,
                   "Then say sorry straight away — before any explanation.")


def _close(data: BriefData) -> CueCard:
    name = _first_name(data.customer.contact_name) or "them"
    text = f"Say sorry once more, and thank {name} for telling you."
    if data.followups:
        first = data.followups[0]
        day = _day(first.get("due_date"))
        when = f"{day:%A %d %B}" if day else "soon"
        if first.get("due_time"):
            when += f" at {first['due_time']}"
        text += f"\n\nNext contact: {when} — {str(first.get('purpose') or '').strip()}"
    else:
        text += "\n\nAgree when you will next be in touch, and who will do it."
    return CueCard("close", "Close", text, "Leave with a date, not “we will get back to you”.")


def _remedy_facts(apology: dict[str, object]) -> str:
    facts = []
    day = _day(apology.get("remedy_due"))
    if day:
        facts.append(f"due {day:%a %d %b}")
    if str(apology.get("remedy_owner") or "").strip():
        facts.append(f"owner {apology['remedy_owner']}")
    line = " · ".join(facts)
    return line[:1].upper() + line[1:]


def _day(value: object) -> date | None:
    try:
        return date_from_iso(str(value)) if value else None
    except ValueError:  # a hand-edited row; the card simply leaves the date out
        return None


def _first_name(full: str) -> str:
    parts = full.split()
    return parts[0] if parts else ""
