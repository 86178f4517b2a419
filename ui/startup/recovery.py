"""Start-up with care: one window per folder, and a way out of a damaged, missing or too-new file."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from planner.errors import AmendsError
from planner.store.paths import LOCK_FILE, database_path, ensure_data_dir, make_private
from ui.startup.bus_guard import no_bus_autolaunch
from ui.startup.first_paint import paint_now, ready, report
from ui.startup.single_instance import Outcome, SingleInstance, bring_forward
from ui.window.main_window import MainWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from planner.store.integrity import CorruptDatabaseError, MissingDatabaseError
    from ui.startup.session import Opened

    Recoverable = CorruptDatabaseError | MissingDatabaseError

RESTORE, OTHER_FOLDER, START_EMPTY, QUIT = "restore", "other-folder", "start-empty", "quit"


def run_with_recovery(app: QApplication, data_dir: Path) -> int:
    """Claim the folder, show the window, open the data in it (offering a way out of a bad
    file), run the app."""
    while True:
        try:
            ensure_data_dir(data_dir)  # the lock lives in the folder
        except AmendsError as exc:
            print(f"amends: {exc}", file=sys.stderr)
            tell("critical", "Amends cannot open your data", str(exc))
            return 1
        guard = SingleInstance(data_dir)
        claim = guard.claim(listen=False)
        make_private(data_dir / LOCK_FILE)  # the umask made it so already; an old one may not be
        if claim.outcome is Outcome.ACTIVATED:
            print(f"amends: {claim.message}")
            return 0
        if claim.outcome is Outcome.REFUSED:
            print(f"amends: {claim.message}", file=sys.stderr)
            tell("warning", "Amends is already open", claim.message)
            return 1
        # The frame goes on screen first, so the user sees Amends start while the data opens.
        with no_bus_autolaunch():  # its menu bar asks the session bus about a global menu
            window = MainWindow(data_dir)
        guard.setParent(window)  # lives, and holds the lock, as long as the window
        bring_forward(window)  # keyboard focus from the first moment, even without a window manager
        paint_now(window)
        report("shown")
        if not window.isVisible():  # closed while it painted: quit, as the user asked
            close_frame(window, guard)
            return 0
        guard.activation_requested.connect(lambda w=window: bring_forward(w))
        install_error_reporter(data_dir)
        # Imported only now, with the frame on screen: what opening and its errors need.
        import sqlite3

        from planner.store.environment import describe
        from planner.store.integrity import CorruptDatabaseError, MissingDatabaseError

        try:
            opened = open_data(data_dir)
            window.attach_data(opened.conn)
        except (CorruptDatabaseError, MissingDatabaseError) as exc:
            print(f"amends: {exc}", file=sys.stderr)
            close_frame(window, guard)
            next_dir = recover(exc, data_dir)
            if next_dir is None:
                return 1
            data_dir = next_dir
            continue
        except (AmendsError, OSError, sqlite3.Error) as exc:
            message = describe(exc, database_path(data_dir))  # an AmendsError's own text
            print(f"amends: {message}", file=sys.stderr)
            close_frame(window, guard)
            tell("critical", "Amends cannot open your data", message)
            return 1
        # SIGTERM at logout saves the last edit, as Ctrl+Q does. Installed once the window holds
        # the data (before that there is no edit to save), when the Qt types it needs are set up.
        install_shutdown(app)
        for notice in getattr(window.ctx.conn, "notices", ()):  # e.g. a damaged log kept aside
            tell("warning", "Some recent changes could not be read", notice)
        # The workspace, the menus, answering a second start (which keeps knocking for a while:
        # SingleInstance.claim), the day's check and backup: all once the data is painted.
        from ui.startup.session import Session

        session = Session(window, opened, listen=guard.listen)
        code = ready(window, then=session.start, parts=window.data_widgets(),
                     interactive=session.interactive)
        session.end()
        return code


def open_data(data_dir: Path) -> Opened:
    """Open the data folder's file (checked as the policy asks, migrated), adding the sample on
    the first start. A due day's check has its write lock taken before this returns."""
    # Imported here: the planner loads while the window frame is already shown.
    from planner.store.check_policy import DayCheck
    from planner.store.db import as_database, open_data_connection
    from planner.store.settings import SAMPLE_OFFERED, get_setting
    from ui.startup.session import Opened

    conn, day_check_due = open_data_connection(data_dir)
    try:
        if get_setting(conn, SAMPLE_OFFERED) is None:
            # The first start (a file that has had a session always has the setting):
            # adding the sample is the one write before the day's check, on a new file.
            from planner.sample import add_sample_on_first_start

            add_sample_on_first_start(as_database(conn))
        check = DayCheck(data_dir) if day_check_due else None
        if check is not None and not check.lock():
            check = None
    except BaseException:
        conn.close()
        raise
    return Opened(conn, check)


