"""The one-page visit brief as HTML: who, what happened, what to say, the plan — read in the car."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from planner.errors import NotFoundError
from planner.incidents.model import Customer, Incident
from planner.incidents.service import get_customer, get_incident
from planner.timeutil import date_from_iso, now_utc
from planner.visits.model import Visit, VisitStatus
from planner.visits.service import get_visit, list_visits

if TYPE_CHECKING:
    from sqlite_utils import Database

NOT_WRITTEN = "not written yet"
CHANNELS = {"call": "Call", "email": "E-mail", "visit": "Visit", "video": "Video call",
            "message": "Message", "text": "Text", "in_person": "In person"}


@dataclass
class BriefData:
    """Everything the brief shows, read from the data file in one go."""

    incident: Incident
    customer: Customer
    visit: Visit | None
    apology: dict[str, Any] | None
    followups: list[dict[str, Any]] = field(default_factory=list)


def gather_brief(
    db: Database, incident_id: int, visit_id: int | None = None, *, now: datetime | None = None
) -> BriefData:
    """Read the incident, its customer, the visit (given, or the next planned one) and the rest."""
    incident = get_incident(db, incident_id)
    customer = get_customer(db, incident.customer_id)
    if visit_id is not None:
        visit: Visit | None = get_visit(db, visit_id)
        if visit is not None and visit.incident_id != incident_id:
            raise NotFoundError(f"Visit {visit_id} does not belong to incident {incident_id}. "
                                "List the incident's visits in the app and pick one of those.")
    else:
        visit = choose_visit(list_visits(db, incident_id), now or now_utc())
    # The apology and follow-ups are read as rows so the brief needs nothing but the schema.
    rows = list(db["apologies"].rows_where("incident_id = ?", [incident_id]))
    followups = list(db["followups"].rows_where(
        "incident_id = ? AND status = 'pending'", [incident_id],
        order_by="due_date, coalesce(due_time, ''), id"))
    return BriefData(incident, customer, visit, rows[0] if rows else None, followups)


def choose_visit(visits: list[Visit], now: datetime) -> Visit | None:
    """The visit a brief is for: the next planned one, else the latest one there is."""
    planned = [v for v in visits if v.status == VisitStatus.PLANNED and v.ends_at >= now]
    if planned:
        return min(planned, key=lambda v: v.starts_at)
    return max(visits, key=lambda v: v.starts_at) if visits else None


def build_brief(
    db: Database, incident_id: int, visit_id: int | None = None, *, now: datetime | None = None
) -> str:
    """The brief of an incident (and one of its visits) as a complete HTML document."""
    return brief_html(gather_brief(db, incident_id, visit_id, now=now))


def brief_title(data: BriefData) -> str:
    """A title for the PDF's metadata and the print job."""
    return f"Visit brief — {data.customer.company}"


def brief_filename(data: BriefData) -> str:
    """A suggested file name: visit-brief-company-date.pdf."""
    slug = re.sub(r"[^a-z0-9]+", "-", data.customer.company.casefold()).strip("-")[:40] or "customer"
    day = data.visit.starts_at.astimezone().date() if data.visit else None
    return f"visit-brief-{slug}{f'-{day.isoformat()}' if day else ''}.pdf"


# QTextDocument understands a subset of CSS 2.1; the rules below stay inside it.
STYLE = """
body { font-family: 'DejaVu Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif;
       font-size: 10.5pt; color: #111; }
h1 { font-size: 16pt; font-weight: 700; margin: 0; }
.h { font-size: 11.5pt; font-weight: 700; color: #1f4e79; }
p.h2 { font-size: 11.5pt; font-weight: 700; color: #1f4e79; margin-top: 7pt; margin-bottom: 2pt; }
p.item { margin-top: 0; margin-bottom: 2pt; }
p { margin-top: 0; margin-bottom: 2pt; }
.meta { font-size: 10.5pt; margin-bottom: 1pt; }
.cue { font-size: 10pt; color: #555; font-style: italic; }
.part { font-size: 11pt; margin-bottom: 3pt; }
.label { font-weight: 700; }
.empty { color: #777; font-style: italic; }
.small { font-size: 9.5pt; color: #333; }
.more { font-size: 9.5pt; color: #555; font-style: italic; }
"""


@dataclass(frozen=True)
class BriefLimits:
    """How much of each list, and of each text, a brief shows (None: all of it).

    The one-page brief starts with everything and is cut down (``shrink``) until it fits; what
    is left out is summarised ("+3 more follow-ups") and is all in the full brief and the app.
    """

    moments: int | None = None
    agenda: int | None = None
    questions: int | None = None
    bring: int | None = None
    followups: int | None = None
    text: int | None = None  # characters of each written text (what happened, the apology)


