"""The steps of `amends --smoke-test`, each using one bundled part the way the app does."""
from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from planner.resources import resources_root
from ui.startup.platform_check import display_problem

# Every resource folder the app reads, each of which must hold at least one file.
RESOURCE_FOLDERS = ("rules", "playbooks", "phrases", "icons", "sample")
# A lame apology that the checker must flag (conditional, deflecting, "but", blame).
LAME_APOLOGY = "We're sorry if you feel upset, but the courier lost the parcel."
WINDOW_TIMEOUT_S = 20.0
# A CalDAV server for the sync step, e.g. a local Radicale: http://127.0.0.1:5232/
SMOKE_SERVER = "AMENDS_SMOKE_CALDAV"


class SmokeFailure(Exception):
    """A smoke step found something wrong; the message says what."""


def need(module: str) -> ModuleType:
    """Import a module the app is built from; its absence is a broken build, said plainly."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise SmokeFailure(f"the module {module} is missing from this build ({exc}).") from exc


def process_age() -> float | None:
    """Seconds since this process started (Linux /proc), or None where that is unknown."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(fields[19]) / ticks  # field 22 of stat: start time in ticks
    except (OSError, ValueError, IndexError):
        return None


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def resources_summary() -> str:
    """Check that every resource folder is there and holds files; say how many."""
    root = resources_root()
    counts = {}
    for folder in RESOURCE_FOLDERS:
        path = root / folder
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []
        if not files:
            raise SmokeFailure(f"the resource folder {path} is missing or empty.")
        counts[folder] = len(files)
    listed = ", ".join(f"{n} {name}" for name, n in counts.items())
    return f"{sum(counts.values())} files ({listed}) in {root}"