def tell(kind: str, title: str, text: str) -> None:
    """A start-up problem in a message box of `kind` ("critical", "warning") with no window behind it."""
    from PySide6.QtWidgets import QMessageBox  # loaded only when something is wrong

    getattr(QMessageBox, kind)(None, title, text)


def install_shutdown(app: QApplication) -> None:
    """Let SIGTERM, SIGHUP and Ctrl+C close the windows the saving way (ui/startup/shutdown.py)."""
    from ui.startup.shutdown import install  # after the first frame, like the error reporter

    install(app)


def install_error_reporter(data_dir: Path) -> None:
    """Log unexpected errors to the data folder and show them calmly (after the first frame)."""
    from ui.startup.error_reporting import install_error_reporter as install

    install(data_dir)


def close_frame(window: MainWindow, guard: SingleInstance) -> None:
    """Take down a window whose data could not be opened, giving the folder up."""
    guard.release()
    window.close()
    window.deleteLater()


def recover(exc: Recoverable, data_dir: Path) -> Path | None:
    """Act on the user's choice; the folder to try next, or None to quit."""
    import sqlite3

    from planner.store.environment import describe
    from planner.store.integrity import start_empty

    choice = ask_recovery(exc)
    if choice == RESTORE and exc.backup is not None:
        from planner.store.restore import restore_backup

        try:
            restore_backup(None, data_dir, exc.backup.path)
        except (AmendsError, OSError, sqlite3.Error) as problem:
            tell("critical", "The backup could not be restored",
                                 describe(problem, database_path(data_dir)))
            return None
        return data_dir
    if choice == START_EMPTY:
        start_empty(data_dir)
        return data_dir
    if choice == OTHER_FOLDER:
        from PySide6.QtWidgets import QFileDialog  # rarely needed: kept off the start-up path

        chosen = QFileDialog.getExistingDirectory(None, "Choose a data folder for Amends", str(data_dir.parent))
        return Path(chosen) if chosen else None
    return None


def ask_recovery(exc: Recoverable) -> str:
    """Ask what to do about a damaged or missing data file; returns RESTORE, OTHER_FOLDER, ..."""
    box, choices = recovery_box(exc)
    box.exec()
    clicked = box.clickedButton()
    return next((choice for button, choice in choices.items() if button is clicked), QUIT)


def recovery_box(exc: Recoverable) -> tuple[QMessageBox, dict[QPushButton, str]]:
    """The start-up question, built separately so tests can look at it without running it."""
    from PySide6.QtWidgets import QMessageBox

    from planner.store.integrity import CorruptDatabaseError

    damaged = isinstance(exc, CorruptDatabaseError)
    box = QMessageBox(QMessageBox.Icon.Warning, "Your data file is damaged" if damaged
                      else "Your data file is missing", str(exc))
    box.setInformativeText(
        "Nothing has been deleted. Restore the newest backup, open another data folder, or quit "
        "and look into it first." if exc.backup is not None else
        "There is no intact backup. You can start with an empty file (the damaged copy stays "
        "where it is), open another data folder, or quit and look into it first."
    )
    choices: dict[QPushButton, str] = {}
    if exc.backup is not None:
        when = exc.backup.taken_at.astimezone().strftime("%d %b %Y %H:%M")
        choices[box.addButton(f"Restore backup of {when}", QMessageBox.ButtonRole.AcceptRole)] = RESTORE
    else:
        choices[box.addButton("Start with an empty file", QMessageBox.ButtonRole.DestructiveRole)] = START_EMPTY
    choices[box.addButton("Choose another data folder…", QMessageBox.ButtonRole.ActionRole)] = OTHER_FOLDER
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    choices[quit_button] = QUIT
    box.setEscapeButton(quit_button)
    box.setDefaultButton(next(iter(choices)))
    return box, choices
