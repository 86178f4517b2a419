"""A read-only rendering of a playbook, every section, as simple HTML for a QTextBrowser."""
from __future__ import annotations

from html import escape

from planner.followups.cadence import CadenceStep, parse_offset
from planner.playbooks import Playbook

# Where a step counts from, after an offset ("2 days after ...") and on the day itself.
AFTER = {
    "reported": "they told us", "visit": "the visit", "remedy_due": "the remedy is due",
    "previous": "the follow-up before",
}
ON_THE_DAY = {
    "reported": "the day they told us", "visit": "the day of the visit",
    "remedy_due": "the day the remedy is due", "previous": "the day of the follow-up before",
}


def offset_words(offset: str, business_days: bool = False) -> str:
    """ "P1W" as "1 week", "P1M2D" as "1 month 2 days"; "" for no time at all.

    Text that is not a duration is returned unchanged, so a broken step still shows.
    """
    try:
        parsed = parse_offset(offset)
    except ValueError:
        return offset
    day = "working day" if business_days else "day"
    parts = [(parsed.months, "month"), (parsed.weeks, "week"), (parsed.days, day)]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)


def step_words(step: CadenceStep) -> str:
    """When a cadence step lands, in words: "1 working day after the visit, 09:30"."""
    span = offset_words(step.offset, step.business_days)
    if span:
        when = f"{span} after {AFTER.get(step.anchor, step.anchor)}"
    else:
        when = f"on {ON_THE_DAY.get(step.anchor, step.anchor)}"
    return f"{when}, {step.time}" if step.time else when


def _list(items: tuple[str, ...], ordered: bool = False) -> str:
    if not items:
        return "<p><i>None.</i></p>"
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{tag}>"


def playbook_html(playbook: Playbook) -> str:
    """Every section of ``playbook`` as HTML; nothing in it is ever interpreted as markup."""
    origin = "Built-in playbook (duplicate it to make your own version)" if playbook.builtin \
        else "Your playbook"
    parts = [
        f"<h2>{escape(playbook.name)}</h2>",
        f"<p style='color:#666'>{origin} · failure type: {escape(playbook.failure_type)}</p>",
        "<h3>When to use it</h3>", f"<p>{escape(playbook.when_to_use)}</p>",
        "<h3>How serious is it?</h3>",
    ]
    if playbook.severity_guide:
        parts.append("<ul>" + "".join(
            f"<li><b>{escape(s.level.capitalize())}</b>: {escape(s.description)}</li>"
            for s in playbook.severity_guide) + "</ul>")
    else:
        parts.append("<p><i>None.</i></p>")
    parts.append("<h3>Remedy options</h3>")
    if playbook.remedy_options:
        parts.append("<ul>" + "".join(
            f"<li><b>{escape(r.title)}</b> — {escape(r.description)}<br>"
            f"<small>Costs: {escape(r.cost)} · Approved by: {escape(r.approver)}</small></li>"
            for r in playbook.remedy_options) + "</ul>")
    else:
        parts.append("<p><i>None.</i></p>")
    parts += ["<h3>Visit agenda</h3>", _list(playbook.agenda, ordered=True),
              "<h3>Who to bring</h3>"]
    parts.append(_list(tuple(f"{a.role} — {a.why}" for a in playbook.who_to_bring)))
    parts += ["<h3>What to bring</h3>", _list(playbook.what_to_bring),
              "<h3>Questions to ask</h3>", _list(playbook.questions),
              "<h3>Useful phrases</h3>", _list(tuple(f"“{p}”" for p in playbook.phrases)),
              "<h3>Follow-up cadence</h3>"]
    parts.append(_list(tuple(
        f"{step_words(step)} — {step.channel}: {step.purpose}" for step in playbook.cadence
    )))
    return "\n".join(parts)
