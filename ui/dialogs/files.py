"""File pickers and the print dialog: the seams tests patch (they never open a real dialog)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ui.dialogs import folders

EXPORT_FILTER = "Export SIECLE (*.zip *.xml *.ZIP *.XML)"
PDF_FILTER = "Document PDF (*.pdf)"
CSV_FILTER = "Fichier CSV pour Moodle (*.csv)"
DIRECTORY_FILTER = "Export de l'annuaire Éléa Desktop (*.elea)"


EXPORT_TITLE = "Sélectionnez le fichier exporté depuis SIECLE"


def export_dialog(parent: QWidget | None, start_dir: str = "") -> QFileDialog:
    """The file picker of step 1: the platform's own dialog where it has one (Windows, macOS, GNOME…),
    opened in the folder of the last export, or in Downloads, where SIECLE's export lands."""
    dialog = QFileDialog(parent, EXPORT_TITLE, start_dir or str(folders.start_folder(folders.EXPORT)),
                         EXPORT_FILTER)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return dialog


def chosen_export(dialog: QFileDialog) -> Path | None:
    """The file the accepted dialog holds; its folder becomes the next start folder."""
    selected = dialog.selectedFiles()
    if not selected or not selected[0]:
        return None
    path = Path(selected[0])
    folders.remember(folders.EXPORT, path.parent)
    return path


def chosen_exports(dialog: QFileDialog) -> list[Path]:
    """Every file the accepted dialog holds (a cité scolaire picks one per establishment)."""
    paths = [Path(name) for name in dialog.selectedFiles() if name]
    if paths:
        folders.remember(folders.EXPORT, paths[0].parent)
    return paths


def choose_export_files(parent: QWidget, start_dir: str = "") -> list[Path]:
    """The picker of step 1; several files can be selected (Ctrl+clic) for a cité scolaire."""
    dialog = export_dialog(parent, start_dir)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    return chosen_exports(dialog)


def choose_export_file(parent: QWidget, start_dir: str = "") -> Path | None:
    dialog = export_dialog(parent, start_dir)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return chosen_export(dialog)


def choose_save_file(parent: QWidget, title: str, default_path: Path, file_filter: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(default_path), file_filter)
    if not name:
        return None
    path = Path(name)
    folders.remember(folders.SAVE, path.parent)
    suffix = default_path.suffix
    # Some desktops return the typed name without the extension the filter implies.
    return path if path.suffix.lower() == suffix.lower() else path.with_name(path.name + suffix)


def choose_open_file(parent: QWidget, title: str, file_filter: str) -> Path | None:
    """An existing file to read (a directory export to restore), from the folder used last time."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(folders.start_folder(folders.SAVE)), file_filter)
    return Path(name) if name else None


def choose_printer(parent: QWidget, printer: QPrinter, page_count: int,
                   title: str = "Imprimer les identifiants") -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
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
    """Where « Enregistrer » proposes to save: the folder used last time, else Documents."""
    return folders.start_folder(folders.SAVE)


def open_with_system(path: Path) -> bool:
    """Opens a file or folder with the desktop's own application (PDF reader, file manager)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