# Cut first from the end of this order; the agenda and the apology stay longest.
_SHRINK_ORDER = ("followups", "bring", "questions", "moments", "agenda")
_KEEP_AT_LEAST = {"followups": 2, "bring": 2, "questions": 2, "moments": 2, "agenda": 4}
_TEXT_STEPS = (700, 450, 300, 200, 120)


def _counts(data: BriefData) -> dict[str, int]:
    v = data.visit
    return {
        "moments": len(_written_moments(data)),
        "agenda": len([i for i in v.agenda if i.text.strip()]) if v else 0,
        "questions": len([i for i in v.questions if i.text.strip()]) if v else 0,
        "bring": len([i for i in v.bring if i.text.strip()]) if v else 0,
        "followups": len(data.followups),
    }


def shrink(limits: BriefLimits, data: BriefData) -> BriefLimits | None:
    """The next smaller brief: one item fewer in the longest list that may still give one,
    then shorter texts, then lists down to one item; None when nothing is left to cut."""
    counts = _counts(data)
    shown = {name: min(counts[name], getattr(limits, name) if getattr(limits, name) is not None
                       else counts[name]) for name in _SHRINK_ORDER}
    for floor in (_KEEP_AT_LEAST, None):
        if floor is None and (limits.text or 10**9) > _TEXT_STEPS[-1]:
            longer = [t for t in _TEXT_STEPS if t < (limits.text or 10**9)]
            return replace(limits, text=longer[0])
        cuttable = [n for n in _SHRINK_ORDER if shown[n] > (floor[n] if floor else 1)]
        if cuttable:
            name = max(cuttable, key=lambda n: (shown[n] - (floor[n] if floor else 1),
                                                -_SHRINK_ORDER.index(n)))
            return replace(limits, **{name: shown[name] - 1})
    return None


def brief_html(data: BriefData, limits: BriefLimits | None = None, *, full: bool = False,
               sides: tuple[int, int] | None = None) -> str:
    """Render the gathered data; every piece of user text is escaped.

    ``limits`` cut the lists and texts down (what is left out is counted); ``full`` lays the
    whole brief out in one column that may run over several pages, each item kept whole.
    ``sides`` puts "What to bring" and "Follow-ups planned" in the left (0) or right (1)
    column; by default each goes to the column estimated to be shorter.
    """
    lim = limits or BriefLimits()
    v = data.visit
    agenda = [i.text for i in v.agenda if i.text.strip()] if v else []
    questions = [i.text for i in v.questions if i.text.strip()] if v else []
    bring = [i for i in v.bring if i.text.strip()] if v else []
    story = [data.incident.what_went_wrong, data.incident.impact]
    sections = [
        ("What happened", _para(_cut(data.incident.what_went_wrong, lim.text)), []),
        ("What it did to them", _para(_cut(data.incident.impact, lim.text)), []),
        ("Their experience, moment by moment", _moments(data, lim), []),
        ("Agenda", _numbered(_agenda_rows(agenda, lim.agenda), "agenda item", "agenda items",
                             len(agenda), full), []),
        ("Questions to ask", _bullets(_first(questions, lim.questions), full=full)
         + _more(len(questions), lim.questions, "question", "questions"), []),
        ("What to bring", (_listing([("☑" if i.done else "☐", _e(i.text))
                                     for i in _first(bring, lim.bring)], full)
                           or _empty("nothing listed yet"))
         + _more(len(bring), lim.bring, "thing to bring", "things to bring"),
         [i.text for i in _first(bring, lim.bring)]),
        ("Follow-ups planned", _followups(_first(data.followups, lim.followups), full)
         + _more(len(data.followups), lim.followups, "follow-up", "follow-ups"),
         [str(r.get("purpose") or "") + " " * 20 for r in _first(data.followups, lim.followups)]),
    ]
    head = (f"<html><head><meta charset='utf-8'><title>{_e(brief_title(data))}</title>"
            f"<style>{STYLE}</style></head><body>{_header(data)}"
            # Padding in CSS pixels: QTextDocument ignores point units for table cells.
            "<table width='100%' cellspacing='0' cellpadding='8' style='margin-top:5pt'>"
            f"<tr><td bgcolor='#eef3f8'>{_script(data, lim.text)}</td></tr></table>")
    if full:
        return head + "".join(_section(t, body) for t, body, _ in sections) + "</body></html>"
    left = "".join(_section(t, body) for t, body, _ in sections[:3])
    right = "".join(_section(t, body) for t, body, _ in sections[3:5])
    shown_story = [_cut(t, lim.text) for t in story[:2]] + [
        f"{m.at_text} {m.what} {m.feeling}" for m in _first(_written_moments(data), lim.moments)]
    listed = [t for _, t in _agenda_rows(agenda, lim.agenda)] + _first(questions, lim.questions)
    sizes = [_lines(shown_story) + 3 * HEADING_LINES, _lines(listed) + 2 * HEADING_LINES]
    # The last two sections go to whichever column is shorter, so both end near the same
    # height and a typical incident stays on one page.
    for number, (title, body, texts) in enumerate(sections[5:]):
        side = sides[number] if sides else (0 if sizes[0] < sizes[1] else 1)
        sizes[side] += _lines(texts) + HEADING_LINES
        if side == 0:
            left += _section(title, body)
        else:
            right += _section(title, body)
    return (
        head + "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td width='48.5%' valign='top'>{left}</td><td width='3%'></td>"
        f"<td width='48.5%' valign='top'>{right}</td>"
        "</tr></table></body></html>"
    )


