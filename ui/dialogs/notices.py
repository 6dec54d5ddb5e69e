"""Warnings after an import in everyday words; the precise text behind « Plus de détails », in the log.

The vault's key-file fallback is said once per person at this computer (Qt settings), not after every
import: what it asks them to do does not change.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from elea_desktop.credentials.vault import FALLBACK_WARNING
from ui.text import nbsp

log = logging.getLogger(__name__)

KEY_FILE_TITLE = "Protection des mots de passe"
KEY_FILE_TEXT = (
    "Les mots de passe en attente de distribution sont chiffrés sur cet ordinateur, mais le système n'offre "
    "pas ici de coffre-fort pour la clé : elle est rangée dans le dossier d'Éléa Desktop, accessible à "
    "votre seule session.\n\n"
    "Ce qu'il faut faire : imprimez ou enregistrez les fiches, distribuez-les, puis cliquez sur "
    "« Identifiants distribués : les effacer ». Ne copiez pas le dossier d'Éléa Desktop sur une clé USB ni "
    "dans un dossier partagé."
)
_SHOWN_KEY = "avertissements/cle-dans-un-fichier"


class NoticeDialog(QDialog):
    """A message, an « OK » and a « Plus de détails » button that shows the precise text below."""

    def __init__(self, title: str, text: str, details: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.text = QLabel(nbsp(text))
        self.text.setWordWrap(True)
        self.text.setAccessibleName(title)
        layout.addWidget(self.text)
        self.details = QLabel(nbsp(details))
        self.details.setObjectName("muted")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Détails techniques")
        self.details.hide()
        layout.addWidget(self.details)
        row = QHBoxLayout()
        self.more = QPushButton("Plus de détails")
        self.more.setAccessibleName("Plus de détails")
        self.more.setCheckable(True)
        self.more.toggled.connect(self._toggle)
        self.ok = QPushButton("J'ai compris")
        self.ok.setAccessibleName("J'ai compris")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.accept)
        row.addWidget(self.more)
        row.addStretch(1)
        row.addWidget(self.ok)
        layout.addLayout(row)

    def _toggle(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.more.setText("Moins de détails" if shown else "Plus de détails")
        self.adjustSize()


def show_notice(parent: QWidget | None, title: str, text: str, details: str) -> None:
    """The seam tests patch: a notice, opened without blocking."""
    dialog = NoticeDialog(title, text, details, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def show_import_warnings(parent: QWidget | None, warnings: list[str]) -> None:
    """The directory's warnings after an import: each in the log, in everyday words on screen."""
    from ui.dialogs import errors

    others = []
    for warning in warnings:
        log.warning("%s", warning)
        if warning == FALLBACK_WARNING:
            settings = QSettings("Éléa Desktop", "elea-desktop")
            if not settings.value(_SHOWN_KEY, False, type=bool):
                settings.setValue(_SHOWN_KEY, True)
                show_notice(parent, KEY_FILE_TITLE, KEY_FILE_TEXT, warning)
        else:
            others.append(warning)
    if others:
        errors.show_info(parent, "Information", "\n\n".join(others))