def import_every_module() -> str:
    """Import every module of planner and ui: a module the build left out fails here."""
    import pkgutil  # here: every start of the app imports this module (for --smoke-test)

    count = 0
    for package in ("planner", "ui"):
        root = need(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            need(info.name)
            count += 1
    if count < 20:
        raise SmokeFailure(f"only {count} modules were found; the build looks incomplete.")
    return f"all {count} modules of planner and ui import"


# The offscreen plugin says this whenever a window is shown; it is not a problem of ours.
IGNORED_QT_MESSAGES = ("does not support propagateSizeHints",)


class SmokeRun:
    """One smoke run: its temporary folders, the application, the window and what they made."""

    def __init__(self, data_dir: Path, out_dir: Path) -> None:
        self.data_dir = data_dir
        self.out_dir = out_dir
        self.app: Any = None
        self.window: Any = None
        self.sample_id: int | None = None
        self.qt_messages: list[str] = []
        self._previous_handler: Any = None
        self._handler_installed = False

    def prepare_display(self) -> str:
        """Use the desktop when there is one that works, else draw offscreen; say which."""
        if display_problem() is not None:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] or "desktop"

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        """Every step in the order it runs."""
        return [
            ("resources", resources_summary),
            ("modules", import_every_module),
            ("rules", self.rules),
            ("playbooks", self.playbooks),
            ("phrases", self.phrases),
            ("main window", self.main_window),
            ("visit brief", self.brief),
            ("calendar", self.calendar),
            ("sync", self.sync),
            ("close", self.close),
        ]

    def rules(self) -> str:
        lint = need("planner.apology.checker")
        ruleset = lint.load_rules()
        findings = lint.lint(LAME_APOLOGY)
        if not findings:
            raise SmokeFailure(f"the checker found nothing wrong in {LAME_APOLOGY!r}.")
        categories = sorted({f.category for f in findings})
        return (f"{len(ruleset.rules)} rules and {len(ruleset.meta)} meta checks loaded; "
                f"a lame apology got {len(findings)} findings ({', '.join(categories)})")

    def playbooks(self) -> str:
        playbooks = need("planner.playbooks").load_builtin_playbooks()
        files = sorted(need("planner.resources").resource_path("playbooks").glob("*.toml"))
        if not playbooks or len(playbooks) != len(files):
            raise SmokeFailure(f"{len(playbooks)} built-in playbooks loaded from {len(files)} files.")
        return f"{len(playbooks)} built-in playbooks loaded"

    def phrases(self) -> str:
        phrases = need("planner.apology.phrases")
        prompts, caring = phrases.listening_prompts(), phrases.caring_phrases()
        if not prompts or not caring:
            raise SmokeFailure("the listening prompts or caring phrases are empty.")
        return f"{len(prompts)} listening prompts, {len(caring)} groups of caring phrases"

    def main_window(self) -> str:
        from PySide6.QtCore import QEventLoop, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        from ui.branding import brand_application, full_icon

        self._previous_handler = qInstallMessageHandler(self._on_qt_message)
        self._handler_installed = True
        self.app = QApplication.instance() or QApplication(["amends"])
        brand_application(self.app)
        full_icon(self.app)
        self.window = need("ui.startup.gui").open_main_window(self.data_dir)
        self.window.show()
        deadline = time.monotonic() + WINDOW_TIMEOUT_S
        while not (self.window.windowHandle() and self.window.windowHandle().isExposed()):
            if time.monotonic() > deadline:
                raise SmokeFailure(f"the main window was not shown within {WINDOW_TIMEOUT_S:.0f} s.")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        age, times = process_age(), os.times()
        cpu = f"{times.user + times.system:.2f} s CPU"  # steadier than wall time on a busy machine
        shown = f"shown {age:.2f} s after the process started ({cpu})" if age is not None else (
            f"shown ({cpu})")
        if self.app.windowIcon().isNull():
            raise SmokeFailure("the application icon did not load.")
        row = self.window.ctx.db.execute("SELECT id FROM incidents WHERE is_sample = 1").fetchone()
        if row is None:
            raise SmokeFailure("the sample incident was not added on first start.")
        self.sample_id = int(row[0])
        self.window.list_panel.select(self.sample_id)
        keys = [key for key, _label, _factory in need("ui.window.workspace").STEPS]
        for key in keys:
            self.window.workspace.show_step(key)
            self.app.processEvents()
        return f"{shown}; sample incident open; {len(keys)} steps opened"

    def brief(self) -> str:
        brief, brief_pdf = need("planner.visits.brief"), need("ui.visits.brief_pdf")
        data = brief.gather_brief(self.window.ctx.db, self._sample())
        pdf, pages = brief_pdf.render_pdf(brief.brief_html(data), brief.brief_title(data))
        if not pdf.startswith(b"%PDF-") or pages < 1:
            raise SmokeFailure("the brief did not render as a PDF.")
        (self.out_dir / brief.brief_filename(data)).write_bytes(pdf)
        return f"{pages}-page PDF, {len(pdf) // 1024} kB"

    def calendar(self) -> str:
        export = need("planner.calendar.export")
        path = self.out_dir / "amends.ics"
        count = export.export_calendar(self.window.ctx.db, path, incident_id=self._sample(),
                                       now=now())
        raw = path.read_bytes()
        if not raw.startswith(b"BEGIN:VCALENDAR\r\n") or count < 1:
            raise SmokeFailure(f"the calendar file is not a calendar with events ({count}).")
        parsed = need("icalendar").Calendar.from_ical(raw)
        events = len(parsed.walk("VEVENT"))
        if events != count:
            raise SmokeFailure(f"{count} events written but {events} read back.")
        return f"{count} events written to an .ics file and read back by icalendar"

    def sync(self) -> str:
        """HTTPS is in the build (OpenSSL, the CA certificates, the CalDAV client); with a
        server given in AMENDS_SMOKE_CALDAV (and _USER, _PASSWORD) it connects, syncs the
        sample's follow-ups and visit, and deletes them there again."""
        ssl = need("ssl")
        ssl.create_default_context()
        need("caldav")
        need("niquests")
        certificates = len(need("wassima").root_der_certificates())
        if not certificates:
            raise SmokeFailure("no CA certificates were found; HTTPS servers could not be checked.")
        ready = f"HTTPS ready ({ssl.OPENSSL_VERSION}, {certificates} CA certificates)"
        url = os.environ.get(SMOKE_SERVER, "").strip()
        if not url:
            return f"{ready}; no server in {SMOKE_SERVER}, so no sync tried"
        import keyring
        from keyring.backends import null

        keyring.set_keyring(null.Keyring())  # a smoke test never writes to the user's keyring
        service = need("planner.calendar.sync.service")
        user = os.environ.get(f"{SMOKE_SERVER}_USER", "")
        password = os.environ.get(f"{SMOKE_SERVER}_PASSWORD", "")
        db = self.window.ctx.db
        done = service.connect(db, url, user, password, now=now(),
                               calendar=f"Amends smoke test {os.getpid()}")
        report = service.sync_now(db, now=now(), password=password)
        if report.sent < 1:
            raise SmokeFailure(f"the sync sent nothing to {done.account.host}.")
        removed = service.disconnect(db, remove_events=True, password=password)
        return (f"{ready}; {report.sent} events synced to {done.account.host} "
                f"({report.requests} requests) and {removed} removed again")

    def close(self) -> str:
        window, self.window = self.window, None
        if window is None:
            raise SmokeFailure("there is no window to close.")
        if not window.close():
            raise SmokeFailure("the main window refused to close (unsaved changes?).")
        self.app.processEvents()
        window.ctx.db.close()
        window.deleteLater()
        self.app.processEvents()
        return "main window closed, data file closed"

    def cleanup(self) -> None:
        """After a failure: close what is still open so the temporary folder can go."""
        if self.window is not None:
            self.window.ctx.autosaver.flush()
            self.window.hide()
            self.window.ctx.db.close()
            self.window = None
        if self._handler_installed:
            from PySide6.QtCore import qInstallMessageHandler

            qInstallMessageHandler(self._previous_handler)  # give the log back to whoever had it
            self._handler_installed = False

    def _sample(self) -> int:
        if self.sample_id is None:
            raise SmokeFailure("the main window step did not open the sample incident.")
        return self.sample_id

    def _on_qt_message(self, _kind: Any, _context: Any, message: str) -> None:
        if not any(text in message for text in IGNORED_QT_MESSAGES):
            self.qt_messages.append(message)
