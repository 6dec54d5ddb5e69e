"""After « EXPORTER POUR MOODLE »: where the file is, and the exact upload settings to choose in Moodle."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs import files
from ui.text import plural


def instructions_html(result) -> str:
    from elea_desktop.credentials.moodle_csv import COHORT_NOTE_FR, UPLOAD_SETTINGS_FR

    rows = "".join(
        f"<tr><td style='padding:2px 12px 2px 0'>{escape(label)}</td><td><b>{escape(value)}</b></td></tr>"
        for label, value in UPLOAD_SETTINGS_FR
    )
    return (
        f"<p>Le fichier <b>{escape(result.csv_path.name)}</b> ({plural(result.rows, 'utilisateur')}) "
        f"a été enregistré dans <code>{escape(str(result.csv_path.parent))}</code>, avec la notice "
        f"<b>{escape(result.instructions_path.name)}</b>.</p>"
        "<p>Dans Éléa : <i>Administration du site › Utilisateurs › Comptes › Déposer des utilisateurs</i>. "
        "Déposez le fichier puis choisissez ces réglages :</p>"
        f"<table>{rows}</table>"
        f"<p><b>Cohortes :</b> {escape(COHORT_NOTE_FR)}</p>"
        "<p>Ce fichier contient des mots de passe : supprimez-le après le dépôt.</p>"
    )


class MoodleInstructionsDialog(QDialog):
    def __init__(self, result, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Fichier pour Moodle enregistré")
        self.setMinimumSize(620, 460)
        layout = QVBoxLayout(self)
        heading = QLabel("Réglages à choisir lors du dépôt dans Moodle")
        heading.setObjectName("pageLead")
        layout.addWidget(heading)
        self.text = QTextBrowser()
        self.text.setAccessibleName("Réglages du dépôt Moodle")
        self.text.setHtml(instructions_html(result))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        folder = QPushButton("Ouvrir le dossier")
        folder.setAccessibleName("Ouvrir le dossier du fichier pour Moodle")
        folder.clicked.connect(lambda: files.open_with_system(result.csv_path.parent))
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)


def show_moodle_instructions(parent: QWidget | None, result) -> None:
    """Non-blocking: the user may keep the settings open beside the browser while uploading."""
    dialog = MoodleInstructionsDialog(result, parent)
    dialog.setModal(False)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
