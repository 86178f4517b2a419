"""Connect a calendar: server address, user name and password, then pick one of the user's
calendars or make "Amends follow-ups". Signing in and looking up run off the GUI thread."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.calendar.sync.account import DEFAULT_CALENDAR_NAME, rep_name, set_rep_name
from planner.timeutil import now_utc
from ui.background import Job
from ui.context import AppContext

NEW = "new"  # the combo's data for "make a new calendar"


class ConnectDialog(QDialog):
    """The form; ``connected`` carries the service's Connected once the account is stored."""

    connected = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: Job | None = None
        self.password_kept = True
        self.setWindowTitle("Connect a calendar")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel("Follow-ups and visits go to a calendar on your CalDAV server "
                       "(Nextcloud, iCloud with an app password, Fastmail, Radicale, a team "
                       "calendar…) and changes made there come back. The password is kept in "
                       "the system keyring, never in Amends' data.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://cloud.example.com/remote.php/dav/")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.find = QPushButton("&Find my calendars")
        self.calendars = QComboBox()
        self.calendars.setEnabled(False)
        self.tasks = QCheckBox("Send follow-ups as &tasks (ticking one off marks it done here)")
        self.rep = QLineEdit(rep_name(ctx.db))
        self.rep.setToolTip("Shown in every event, so a team calendar says whose it is.")
        form.addRow("&Server address:", self.url)
        form.addRow("&User name:", self.user)
        form.addRow("&Password:", self.password)
        form.addRow("", self.find)
        form.addRow("&Calendar:", self.calendars)
        form.addRow("", self.tasks)
        form.addRow("&Your name:", self.rep)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("C&onnect",
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        self.connect_button.clicked.connect(self.start_connect)
        self.find.clicked.connect(self.start_find)
        for field in (self.url, self.user, self.password):
            field.textEdited.connect(self._credentials_changed)
        layout.addWidget(self.buttons)

    def _credentials_changed(self) -> None:
        self.calendars.clear()
        self.calendars.setEnabled(False)
        self.connect_button.setEnabled(False)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setStyleSheet("color: palette(highlight);" if not problem else
                                   "color: #b3261e;")
        self.message.setText(text)

    def _run(self, work: Any, done: Any) -> None:
        self.find.setEnabled(False)
        self.connect_button.setEnabled(False)
        self.job = Job(self.ctx.data_dir, work)
        self.job.signals.succeeded.connect(done)
        self.job.signals.failed.connect(self._failed)
        QThreadPool.globalInstance().start(self.job)

    def start_find(self) -> None:
        url, user, password = self.url.text().strip(), self.user.text().strip(), self.password.text()
        if not (url and user and password):
            self._say("Fill in the server address, user name and password first.", problem=True)
            return
        self._say(f"Signing in to {url}…")

        def work(db: Any, report: Any) -> object:
            from planner.calendar.sync.service import discover

            return discover(url, user, password)

        self._run(work, self._found)

    def _found(self, found: object) -> None:
        self.job = None
        self.find.setEnabled(True)
        self.calendars.clear()
        existing = list(found) if isinstance(found, list) else []
        self.calendars.addItem(f"A new calendar, “{DEFAULT_CALENDAR_NAME}”", NEW)
        for calendar in existing:
            label = calendar.name + ("" if "VTODO" not in calendar.components else " (events and tasks)")
            self.calendars.addItem(label, calendar.url)
            if calendar.name == DEFAULT_CALENDAR_NAME:
                self.calendars.setCurrentIndex(self.calendars.count() - 1)
        self.calendars.setEnabled(True)
        self.connect_button.setEnabled(True)
        self.connect_button.setDefault(True)
        noun = "calendar" if len(existing) == 1 else "calendars"
        self._say(f"Signed in. Found {len(existing)} {noun}; pick one, or make a new one.")

    def start_connect(self) -> None:
        url, user, password = self.url.text().strip(), self.user.text().strip(), self.password.text()
        chosen = self.calendars.currentData()
        calendar = None if chosen in (None, NEW) else str(chosen)
        tasks, rep = self.tasks.isChecked(), self.rep.text().strip()
        if rep:
            set_rep_name(self.ctx.db, rep)
        self.ctx.autosaver.flush()
        self._say("Connecting…")

        def work(db: Any, report: Any) -> object:
            from planner.calendar.sync.service import connect

            return connect(db, url, user, password, calendar=calendar, tasks=tasks, now=now_utc())

        self._run(work, self._connected)

    def _connected(self, done: object) -> None:
        self.job = None
        self.password_kept = not getattr(done, "password_note", "")
        self.connected.emit(done)
        self.accept()

    def _failed(self, message: str) -> None:
        self.job = None
        self.find.setEnabled(True)
        self.connect_button.setEnabled(self.calendars.count() > 0)
        self._say(message, problem=True)

    def typed_password(self) -> str:
        return self.password.text()
