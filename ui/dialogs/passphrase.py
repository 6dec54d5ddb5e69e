"""The passphrase of a directory export: typed twice to seal an export, once to restore one.

Opened with ``open()`` (window-modal, never ``exec()``); ``chosen`` carries the passphrase once it passes the
core's rules (``sealed_file.check_passphrase``: length, both entries equal), then the dialog closes. A
refused passphrase keeps the dialog open with the reason under the fields.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from elea_desktop.directory.sealed_file import MIN_PASSPHRASE, check_passphrase
from elea_desktop.errors import EleaError

EXPORT_LEAD = (
    "L'annuaire (comptes, historique, réglages et mots de passe encore à distribuer) va être enregistré "
    "dans un fichier chiffré, à restaurer sur le nouveau poste. Choisissez une phrase de passe d'au moins "
    f"{MIN_PASSPHRASE} caractères : plusieurs mots faciles à retenir, par exemple « cartable vert sous la "
    "pluie ». Sans elle, le fichier ne peut pas être ouvert : notez-la à part, jamais avec le fichier.")
WIDTH = 520
RESTORE_LEAD = "Saisissez la phrase de passe choisie lors de l'export de l'annuaire."


def _field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMinimumWidth(320)
    return field


class PassphraseDialog(QDialog):
    chosen = Signal(str)

    def __init__(self, parent: QWidget | None, *, twice: bool, title: str, action: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.twice = twice
        layout = QVBoxLayout(self)
        lead = QLabel(EXPORT_LEAD if twice else RESTORE_LEAD)
        lead.setWordWrap(True)
        # Qt under-estimates a wrapped label's height in a dialog sized to its contents: fix the width,
        # then give the label the height it needs at that width.
        lead.setFixedWidth(WIDTH)
        lead.setMinimumHeight(lead.heightForWidth(WIDTH))
        layout.addWidget(lead)
        form = QFormLayout()
        self.first = _field("Phrase de passe")
        form.addRow("&Phrase de passe :", self.first)
        self.second = _field("Phrase de passe, une seconde fois")
        if twice:
            form.addRow("&Confirmation :", self.second)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.ok_button = buttons.button(standard.Ok)
        self.ok_button.setText(action)
        self.ok_button.setAccessibleName(action)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Annuler")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.first.setFocus()

    def submit(self) -> None:
        passphrase = self.first.text()
        try:
            check_passphrase(passphrase, self.second.text() if self.twice else None)
        except EleaError as error:
            self.error_label.setText(error.message)
            self.error_label.setAccessibleName(error.message)
            self.error_label.show()
            target = self.second if error.code == "passphrase_mismatch" else self.first
            target.selectAll()
            target.setFocus()
            return
        self.first.clear()  # the passphrase leaves the widgets with the signal, and nowhere else
        self.second.clear()
        self.accept()
        self.chosen.emit(passphrase)