def _first(items: list[Any], limit: int | None) -> list[Any]:
    return items if limit is None else items[:limit]


def _more(total: int, limit: int | None, one: str, many: str) -> str:
    """'+3 more follow-ups' under a list cut short (nothing when all of it shows)."""
    hidden = total - (total if limit is None else min(limit, total))
    if hidden <= 0:
        return ""
    return (f"<p class='more'>+{hidden} more {one if hidden == 1 else many} "
            "(all in the app and the full brief)</p>")


def _cut(text: str, limit: int | None) -> str:
    text = text.strip()
    if limit is None or len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " … (the rest is in the app)"


HEADING_LINES = 2
COLUMN_CHARS = 44  # about what one line of a column holds at 10.5 pt


def _lines(texts: list[str]) -> int:
    """A rough count of the lines these paragraphs take in one column."""
    return sum(1 + len(t.strip()) // COLUMN_CHARS for t in texts if t.strip())


def _header(data: BriefData) -> str:
    c, v = data.customer, data.visit
    contact = " · ".join(_e(x) for x in (c.contact_name, c.contact_role) if x.strip())
    # The phone is what the rep needs in the car park; the e-mail only costs a line.
    reach = _e(c.phone) if c.phone.strip() else ""
    who = (f"<p class='meta'><span class='label'>{contact or 'Contact not named'}</span>"
           f"{' · ' + reach if reach else ''}</p>")
    lines = [f"<h1>{_e(c.company)}</h1>", who,
             f"<p class='meta'><i>{_e(data.incident.title)}</i></p>"]
    if v is None:
        lines.append("<p class='meta empty'>No visit planned yet — plan it in the Visit step.</p>")
    else:
        start, end = v.starts_at.astimezone(), v.ends_at.astimezone()
        where = ", ".join(_e(x) for x in (v.room, v.place) if x.strip()) or "place not set"
        status = "" if v.status == VisitStatus.PLANNED else f" ({v.status.label.lower()})"
        lines.append(f"<p class='meta'><span class='label'>{start:%a %d %b %Y, %H:%M}–{end:%H:%M}"
                     f"{status}</span> · {where}</p>")
        people = "; ".join(_e(" – ".join(x for x in (p.name, p.role) if x.strip()))
                           for p in v.people if p.name.strip() or p.role.strip())
        lines.append(f"<p class='meta'><span class='label'>With us:</span> "
                     f"{people or '<span class=empty>nobody else yet</span>'}</p>")
    return "".join(lines)


def _script(data: BriefData, limit: int | None = None) -> str:
    a = data.apology or {}
    html = ("<p style='margin-bottom:3pt'><span class='h'>What to say</span>"
            "<span class='cue'> — sorry first, let them talk, own it with no excuses, "
            "give dates, sorry again at the close</span></p>")
    for key, label in (("regret", "Regret"), ("responsibility", "Responsibility"),
                       ("remedy", "Remedy")):
        text = _cut(str(a.get(key) or ""), limit)
        body = _e(text).replace("\n", "<br>") if text else f"<span class='empty'>{NOT_WRITTEN}</span>"
        html += f"<p class='part'><span class='label'>{label}: </span>{body}</p>"
    due, owner = _date(a.get("remedy_due")), str(a.get("remedy_owner") or "").strip()
    check = _date(a.get("check_back"))
    facts = [f"remedy due {due}" if due else "remedy date not set",
             f"owner {_e(owner)}" if owner else "owner not named"]
    if check:
        facts.append(f"check back {check}")
    line = " · ".join(facts)
    return html + f"<p class='small'>{line[:1].upper() + line[1:]}</p>"


def _written_moments(data: BriefData) -> list[Any]:
    return [m for m in data.incident.moments
            if m.at_text.strip() or m.what.strip() or m.feeling.strip()]


def _moments(data: BriefData, limits: BriefLimits) -> str:
    items = []
    written = _written_moments(data)
    for m in _first(written, limits.moments):
        when = f"<span class='label'>{_e(m.at_text)}</span> " if m.at_text.strip() else ""
        feeling = f" <i>— {_e(_cut(m.feeling, limits.text))}</i>" if m.feeling.strip() else ""
        items.append(f"<p style='margin-bottom:3pt'>{when}{_e(_cut(m.what, limits.text))}"
                     f"{feeling}</p>")
    return ("".join(items) or _empty("no moments written yet")) + _more(
        len(written), limits.moments, "moment", "moments")


def _followups(rows: list[dict[str, Any]], full: bool = False) -> str:
    lines = []
    for r in rows:
        day = _date(r.get("due_date")) or "no date"
        time = f" {r['due_time']}" if r.get("due_time") else ""
        channel = CHANNELS.get(str(r.get("channel")), str(r.get("channel") or ""))
        lines.append(f"<span class='label'>{_e(day + time)}</span> · {_e(channel)} · "
                     f"{_e(str(r.get('purpose') or ''))}")
    return _bullets(lines, raw_marks=True, full=full) if lines else _empty("none planned yet")


def _section(title: str, body: str) -> str:
    return f"<p class='h2'>{_e(title)}</p>{body}"


def _para(text: str) -> str:
    return f"<p>{_e(text.strip()).replace(chr(10), '<br>')}</p>" if text.strip() else _empty(
        NOT_WRITTEN)


def _agenda_rows(agenda: list[str], limit: int | None) -> list[tuple[int, str]]:
    """The agenda numbered as on the visit. Cut short, it keeps its last item (the close: the
    apology said once more, the next contact agreed) and leaves out items before it."""
    rows = [(n, t) for n, t in enumerate((t for t in agenda if t.strip()), start=1)]
    if limit is None or len(rows) <= limit:
        return rows
    return rows[:limit - 1] + rows[-1:] if limit >= 2 else rows[:limit]


def _numbered(rows: list[tuple[int, str]], one: str = "", many: str = "", total: int = 0,
              full: bool = False) -> str:
    listed = _listing([(f"{n}.", _e(t)) for n, t in rows], full)
    return (listed or _empty("no agenda yet")) + (
        _more(total, len(rows), one, many) if one else "")


def _bullets(items: list[str], *, raw_marks: bool = False, full: bool = False) -> str:
    # raw_marks: each item is already escaped HTML that starts with its own mark.
    shown = [i for i in items if i.strip()]
    if raw_marks:
        return _listing([("", i) for i in shown], full) if shown else _empty("none yet")
    return _listing([("•", _e(i)) for i in shown], full) or _empty("none yet")


def _listing(rows: list[tuple[str, str]], full: bool) -> str:
    """A list in the two-column page (marks hanging in a table) or, in the full brief, one
    paragraph per item, which the page layout keeps whole."""
    if not full:
        return _hanging(rows)
    return "".join(f"<p class='item'>{mark + ' ' if mark else ''}{body}</p>" for mark, body in rows)


def _hanging(rows: list[tuple[str, str]]) -> str:
    """Marker and text side by side, so wrapped lines hang clear of the number or box.

    A table, because QTextDocument ignores negative text-indent and indents lists deeply.
    """
    if not rows:
        return ""
    if all(not mark for mark, _ in rows):
        return "".join(f"<p class='item'>{body}</p>" for _, body in rows)
    cells = "".join(f"<tr><td width='8%'><p class='item'>{mark}</p></td>"
                    f"<td width='92%'><p class='item'>{body}</p></td></tr>" for mark, body in rows)
    return f"<table width='100%' cellspacing='0' cellpadding='0'>{cells}</table>"


def _empty(text: str) -> str:
    return f"<p class='empty'>{_e(text)}</p>"


def _date(value: object) -> str:
    try:
        day: date | None = date_from_iso(str(value)) if value else None
    except ValueError:
        return str(value)
    return f"{day:%a %d %b}" if day else ""


def _e(text: str) -> str:
    return escape(text, quote=False)
