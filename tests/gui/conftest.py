"""GUI test kit: a window on a private data folder, every dialog patched, a real drop of a real file.

No dialog is ever exec()'d: the functions of ``ui.dialogs`` that open them are replaced by recorders.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.siecle_factory import generate_pupils, write_export

WAIT_MS = 30_000  # generous: CI machines are slow; a passing run never waits this long


@dataclass
class Dialogs:
    """What the window asked or told, and the answers the test chose."""

    answer: bool = True
    save_path: Path | None = None
    export_path: Path | None = None
    printer_setup: object = None  # callable(printer) -> bool
    questions: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    crashes: list = field(default_factory=list)
    moodle: list = field(default_factory=list)
    opened: list = field(default_factory=list)
    infos: list = field(default_factory=list)
    welcomes: list = field(default_factory=list)

    def ask(self, parent, title, text, **kwargs):
        self.questions.append((title, text, kwargs.get("informative", "")))
        return self.answer


@pytest.fixture(autouse=True)
def user_settings(tmp_path, monkeypatch):
    """The window's remembered folders (QSettings) and the user's folders (Téléchargements…) of a
    private home: no test reads or writes the developer's."""
    from PySide6.QtCore import QSettings

    config = tmp_path / "config"
    downloads = tmp_path / "Téléchargements"
    config.mkdir()
    downloads.mkdir()
    (config / "user-dirs.dirs").write_text(f'XDG_DOWNLOAD_DIR="{downloads}"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(config))
    return downloads


@pytest.fixture
def dialogs(monkeypatch):
    from ui import credentials_actions
    from ui.dialogs import confirm, errors, files, notices, welcome

    rec = Dialogs()
    monkeypatch.setattr(confirm, "ask", rec.ask)
    monkeypatch.setattr(errors, "show_error", lambda parent, title, text: rec.errors.append((title, text)))
    monkeypatch.setattr(errors, "show_info", lambda parent, title, text: rec.infos.append((title, text)))
    monkeypatch.setattr(notices, "show_notice",
                        lambda parent, title, text, details: rec.infos.append((title, text, details)))
    monkeypatch.setattr(welcome, "show_welcome", lambda parent, data_dir, on_saved: rec.welcomes.append(
        (data_dir, on_saved)))
    monkeypatch.setattr(errors, "show_crash", lambda parent, details, log: rec.crashes.append(details))
    monkeypatch.setattr(files, "choose_export_file", lambda parent, start_dir="": rec.export_path)
    monkeypatch.setattr(files, "choose_export_files", lambda parent, start_dir="": (
        list(rec.export_path) if isinstance(rec.export_path, list) else [rec.export_path] if rec.export_path
        else []))
    monkeypatch.setattr(files, "choose_save_file", lambda parent, title, default, flt: rec.save_path)
    monkeypatch.setattr(files, "choose_printer",
                        lambda parent, printer, pages, title="": bool(rec.printer_setup
                                                                      and rec.printer_setup(printer)))
    monkeypatch.setattr(files, "open_with_system", lambda path: rec.opened.append(path) or True)
    monkeypatch.setattr(credentials_actions, "show_moodle_instructions",
                        lambda parent, result: rec.moodle.append(result))
    yield rec
    assert not rec.crashes, "unexpected error dialog:\n" + "\n".join(rec.crashes)


@pytest.fixture
def window(qtbot, data_dir, dialogs):
    from ui.app import create_application
    from ui.main_window import MainWindow

    create_application([])
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.importer.state_loaded, timeout=WAIT_MS):
        win.show()
    yield win
    dialogs.answer = True  # the closing question (if any) lets the window go
    win.close()


def make_export(folder: Path, n: int = 60, name: str = "ExportXML_ElevesSansAdresses.zip", **kw) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pupils = kw.pop("pupils", None) or generate_pupils(n, classes=kw.pop("classes", ("6A", "6B", "5A")))
    return write_export(folder / name, pupils, **kw)


def drop_file(widget, path: Path | list) -> None:
    """The same events a file manager's drag produces: enter, then drop, with file:// URLs (one per file
    when ``path`` is a list: several files dragged together)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (path if isinstance(path, list) else [path])])
    centre = QPointF(widget.rect().center())
    # QDragEnterEvent takes a QPoint (Qt's C++ signature), QDropEvent a QPointF
    enter = QDragEnterEvent(widget.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the drop zone refused a local file"
    drop = QDropEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()


def drop_and_import(qtbot, window, path: Path):
    """A first import as a user does it: drop the file, click Importer; returns the import's result (no
    password choice: the directory has no accounts yet)."""
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone, path)
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def directory_dump(data_dir: Path) -> str | None:
    """Every row of the account directory, to prove that nothing changed."""
    db = data_dir / "comptes.sqlite3"
    if not db.exists():
        return None
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def pdf_pages(path: Path) -> int:
    from ui.printing import page_count

    return page_count(path)


def pdf_printer(path):
    """A ``dialogs.printer_setup`` that sends the job to a PDF file instead of a printer."""
    from PySide6.QtPrintSupport import QPrinter

    def setup(printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return setup


def pdf_text(path) -> str:
    """Words separated by single spaces: Qt's PDF printer puts tabs between them."""
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
