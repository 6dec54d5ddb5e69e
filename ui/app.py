"""QApplication set-up: identity, icon, French Qt strings, logging, a crash path that never kills the app."""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from elea_desktop import paths
from elea_desktop.errors import EleaError

APP_NAME = "Éléa Desktop"
ORGANISATION = "Éléa Desktop"
LOG_NAME = "elea-desktop.log"
MIN_POINT_SIZE = 10  # secretariat screens: never smaller than this
GIL_SWITCH_INTERVAL = 0.0005

log = logging.getLogger("ui")
_log_path: Path | None = None
_fault_file = None


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="elea-desktop", add_help=False)
    parser.add_argument("archive", nargs="?", default=None)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--no-crash-dialog", action="store_true")
    # Qt's own options (-style, -platform …) may follow: keep them for QApplication.
    args, _unknown = parser.parse_known_args(argv)
    return args


def setup_logging(data_dir: Path) -> Path:
    """A rotating log in the data folder: what support needs, never a password (the core logs none)."""
    global _log_path
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = (log_dir / LOG_NAME).resolve()
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_elea_window", False)]:
        if Path(old.baseFilename) == path:
            break
        root.removeHandler(old)  # another data folder (tests, --data-dir): one log per folder
        old.close()
    else:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler._elea_window = True  # type: ignore[attr-defined]
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
        )
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    _log_path = path
    return path


def enable_crash_traces(path: Path) -> None:
    """A crash inside Qt kills the process before any Python handler runs: faulthandler still writes the
    Python stacks of every thread, to this file (the windowed build has no console), for support."""
    global _fault_file
    with contextlib.suppress(OSError):
        _fault_file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the process
        faulthandler.enable(_fault_file, all_threads=True)


def log_path() -> Path | None:
    return _log_path


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (or the existing one, as in tests), configured for a French office desktop."""
    # Import and printing run on worker threads in Python: every call Qt makes into our widgets needs the
    # GIL, so a busy worker must hand it over quickly. 0.5 ms instead of 5 ms: the window's longest stall
    # during a 5,000-pupil import drops from ~100 ms to ~25 ms (bench/bench_gui_stall.py), same import time.
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    app = QApplication.instance()
    if app is None:
        # Fractional Windows scalings (125 %, 150 %) rendered without rounding: crisp text at any DPI.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        # Like QApplication itself: argv[0] is the program; Qt's own options (-style …) may follow.
        app = QApplication(list(argv) if argv else [sys.argv[0] if sys.argv else "elea-desktop"])
    app.setApplicationName("elea-desktop")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName("elea-desktop")
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    install_french_translations(app)
    font = app.font()
    if font.pointSizeF() > 0 and font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)
    return app


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("elea-desktop.svg", "elea-desktop.png"):
        path = paths.resource("icons", name)
        if path.is_file():
            icon.addFile(str(path))
    return icon


def install_french_translations(app: QApplication) -> None:
    """Qt's own strings (file and print dialogs, Oui/Non…) in French: ours first, then PySide6's copy."""
    if getattr(app, "_elea_translators", None):
        return
    from ui.qt_french import FrenchSupplement

    # First: Qt asks the last installed translator first, so the supplement only fills qtbase_fr's gaps.
    supplement = FrenchSupplement(app)
    app.installTranslator(supplement)
    translators = [supplement]
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for folder in (paths.resource("translations"), qt_folder):
        translator = QTranslator(app)
        if translator.load(QLocale(QLocale.Language.French), "qtbase", "_", str(folder)):
            app.installTranslator(translator)
            translators.append(translator)
            break
    app._elea_translators = translators  # type: ignore[attr-defined]  # kept alive with the app


def format_exception(exc_type, exc, tb) -> str:
    return "".join(traceback.format_exception(exc_type, exc, tb))


def install_excepthook(show_dialog: bool = True) -> None:
    """An unexpected error is logged and shown with copyable details; the application keeps running."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = format_exception(exc_type, exc, tb)
        log.error("Unexpected error:\n%s", details)
        if show_dialog and QApplication.instance() is not None:
            try:
                from ui.dialogs.errors import show_crash

                show_crash(QApplication.activeWindow(), details, str(_log_path) if _log_path else None)
            except Exception:  # noqa: BLE001 - the crash path must never raise itself
                sys.__excepthook__(exc_type, exc, tb)

    def thread_hook(args):
        # Worker jobs catch everything; this is the net for any other thread.
        log.error("Unexpected error in thread %s:\n%s", args.thread.name if args.thread else "?",
                  format_exception(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = hook
    threading.excepthook = thread_hook


def run(argv: list[str]) -> int:
    """``main.py [ARCHIVE] [--data-dir DIR]``: the window, with the archive already dropped if given."""
    args = parse_args(list(argv))
    try:
        data_dir = paths.data_dir(args.data_dir)
    except (OSError, EleaError) as exc:
        message = getattr(exc, "message", None) or f"Impossible d'utiliser le dossier de données : {exc}"
        print(message, file=sys.stderr)
        create_application([])
        from ui.dialogs import errors

        errors.show_error(None, "Dossier de données", message)  # the window's users never see stderr
        return 1
    log_file = setup_logging(data_dir)
    enable_crash_traces(log_file.parent / "plantage-natif.log")
    log.info("Starting the window (data folder %s)", data_dir)
    app = create_application([])
    install_excepthook(show_dialog=not args.no_crash_dialog)

    from ui.main_window import MainWindow

    archive = Path(args.archive).expanduser() if args.archive else None
    window = MainWindow(data_dir, archive)
    window.show()
    code = app.exec()
    # The loop can end without a close event (session logout): still let the jobs roll back and end,
    # a QThread destroyed while running aborts the process.
    window.jobs.cancel_all()
    window.jobs.wait_all()
    log.info("Window closed (exit code %s)", code)
    return int(code)
