"""How a follow-up or a visit reads in a calendar: its title, description and location."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Lower-cased after the dash only when it is a plain word: a name such as "Dana" is not.
_COMMON_STARTS = frozenset({
    "a", "an", "the", "ask", "book", "call", "chase", "check", "confirm", "find", "follow",
    "get", "make", "remedy", "remind", "review", "ring", "say", "see", "send", "tell", "thank",
    "visit",
})
VERBS = {"call": "Call", "email": "Email", "meeting": "Meeting with", "visit": "Visit"}


@dataclass(frozen=True)
class Party:
    """The customer side of an event, as read from the incident and customer rows."""

    incident_title: str
    company: str
    contact_name: str = ""
    contact_role: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    def who(self) -> str:
        """ "Dana Whitlock (Halvorsen Fitouts Ltd)", or just the company without a contact."""
        name, company = self.contact_name.strip(), self.company.strip()
        if name and company:
            return f"{name} ({company})"
        return name or company or "the customer"

    def contact_lines(self) -> list[str]:
        """Customer, contact, phone, e-mail and incident, one per line, blanks left out."""
        contact = ", ".join(p for p in (self.contact_name.strip(), self.contact_role.strip()) if p)
        pairs = [("Customer", self.company), ("Contact", contact), ("Phone", self.phone),
                 ("Email", self.email), ("Incident", self.incident_title)]
        return [f"{label}: {value.strip()}" for label, value in pairs if value.strip()]


def followup_summary(channel: str, purpose: str, party: Party, done: bool = False) -> str:
    """ "Call Dana Whitlock (Halvorsen Fitouts Ltd) — check the replacement end caps arrived"."""
    verb = VERBS.get(channel, channel.capitalize())
    text = f"{verb} {party.who()} — {_lower_first(_one_line(purpose))}"
    return f"Done: {text}" if done else text


def followup_description(
    purpose: str, party: Party, *, done_on: date | None = None, outcome: str = ""
) -> str:
    """The purpose first (what the reminder is for), then who to reach and how."""
    lines = [purpose.strip(), "", *party.contact_lines()]
    if done_on is not None:
        lines += ["", f"Done on {done_on.isoformat()}." + (f" Outcome: {outcome.strip()}"
                                                           if outcome.strip() else "")]
    return "\n".join(lines)


def followup_location(channel: str, party: Party) -> str:
    """Where it happens: the phone number for a call, the address for a visit or meeting."""
    if channel == "call":
        return party.phone.strip()
    if channel == "email":
        return party.email.strip()
    return party.address.strip()


def visit_summary(party: Party) -> str:
    """ "Visit Dana Whitlock (Halvorsen Fitouts Ltd) — apologize in person: <incident>"."""
    title = _one_line(party.incident_title)
    return f"Visit {party.who()} — apologize in person" + (f": {title}" if title else "")


def visit_location(place: str, room: str, party: Party) -> str:
    """The planned place (and room); the customer's address when no place was given."""
    where = place.strip() or party.address.strip()
    return ", ".join(p for p in (where, room.strip()) if p)


def visit_description(place: str, room: str, duration_min: int, party: Party) -> str:
    """Why the visit, where exactly, how long, and who to ask for."""
    where = visit_location(place, room, party)
    lines = [f"Apologize in person for: {party.incident_title.strip()}",
             f"Planned for {duration_min} minutes." if duration_min > 0 else ""]
    if where:
        lines.append(f"Where: {where}")
    return "\n".join([*[line for line in lines if line], "", *party.contact_lines()])


def reminder(summary: str, *, all_day: bool = False) -> str:
    """What the alarm says when it goes off: an all-day one goes off the morning before."""
    return f"Tomorrow: {summary}" if all_day else f"Reminder: {summary}"


def cancelled(summary: str) -> str:
    """The title of a called-off event: calendars that ignore STATUS still show it is off."""
    return f"Cancelled: {summary}"


# A deleted follow-up or visit, or one of an erased customer, goes out with this title and
# nothing else: no name, phone, purpose or place, so the calendar keeps no personal data.
REMOVED_FOLLOWUP = "Cancelled: follow-up removed in Amends"
REMOVED_VISIT = "Cancelled: visit removed in Amends"


def _lower_first(text: str) -> str:
    # "— check the end caps" reads as one sentence; "NHS" or "Dana" keep their capitals.
    first = text.split(maxsplit=1)[0].rstrip(":,").lower() if text else ""
    return text[0].lower() + text[1:] if first in _COMMON_STARTS else text


def _one_line(text: str) -> str:
    # A calendar title is one line; a pasted line break would be shown as a raw "\n" by some.
    return " ".join(text.split())
