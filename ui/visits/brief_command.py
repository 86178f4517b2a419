"""`amends brief INCIDENT_ID -o FILE.pdf`: the visit brief from the shell, with no display needed."""
from __future__ import annotations

import argparse
import os
import sys

from planner.cli.support import fail, find_incident, incident_ref, open_db, record_id
from planner.errors import NotFoundError
from planner.store.doors import check_output


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `brief` subcommand."""
    parser = subparsers.add_parser(
        "brief", help="write the one-page visit brief of an incident as a PDF",
        description="Write the visit brief (what happened, what to say, the plan) as a PDF, "
                    "the same as the app's “Save brief as PDF…”. Needs no display.",
    )
    parser.add_argument("incident", type=incident_ref, metavar="INCIDENT",
                        help="the incident's number (12 or #12), or a word of its title or "
                             "customer that fits only it")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf",
                        help="where to write the PDF; an existing file is replaced in one step")
    parser.add_argument("--visit", type=record_id, metavar="VISIT_ID",
                        help="the visit to brief (default: the next planned one)")
    parser.add_argument("--full", action="store_true",
                        help="everything, over as many pages as it takes (by default the brief "
                             "fits one page and counts what it leaves out)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the PDF; 0 on success, 1 with a one-line reason otherwise (nothing half-written)."""
    # A folder, a pipe, a device, a missing folder or a bad name: refused before the data opens.
    output = check_output(args.output, example="brief.pdf")
    from planner.incidents.service import get_incident
    from planner.visits.brief import brief_title, gather_brief
    from planner.visits.service import list_visits

    db = open_db(args)
    try:
        try:
            incident_id = find_incident(db, args.incident)
            get_incident(db, incident_id)
        except (LookupError, NotFoundError) as exc:
            return fail(f"{exc} {_known_incidents(db)}")
        try:
            data = gather_brief(db, incident_id, args.visit)
        except NotFoundError:
            visits = ", ".join(str(v.id) for v in list_visits(db, incident_id)) or "none"
            return fail(f"incident {incident_id} has no visit {args.visit} "
                        f"(its visits: {visits}). Leave out --visit to use the next planned one.")
    finally:
        db.close()
    _ensure_gui_application()
    from ui.visits.brief_pdf import write_pdf

    pages = write_pdf(data, output, brief_title(data), full=args.full)
    plural = "page" if pages == 1 else "pages"
    print(f"Wrote the visit brief for {data.customer.company} to {output} ({pages} {plural}).")
    return 0


def _known_incidents(db: object) -> str:
    from planner.incidents.service import list_incident_summaries

    rows = list_incident_summaries(db)  # type: ignore[arg-type]
    if not rows:
        return "This data folder has no incidents yet."
    shown = ", ".join(f"#{r.id} ({r.company})" for r in sorted(rows, key=lambda r: r.id)[:10])
    more = " …" if len(rows) > 10 else ""
    return f"Incidents in this data folder: {shown}{more}."


def _ensure_gui_application() -> None:
    """A QGuiApplication for fonts and PDF output; offscreen where there may be no display."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return
    # Windows and macOS always have their window system; elsewhere a shell over ssh or a
    # cron job may have none (or a stale DISPLAY that would abort Qt), and a PDF needs none.
    if not os.environ.get("QT_QPA_PLATFORM") and sys.platform not in ("win32", "darwin"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QGuiApplication(sys.argv[:1])
    app.setApplicationName("Amends")
    # Keep a reference for the life of the process; Qt must not lose its application object.
    globals()["_APP"] = app
