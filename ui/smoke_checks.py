"""The checks of ``--smoke``, in order: Qt, modules, fonts, keyring, sample export, import, PDF, window.

Every third-party import is inside its check, so that a missing module is that check's failure line rather
than a crash of the whole run.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
from importlib import metadata
from pathlib import Path
from types import BuiltinFunctionType

from ui.smoke_report import Reporter, format_failed, format_ok

SMOKE_SERVICE = "EleaDesktop-smoke"  # keyring entry written and deleted by the keyring check


class CheckFailed(Exception):
    """A check that ran but whose result is wrong (the message is the reason)."""


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

    def run(self, name: str, check: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = check()
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
            from ui.app import create_application

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
        from reportlab.lib import rl_accel

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # QtPrintSupport really loads
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        # Without them reportlab silently falls back to Python code and credential sheets take ~40 % longer.
        if not isinstance(rl_accel.fp_str, BuiltinFunctionType):
            raise CheckFailed("accélérateurs C de reportlab (_rl_accel) absents")
        libxml = ".".join(str(part) for part in lxml.etree.LIBXML_VERSION)
        return (
            f"QtPdf, QtPrintSupport, lxml {lxml.etree.__version__} (libxml2 {libxml}), "
            f"reportlab {reportlab.Version} + _rl_accel, cryptography {cryptography.__version__}"
        )

    def check_fonts(self) -> str:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        from elea_desktop.paths import files_with_suffix, resource

        folder = resource("fonts")
        fonts = files_with_suffix(folder, ".ttf") if folder.is_dir() else []
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

        from elea_desktop.credentials.keyring_choice import chosen_backend_name, current_backend
        from elea_desktop.credentials.vault import Vault

        # A frozen build without keyring's metadata finds no backend at all and silently looks like a
        # machine without a credential store (jaraco/keyring #591, #468): check the entry points first.
        entry_points = {ep.name: ep for ep in metadata.entry_points(group="keyring.backends")}
        native = {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "SecretService")
        if native not in entry_points:
            found = ", ".join(sorted(entry_points)) or "aucun"
            raise CheckFailed(f"keyring ne trouve pas ses trousseaux (points d'entrée : {found})")
        entry_points[native].load()  # the module of this platform's store imports
        # The application's own choice (keyring_choice, as main.py sets it up), not a fresh detection:
        # the backend checked here is the one the vault will use.
        backend = current_backend()
        backend_label = f"{type(backend).__module__}.{type(backend).__name__}"
        chosen = chosen_backend_name()
        if chosen is None:
            how = "réglé par l'utilisateur ou détecté par keyring"
        elif backend_label == chosen:
            how = "choisi d'après le système"
        else:
            how = f"{chosen} inutilisable ici, détecté par keyring"
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
            f"trousseau {backend_label} ({how}) {system_store} ; "
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
        from ui.main_window import MainWindow  # a bundle without the window fails here, loudly

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


def _backend_names(backend: object) -> str:
    """The class names of a backend and, for a ChainerBackend, of the backends it chains."""
    names = [type(backend).__name__]
    names += [type(child).__name__ for child in getattr(backend, "backends", ())]
    return " ".join(names)
