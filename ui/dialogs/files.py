"""File pickers and the print dialog: the seams tests patch (they never open a real dialog)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

EXPORT_FILTER = "Export SIECLE (*.zip *.xml *.ZIP *.XML)"
PDF_FILTER = "Document PDF (*.pdf)"
CSV_FILTER = "Fichier CSV pour Moodle (*.csv)"


def choose_export_file(parent: QWidget, start_dir: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Sélectionnez le fichier exporté depuis SIECLE", start_dir or str(Path.home()), EXPORT_FILTER
    )
    return Path(name) if name else None


def choose_save_file(parent: QWidget, title: str, default_path: Path, file_filter: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(default_path), file_filter)
    if not name:
        return None
    path = Path(name)
    suffix = default_path.suffix
    # Some desktops return the typed name without the extension the filter implies.
    return path if path.suffix.lower() == suffix.lower() else path.with_name(path.name + suffix)


def choose_printer(parent: QWidget, printer: QPrinter, page_count: int) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Imprimer les identifiants")
    dialog.setMinMax(1, max(1, page_count))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def open_print_preview(parent: QWidget, printer: QPrinter, paint) -> None:
    """Qt's preview: ``paint(printer)`` draws the pages each time the preview needs them."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Aperçu des identifiants")
    dialog.paintRequested.connect(paint)
    dialog.resize(900, 680)
    dialog.exec()


def documents_folder() -> Path:
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def open_with_system(path: Path) -> bool:
    """Opens a file or folder with the desktop's own application (PDF reader, file manager)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
