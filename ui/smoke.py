"""``EleaDesktop --smoke``: check, without a screen, that a build (frozen or not) really works.

One line per check, ``OK  <check> (<detail>)`` or ``ÉCHEC <check>: <reason>``, then the total time;
the exit code is 0 only if every check passed. Everything is written to a temporary folder that is
removed at the end: the user's data folder is never touched.

``--startup-time`` instead creates the application and the main window, shows it, waits for the
first paint and prints the milliseconds elapsed since the process started (see ``process_age``).

``--report FILE`` also writes the lines to FILE: on Windows the windowed build has no console, so
``build-windows.ps1`` reads the report file (the exit code is the verdict either way).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

IMPORTED_AT = time.perf_counter()  # when ui.smoke was imported (main.py imports it first thing)

from ui.process_age import process_age  # noqa: E402 - below IMPORTED_AT: the startup figure counts them
from ui.smoke_checks import SMOKE_SERVICE, CheckFailed, SmokeRun  # noqa: E402
from ui.smoke_report import FAILED, OK, Reporter, format_failed, format_ok  # noqa: E402

__all__ = [
    "FAILED",
    "IMPORTED_AT",
    "OK",
    "SMOKE_SERVICE",
    "SMOKE_TARGET_SECONDS",
    "CheckFailed",
    "Reporter",
    "SmokeRun",
    "format_failed",
    "format_ok",
    "forget_vault_keys",
    "main",
    "process_age",
    "run_smoke",
    "run_startup_time",
]

SMOKE_TARGET_SECONDS = 10.0


def forget_vault_keys(folder: Path) -> None:
    """Delete the credential-store entries of the vaults created under ``folder`` (the smoke run's
    temporary data folders): a smoke run on a real Windows session leaves nothing behind."""
    try:
        import json

        from elea_desktop.credentials.keyring_backend import delete_entry
        from elea_desktop.credentials.vault import KEYRING, META_NAME
    except ImportError:
        return
    for meta_path in folder.rglob(META_NAME):
        with suppress(Exception):  # best effort: an orphan entry holds nothing usable
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("key_location") == KEYRING:
                delete_entry(f"vault-{meta['vault_id']}")


# --------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------
def run_smoke(reporter: Reporter) -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="elea-smoke-", ignore_cleanup_errors=True) as tmp:
        smoke = SmokeRun(reporter, Path(tmp))
        smoke.run("Qt", smoke.check_qt)
        smoke.run("modules", smoke.check_modules)
        smoke.run("polices", smoke.check_fonts)
        smoke.run("trousseau", smoke.check_keyring)
        smoke.run("export exemple", smoke.check_sample)
        smoke.run("import", smoke.check_import)
        smoke.run("fiches PDF", smoke.check_pdf)
        smoke.run("fenêtre", smoke.check_window)
        if smoke.directory is not None:  # release the database before the folder goes away (Windows)
            with suppress(Exception):
                smoke.directory.close()
            smoke.directory = None
        forget_vault_keys(Path(tmp))
        total = time.perf_counter() - started
        verdict = "réussi" if smoke.failures == 0 else f"{smoke.failures} échec(s)"
        reporter.line(f"Total : {total:.2f} s (cible < {SMOKE_TARGET_SECONDS:.0f} s) — {verdict}")
    return 0 if smoke.failures == 0 else 1


def run_startup_time(reporter: Reporter) -> int:
    """Application + main window, shown; prints the time to the first paint, then quits."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import create_application
    from ui.main_window import MainWindow

    app = QApplication.instance() or create_application([sys.argv[0] if sys.argv else "EleaDesktop"])
    result: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if "painted" not in result and event.type() in (QEvent.Type.Paint, QEvent.Type.Expose):
                result["painted"] = time.perf_counter()
                result["age"] = process_age() or -1.0
                QTimer.singleShot(0, app.quit)
            return False

    with tempfile.TemporaryDirectory(prefix="elea-startup-", ignore_cleanup_errors=True) as tmp:
        window = MainWindow(Path(tmp))
        spy = FirstPaint()
        window.installEventFilter(spy)
        window.show()
        QTimer.singleShot(5000, app.quit)  # never hang: no paint within 5 s is a failure
        app.exec()
        window.removeEventFilter(spy)
        window.close()
        window.deleteLater()
        forget_vault_keys(Path(tmp))
        if "painted" not in result:
            reporter.line(format_failed("démarrage", "aucun affichage de la fenêtre en 5 s"))
            return 1
        since_import = (result["painted"] - IMPORTED_AT) * 1000
        age = result["age"]
        since_process = f"{age * 1000:.0f} ms depuis le lancement du processus" if age >= 0 else "âge inconnu"
        reporter.line(
            format_ok(
                "démarrage",
                f"{since_process}, {since_import:.0f} ms depuis l'import de ui.smoke, "
                f"plateforme {app.platformName()}",
            )
        )
        reporter.line(f"STARTUP_MS {age * 1000:.0f}" if age >= 0 else f"STARTUP_MS {since_import:.0f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    startup = "--startup-time" in argv
    report_path = None
    if "--report" in argv:
        index = argv.index("--report")
        if index + 1 >= len(argv):
            print("--report demande un chemin de fichier", file=sys.stderr)
            return 2
        report_path = Path(argv[index + 1])
    if startup:
        # A real screen can be measured with QT_QPA_PLATFORM set; without it, offscreen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    else:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported: no screen needed
    reporter = Reporter(report_path)
    try:
        return run_startup_time(reporter) if startup else run_smoke(reporter)
    except Exception as error:  # noqa: BLE001 - a windowed build would show a blocking traceback dialog
        reporter.line(format_failed("smoke", f"{type(error).__name__}: {' '.join(str(error).split())}"))
        return 1
    finally:
        reporter.close()


if __name__ == "__main__":
    sys.exit(main())
