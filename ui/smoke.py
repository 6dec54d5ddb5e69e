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
import traceback
from collections.abc import Callable
from contextlib import suppress
from importlib import metadata
from pathlib import Path
from typing import TextIO

IMPORTED_AT = time.perf_counter()  # when ui.smoke was imported (main.py imports it first thing)

SMOKE_TARGET_SECONDS = 10.0
SMOKE_SERVICE = "EleaDesktop-smoke"  # keyring entry written and deleted by the keyring check

OK = "OK  "
FAILED = "ÉCHEC"
SKIPPED = "SAUTÉ"


class CheckFailed(Exception):
    """A check that ran but whose result is wrong (the message is the reason)."""


class SkipCheck(Exception):
    """A check that cannot run yet (the message says why)."""


# --------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------
class Reporter:
    """Prints the lines to stdout (or the parent console on Windows) and to an optional report file."""

    def __init__(self, report_path: Path | None = None) -> None:
        self.streams: list[TextIO] = []
        console = sys.stdout if sys.stdout is not None else _windows_parent_console()
        if console is not None:
            self.streams.append(console)
        self._file = None
        if report_path is not None:
            self._file = open(report_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
            self.streams.append(self._file)
        self.lines: list[str] = []

    def line(self, text: str) -> None:
        self.lines.append(text)
        for stream in self.streams:
            with suppress(OSError, ValueError):
                stream.write(text + "\n")
                stream.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _windows_parent_console() -> TextIO | None:
    """A windowed Windows build has ``sys.stdout is None``: write to the console that started us, if any."""
    if sys.platform != "win32":
        return None
    try:
        import ctypes

        attach_parent_process = -1
        if not ctypes.windll.kernel32.AttachConsole(attach_parent_process):  # type: ignore[attr-defined]
            return None
        return open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115 - process lifetime
    except (OSError, AttributeError):
        return None


def format_ok(name: str, detail: str) -> str:
    return f"{OK}{name} ({detail})"


def format_failed(name: str, reason: str) -> str:
    return f"{FAILED} {name}: {reason}"


def format_skipped(name: str, reason: str) -> str:
    return f"{SKIPPED} {name}: {reason}"


# --------------------------------------------------------------------------------------------------
# Process age (for --startup-time)
# --------------------------------------------------------------------------------------------------
def process_age() -> float | None:
    """Seconds since this process was created by the OS, or None if the platform does not tell.

    Linux: ``/proc/self/stat`` field 22 (start time in clock ticks after boot, 10 ms resolution)
    against ``CLOCK_BOOTTIME``. Windows: ``GetProcessTimes`` creation time against the system time.
    In a PyInstaller one-folder build the bootloader runs Python in the same process, so this
    includes the bootloader, the interpreter start-up and every import.
    """
    try:
        if sys.platform.startswith("linux"):
            stat = Path("/proc/self/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()  # the command name may contain spaces
            start_ticks = int(fields[19])  # field 22 overall; fields[0] is field 3
            started = start_ticks / os.sysconf("SC_CLK_TCK")
            return time.clock_gettime(time.CLOCK_BOOTTIME) - started
        if sys.platform == "win32":
            return _windows_process_age()
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return None


def _windows_process_age() -> float | None:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    filetime_p = ctypes.POINTER(wintypes.FILETIME)
    # HANDLE is 64-bit: without restype/argtypes ctypes would pass the pseudo-handle as a 32-bit int
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.GetProcessTimes.argtypes = [wintypes.HANDLE, filetime_p, filetime_p, filetime_p, filetime_p]
    kernel32.GetProcessTimes.restype = wintypes.BOOL
    kernel32.GetSystemTimeAsFileTime.argtypes = [filetime_p]
    creation, exit_, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
    if not kernel32.GetProcessTimes(
        kernel32.GetCurrentProcess(),
        ctypes.byref(creation),
        ctypes.byref(exit_),
        ctypes.byref(kernel),
        ctypes.byref(user),
    ):
        return None
    kernel32.GetSystemTimeAsFileTime(ctypes.byref(now))

    def ticks(value: wintypes.FILETIME) -> int:
        return (value.dwHighDateTime << 32) | value.dwLowDateTime

    return (ticks(now) - ticks(creation)) / 10_000_000  # FILETIME counts 100 ns


# --------------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------------
class SmokeRun:
    """Runs the checks in order; later checks use what earlier ones produced (export, batch, PDF)."""

    def __init__(self, reporter: Reporter, work_dir: Path) -> None:
        self.reporter = reporter
        self.work_dir = work_dir
        self.data_dir = work_dir / "data"
        self.data_dir.mkdir()
        self.app = None
        self.export = None
        self.directory = None
        self.batch_id = None
        self.pdf_path: Path | None = None
        self.failures = 0
        self.skips = 0

    def run(self, name: str, check: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = check()
        except SkipCheck as skip:
            self.skips += 1
            self.reporter.line(format_skipped(name, str(skip)))
            return
        except Exception as error:  # noqa: BLE001 - every failure becomes one line, the run goes on
            self.failures += 1
            reason = str(error) or type(error).__name__
            if not isinstance(error, CheckFailed):
                reason = f"{type(error).__name__}: {reason}"
                if os.environ.get("ELEA_SMOKE_TRACEBACK"):
                    traceback.print_exc()
            self.reporter.line(format_failed(name, " ".join(reason.split())))
            return
        elapsed = time.perf_counter() - started
        self.reporter.line(format_ok(name, f"{detail} ; {elapsed:.2f} s"))

    # -- Qt -------------------------------------------------------------------------------------------
    def check_qt(self) -> str:
        import PySide6
        from PySide6 import QtCore, QtGui, QtPdf, QtPrintSupport  # noqa: F401 - import is the check
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is None:
            try:
                from ui.app import create_application
            except ImportError:
                app = QApplication([sys.argv[0] if sys.argv else "EleaDesktop"])
            else:
                app = create_application([sys.argv[0] if sys.argv else "EleaDesktop"])
        self.app = app
        platform = QtGui.QGuiApplication.platformName()
        if not platform:
            raise CheckFailed("aucune plateforme Qt chargée")
        # the bundle keeps only the French Qt translation: it must still be found where Qt looks
        translations = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
        french = QtCore.QLocale(QtCore.QLocale.Language.French)
        if not QtCore.QTranslator().load(french, "qtbase", "_", translations):
            raise CheckFailed(f"traduction qtbase_fr introuvable dans {translations}")
        return f"Qt {QtCore.qVersion()}, PySide6 {PySide6.__version__}, plateforme {platform}, qtbase_fr"

    def check_modules(self) -> str:
        import cryptography
        import keyring  # noqa: F401
        import lxml.etree
        import reportlab
        from PySide6.QtPdf import QPdfDocument  # noqa: F401
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # QtPrintSupport really loads
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        libxml = ".".join(str(part) for part in lxml.etree.LIBXML_VERSION)
        return (
            f"QtPdf, QtPrintSupport, lxml {lxml.etree.__version__} (libxml2 {libxml}), "
            f"reportlab {reportlab.Version}, cryptography {cryptography.__version__}"
        )

    def check_fonts(self) -> str:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        from elea_desktop.paths import resource

        folder = resource("fonts")
        fonts = sorted(folder.glob("*.ttf")) + sorted(folder.glob("*.TTF"))
        if not fonts:
            raise CheckFailed(f"aucune police TTF dans {folder}")
        for path in fonts:
            font = TTFont(f"smoke-{path.stem}", str(path))
            pdfmetrics.registerFont(font)
            # the glyphs of French and neighbouring names must exist (never the notdef box)
            for char in "ÉéèàçœŒŁąşİ":
                if ord(char) not in font.face.charWidths:
                    raise CheckFailed(f"{path.name} n'a pas le glyphe « {char} »")
        return f"{len(fonts)} TTF : " + ", ".join(path.stem for path in fonts)

    def check_keyring(self) -> str:
        import keyring
        from keyring.errors import KeyringError

        from elea_desktop.credentials.vault import Vault

        # A frozen build without keyring's metadata finds no backend at all and silently looks like a
        # machine without a credential store (jaraco/keyring #591, #468): check the entry points first.
        entry_points = {ep.name: ep for ep in metadata.entry_points(group="keyring.backends")}
        native = {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "SecretService")
        if native not in entry_points:
            found = ", ".join(sorted(entry_points)) or "aucun"
            raise CheckFailed(f"keyring ne trouve pas ses trousseaux (points d'entrée : {found})")
        entry_points[native].load()  # the module of this platform's store imports
        backend = keyring.get_keyring()
        backend_label = f"{type(backend).__module__}.{type(backend).__name__}"
        system_store = "indisponible"
        try:
            keyring.set_password(SMOKE_SERVICE, "probe", "smoke")
            try:
                if keyring.get_password(SMOKE_SERVICE, "probe") != "smoke":
                    raise CheckFailed(f"{backend_label} a relu une autre valeur que celle écrite")
            finally:
                with suppress(KeyringError):
                    keyring.delete_password(SMOKE_SERVICE, "probe")
            system_store = "utilisable"
        except KeyringError as error:
            system_store = f"indisponible ({type(error).__name__})"
        if sys.platform == "win32" and "WinVault" not in _backend_names(backend):
            raise CheckFailed(f"le Gestionnaire d'identification Windows n'est pas utilisé ({backend_label})")

        vault_dir = self.work_dir / "vault-check"
        vault_dir.mkdir()
        vault = Vault(vault_dir)
        secret = "Mot de passe d'essai : Łukasz-Ştefan 0O1lI".encode()  # noqa: S105 - a throwaway value
        aad = b"smoke/1"
        if vault.decrypt(vault.encrypt(secret, aad=aad), aad=aad) != secret:
            raise CheckFailed("le coffre n'a pas rendu la valeur chiffrée")
        mode = "clé dans un fichier de repli" if vault.uses_fallback else "clé dans le trousseau système"
        return (
            f"trousseau {backend_label} {system_store} ; "
            f"coffre « {vault.backend_name} » : {mode}, chiffré/déchiffré"
        )

    def check_sample(self) -> str:
        from elea_desktop.paths import resource
        from elea_desktop.siecle.reader import read_export

        sample = resource("samples", "ExportXML_ElevesSansAdresses.zip")
        if not sample.is_file():
            raise CheckFailed(f"export d'exemple absent : {sample}")
        self.export = read_export(sample)
        pupils = len(self.export.pupils)
        if pupils == 0:
            raise CheckFailed("l'export d'exemple ne contient aucun élève")
        return f"{sample.name} : {pupils} élèves, {len(self.export.classes())} classes, UAI {self.export.uai}"

    def check_import(self) -> str:
        from elea_desktop.directory.store import Directory
        from elea_desktop.importer.engine import run_import

        if self.export is None:
            raise CheckFailed("pas d'export lu (voir la ligne précédente)")
        self.directory = Directory.open(self.data_dir)
        report = run_import(self.directory, self.export, "new", confirmed=True)
        self.batch_id = report.batch_id
        counts = dict(report.counts)
        if self.batch_id is None:
            raise CheckFailed(f"aucun lot d'identifiants créé ({counts})")
        created = counts.get("users_created", 0)
        if created <= 0:
            raise CheckFailed(f"aucun compte créé ({counts})")
        return f"{created} comptes créés, {counts.get('classes_created', 0)} classes, lot {self.batch_id}"

    def check_pdf(self) -> str:
        from PySide6.QtCore import QSize
        from PySide6.QtPdf import QPdfDocument

        from elea_desktop.credentials.sheets import write_credential_sheets

        if self.directory is None or self.batch_id is None:
            raise CheckFailed("pas de lot importé (voir la ligne précédente)")
        batch = self.directory.load_batch(self.batch_id)
        self.pdf_path = self.work_dir / "fiches.pdf"
        # with the QR code and the class roster: every drawing path, including reportlab.graphics.barcode
        info = write_credential_sheets(self.pdf_path, batch, qr=True, roster=True)
        document = QPdfDocument(None)
        status = document.load(str(self.pdf_path))
        if status != QPdfDocument.Error.None_:
            raise CheckFailed(f"QPdfDocument ne relit pas le PDF ({status.name})")
        pages = document.pageCount()
        if pages <= 0 or pages != info.page_count:
            raise CheckFailed(f"QtPdf lit {pages} pages, le générateur en annonce {info.page_count}")
        if info.slip_count != len(batch.credentials):
            raise CheckFailed(f"{info.slip_count} fiches pour {len(batch.credentials)} identifiants")
        image = document.render(0, QSize(620, 877))
        if image.isNull():
            raise CheckFailed("la première page ne se dessine pas")
        document.close()
        size_kib = self.pdf_path.stat().st_size / 1024
        return f"{pages} pages ({info.slip_count} fiches, {len(info.classes)} classes), {size_kib:.0f} Kio"

    def check_window(self) -> str:
        try:
            from ui.main_window import MainWindow
        except ImportError as error:
            raise SkipCheck(f"ui.main_window n'est pas encore disponible ({error})") from error
        window = MainWindow(self.data_dir)
        window.show()
        if self.app is not None:
            self.app.processEvents()
        title = window.windowTitle()
        visible = window.isVisible()
        window.close()
        window.deleteLater()
        if not visible:
            raise CheckFailed("la fenêtre principale ne s'affiche pas")
        # the SVG icon needs Qt's svg icon-engine and image-format plugins in the bundle
        icon = window.windowIcon()
        if icon.isNull() or icon.pixmap(32, 32).isNull():
            raise CheckFailed("l'icône de l'application ne se charge pas")
        return f"« {title} » construite et affichée hors écran, icône chargée"


def forget_vault_keys(folder: Path) -> None:
    """Delete the credential-store entries of the vaults created under ``folder`` (the smoke run's
    temporary data folders): a smoke run on a real Windows session leaves nothing behind."""
    try:
        import json

        import keyring

        from elea_desktop.credentials.vault import KEYRING, META_NAME, SERVICE
    except ImportError:
        return
    for meta_path in folder.rglob(META_NAME):
        with suppress(Exception):  # best effort: an orphan entry holds nothing usable
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("key_location") == KEYRING:
                keyring.delete_password(SERVICE, f"vault-{meta['vault_id']}")


def _backend_names(backend: object) -> str:
    """The class names of a backend and, for a ChainerBackend, of the backends it chains."""
    names = [type(backend).__name__]
    names += [type(child).__name__ for child in getattr(backend, "backends", ())]
    return " ".join(names)


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
