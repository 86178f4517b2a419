"""The visit brief: what the PDF says, that it fits one page, spills cleanly, and the shell command."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.followups.service import FollowUp, add_followup
from planner.incidents.model import Moment
from planner.incidents.moments import add_moment
from planner.incidents.service import get_incident, save_incident
from planner.timeutil import now_utc, to_iso
from planner.visits.brief import NOT_WRITTEN, brief_html, brief_title, build_brief, gather_brief
from planner.visits.model import VisitItem
from planner.visits.service import list_visits, save_visit
from ui.startup.launcher import main as amends
from ui.visits.brief_pdf import write_pdf

REGRET = "Dana, I am sorry: your crew stood idle and you had to explain it to your director."
RESPONSIBILITY = "I promised Monday 08:00 and we sent the order late, crushed and wrong."
REMEDY = "Priya's van brings five units and ten end caps on Friday at 07:30; I call you at 10:00."


def pdf_text(path: Path) -> tuple[str, int]:
    """All text of the PDF with ligatures undone and white space squeezed, and its pages."""
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split()), len(reader.pages)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def write_apology(db, incident_id: int) -> None:
    row = {"incident_id": incident_id, "regret": REGRET, "responsibility": RESPONSIBILITY,
           "remedy": REMEDY, "remedy_due": "2026-11-27", "remedy_owner": "Priya Nair",
           "updated_at": to_iso(now_utc())}
    with db.atomic():
        db["apologies"].upsert(row, pk="incident_id")


@pytest.mark.parametrize("size", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter])
def test_sample_brief_is_one_page_with_customer_apology_and_agenda(
    qtbot, db, sample_id: int, tmp_path: Path, size: QPageSize.PageSizeId
) -> None:
    write_apology(db, sample_id)
    data = gather_brief(db, sample_id)
    assert data.visit is not None and data.visit.agenda  # the sample's planned visit
    out = tmp_path / "brief.pdf"
    pages = write_pdf(brief_html(data), out, brief_title(data), QPageSize(size))
    text, count = pdf_text(out)
    assert pages == count == 1
    assert "Halvorsen Fitouts Ltd" in text and "+44 161 555 0142" in text
    for part in (REGRET, RESPONSIBILITY, REMEDY):
        assert squeeze(part) in text
    for item in data.visit.agenda:
        assert squeeze(item.text) in text
    assert "Priya Nair" in text and "Fri 27 Nov" in text


def test_a_missing_apology_says_not_written_yet(db, sample_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM apologies WHERE incident_id = ?", [sample_id])
    html = build_brief(db, sample_id)
    assert html.count(NOT_WRITTEN) == 3


def test_follow_ups_pending_are_listed_and_none_says_so(db, sample_id: int) -> None:
    purposes = [r["purpose"] for r in db["followups"].rows_where(
        "incident_id = ? AND status = 'pending'", [sample_id])]
    html = build_brief(db, sample_id)
    assert purposes and all(p in html for p in purposes)
    with db.atomic():
        db.execute("DELETE FROM followups WHERE incident_id = ?", [sample_id])
    assert "none planned yet" in build_brief(db, sample_id)


def test_all_user_text_is_escaped(db, sample_id: int) -> None:
    incident = get_incident(db, sample_id)
    incident.impact = "<script>alert('x')</script> & <b>bold</b>"
    save_incident(db, incident)
    visit = list_visits(db, sample_id)[0]
    visit.agenda[0].text = "<img src=x onerror=alert(1)>"
    save_visit(db, visit)
    html = build_brief(db, sample_id)
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def long_incident(db, sample_id: int) -> None:
    incident = get_incident(db, sample_id)
    incident.what_went_wrong = " ".join(f"Detail{n:03d} of what went wrong." for n in range(160))
    incident.impact = " ".join(f"Impact{n:03d} on their week." for n in range(120))
    save_incident(db, incident)
    for n in range(25):
        add_moment(db, sample_id, Moment(at_text=f"Day {n}", what=f"Moment{n:03d} happened to them",
                                         feeling=f"Feeling{n:03d} of being let down"))
    write_apology(db, sample_id)


def test_the_full_brief_runs_on_without_losing_text_or_splitting_an_item(
    qtbot, db, sample_id: int, tmp_path: Path
) -> None:
    long_incident(db, sample_id)
    data = gather_brief(db, sample_id)
    out = tmp_path / "long.pdf"
    pages = write_pdf(data, out, brief_title(data), full=True)
    text, count = pdf_text(out)
    assert pages == count >= 2
    words = set(re.findall(r"[A-Z][a-z]+\d{3}", text))
    expected = ({f"Detail{n:03d}" for n in range(160)} | {f"Impact{n:03d}" for n in range(120)}
                | {f"Moment{n:03d}" for n in range(25)} | {f"Feeling{n:03d}" for n in range(25)})
    assert expected <= words
    assert squeeze(REMEDY) in text and "page 2 of" in text
    by_page = [unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(out).pages]
    for n in range(25):  # each moment's words and feeling on one page: never cut by a break
        assert any(f"Moment{n:03d}" in page and f"Feeling{n:03d}" in page for page in by_page)


@pytest.mark.parametrize("size", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter])
def test_a_heavy_incident_fits_one_page_and_counts_what_it_leaves_out(
    qtbot, db, sample_id: int, tmp_path: Path, size: QPageSize.PageSizeId
) -> None:
    long_incident(db, sample_id)
    visit = list_visits(db, sample_id)[0]
    visit.agenda = [VisitItem(f"Agenda{n:03d}: a point worth making at some length, in order")
                    for n in range(14)]
    visit.questions = [VisitItem(f"Question{n:03d}: what would help you most now?") for n in range(6)]
    save_visit(db, visit)
    for n in range(7):
        add_followup(db, FollowUp(incident_id=sample_id, due_date=date(2030, 1, 1 + n),
                                  purpose=f"Followup{n:03d}: call Dana to check the replacement "
                                          "units are holding up under a full load"))
    data = gather_brief(db, sample_id)
    out = tmp_path / "heavy.pdf"
    pages = write_pdf(data, out, brief_title(data), QPageSize(size))
    text, count = pdf_text(out)
    assert pages == count == 1
    assert "Halvorsen Fitouts Ltd" in text and "Regret" in text and "Agenda000" in text
    # Cut short, the agenda keeps its close (the last item) and counts what it left out.
    assert "Agenda013" in text and re.search(r"\+\d+ more agenda items", text)
    total = len(data.followups)
    shown = [r for r in data.followups if squeeze(str(r["purpose"]))[:24] in text]
    if len(shown) < total:  # what did not fit is counted, never silently dropped
        assert f"+{total - len(shown)} more follow-up" in text
    assert re.search(r"\+\d+ more (moments|follow-ups|questions|things to bring)", text)
    assert "(the rest is in the app)" in text or "Detail159" in text  # cut with a mark, or fit


def test_amends_brief_writes_a_pdf_from_the_shell(qtbot, data_dir: Path, sample_id: int,
                                                  tmp_path: Path, capsys) -> None:
    out = tmp_path / "brief.pdf"
    status = amends(["brief", str(sample_id), "-o", str(out), "--data-dir", str(data_dir)])
    assert status == 0
    text, pages = pdf_text(out)
    assert pages == 1 and "Halvorsen Fitouts Ltd" in text
    assert out.read_bytes().startswith(b"%PDF-")
    assert "1 page" in capsys.readouterr().out


def test_amends_brief_fails_cleanly(qtbot, data_dir: Path, sample_id: int, tmp_path: Path,
                                    capsys) -> None:
    out = tmp_path / "brief.pdf"
    assert amends(["brief", "999", "-o", str(out), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "no incident #999" in err and f"#{sample_id} (Halvorsen" in err and "Traceback" not in err
    assert amends(["brief", str(sample_id), "--visit", "999", "-o", str(out),
                   "--data-dir", str(data_dir)]) == 1
    assert "has no visit 999" in capsys.readouterr().err
    missing = tmp_path / "no-such-folder" / "brief.pdf"
    assert amends(["brief", str(sample_id), "-o", str(missing), "--data-dir", str(data_dir)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert amends(["brief", str(sample_id), "-o", str(tmp_path), "--data-dir", str(data_dir)]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert not out.exists() and not missing.parent.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_write_leaves_the_old_file_untouched(qtbot, data_dir: Path, sample_id: int,
                                                     tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"the old brief")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("planner.store.atomic.os.replace", refuse)
    assert amends(["brief", str(sample_id), "-o", str(out), "--data-dir", str(data_dir)]) == 1
    assert "Could not save" in capsys.readouterr().err
    assert out.read_bytes() == b"the old brief"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["brief.pdf"]
