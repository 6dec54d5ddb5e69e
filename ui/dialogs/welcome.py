"""First start: the establishment's name and the Éléa address, printed on every sheet, asked once.

Shown when the directory is empty (no establishment, no batch). The address may be left for later, by
ticking a box: the sheets then carry no address until it is given in Réglages. Échap closes without saving
(it is asked again at the next start). Opened with ``open()``: nothing blocks, tests click its buttons.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from elea_desktop.directory.settings_rules import column_values
from elea_desktop.directory.store import Directory
from elea_desktop.errors import EleaError
from ui.text import nbsp

LEAD = ("Avant le premier fichier, deux renseignements qui seront imprimés sur les fiches des élèves. "
        "Vous pourrez les modifier à tout moment dans « Réglages ».")


class WelcomeDialog(QDialog):
    saved = Signal(object)  # the directory's Settings

    def __init__(self, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setWindowTitle("Bienvenue dans Éléa Desktop")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        heading = QLabel("Bienvenue")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        lead = QLabel(nbsp(LEAD))
        lead.setWordWrap(True)
        layout.addWidget(lead)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Collège Jean Moulin")
        self.name_edit.setAccessibleName("Nom de l'établissement")
        form.addRow("&Nom de l'établissement :", self.name_edit)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://elea.ac-votre-academie.fr")
        self.url_edit.setAccessibleName("Adresse de la plateforme Éléa")
        form.addRow("&Adresse d'Éléa :", self.url_edit)
        self.later_check = QCheckBox("Je ne connais pas encore l'adresse : je la donnerai plus tard "
                                     "dans Réglages")
        self.later_check.setAccessibleName("Donner l'adresse d'Éléa plus tard")
        self.later_check.toggled.connect(lambda later: self.url_edit.setEnabled(not later))
        form.addRow(self.later_check)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.start_button = QPushButton("Continuer vers le dépôt du fichier")
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Continuer vers le dépôt du fichier")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.save)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        self.name_edit.setFocus()

    def _refuse(self, message: str, widget: QWidget) -> bool:
        self.error_label.setText(nbsp(message))
        self.error_label.setAccessibleName(message)
        self.error_label.show()
        widget.setFocus()
        return False

    def save(self) -> bool:
        name = self.name_edit.text().strip()
        url = "" if self.later_check.isChecked() else self.url_edit.text().strip()
        if not name:
            return self._refuse("Indiquez le nom de l'établissement, tel qu'il doit figurer sur les fiches.",
                                self.name_edit)
        if not url and not self.later_check.isChecked():
            return self._refuse("Indiquez l'adresse d'Éléa, ou cochez « je la donnerai plus tard ».",
                                self.url_edit)
        changes = {"name": name, "platform_url": url or None}
        try:
            column_values(changes)
            with Directory.open(self.data_dir) as directory:
                directory.update_settings(**changes)
                settings = directory.settings()
        except EleaError as error:
            return self._refuse(error.message, self.url_edit if url else self.name_edit)
        self.saved.emit(settings)
        self.accept()
        return True


def is_first_start(state) -> bool:
    """Nothing known yet: no establishment bound, no name given, no credentials held."""
    return state is not None and not state.uai and not state.establishment_name and not state.held_batches


def show_welcome(parent: QWidget | None, data_dir: Path, on_saved) -> WelcomeDialog:
    """The seam tests patch."""
    dialog = WelcomeDialog(data_dir, parent)
    dialog.saved.connect(on_saved)
    dialog.open()
    return dialog
