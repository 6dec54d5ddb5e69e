"""The file pickers: French from top to bottom, in Downloads the first time, then where the user went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QLabel, QTreeView

from ui.dialogs import files

ENGLISH = ("Look in", "Files of", "File name", "Folder", "Open", "Cancel", "Save", "Detail View", "Back")


def _shown(qtbot, dialog: QFileDialog) -> QFileDialog:
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # offscreen has no native one anyway
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def test_file_dialog_labels_are_french(qtbot, qapp, tmp_path):
    from ui.app import create_application

    create_application([])
    (tmp_path / "exports" / "2025").mkdir(parents=True)
    (tmp_path / "exports" / "ExportXML_ElevesSansAdresses.zip").write_bytes(b"PK")
    dialog = _shown(qtbot, files.export_dialog(None, str(tmp_path / "exports")))
    view = dialog.findChild(QTreeView, "treeView")
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    model = view.model()
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 2, timeout=10_000)
    folder_row = next(r for r in range(2) if model.index(r, 0, view.rootIndex()).data() == "2025")
    words = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    words += [b.text() or b.toolTip() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    words += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    words.append(model.index(folder_row, 2, view.rootIndex()).data())  # the Type column of a folder
    shown = " | ".join(w.replace("&", "") for w in words if w)
    for english in ENGLISH:
        assert english not in shown, f"« {english} » in the file dialog: {shown}"
    for french in ("Voir dans", "Fichiers de type", "Nom de fichier", "Dossier", "Ouvrir", "Annuler"):
        assert french in shown, f"« {french} » missing from the file dialog: {shown}"
    filters = dialog.findChild(QComboBox, "fileTypeCombo")
    assert filters.currentText().startswith("Export SIECLE")


def test_export_dialog_opens_in_downloads_then_where_the_last_file_was(qtbot, qapp, tmp_path,
                                                                       user_settings):
    dialog = _shown(qtbot, files.export_dialog(None))
    assert dialog.directory().absolutePath() == str(user_settings)  # first time: Téléchargements
    elsewhere = tmp_path / "clé USB"
    elsewhere.mkdir()
    export = elsewhere / "ExportXML_ElevesSansAdresses.zip"
    export.write_bytes(b"PK")
    dialog.selectFile(str(export))
    dialog.accept()
    assert files.chosen_export(dialog) == export
    again = _shown(qtbot, files.export_dialog(None))
    assert again.directory().absolutePath() == str(elsewhere)


def test_save_dialog_starts_in_the_folder_saved_to_last(qtbot, qapp, tmp_path, monkeypatch):
    chosen = tmp_path / "fiches"
    chosen.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(chosen / "identifiants"), "")))
    path = files.choose_save_file(None, "Enregistrer", files.documents_folder() / "x.pdf", files.PDF_FILTER)
    assert path == chosen / "identifiants.pdf"
    assert files.documents_folder() == chosen
