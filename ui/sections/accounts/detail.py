"""An account's detail: its identifiers, its status and everything the directory remembers about it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QListWidget, QVBoxLayout

from ui.sections.accounts.model import NO_CLASS


class AccountDetailDialog(QDialog):
    def __init__(self, account, history, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Compte {account.username}")
        self.setMinimumSize(560, 420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        status = "actif" if account.is_active else "suspendu (élève parti)"
        if account.forgotten_at is not None:  # forget-leavers: what is left of a former pupil
            status = f"anonymisé le {account.forgotten_at.astimezone():%d/%m/%Y} (identifiant gardé réservé)"
        if account.protected:
            status += ", protégé"
        self.fields = {
            "Nom": account.last_name, "Prénom": account.first_name, "Identifiant": account.username,
            "Classe": account.class_code or NO_CLASS, "Statut": status,
            "Date de naissance": account.birth_date.strftime("%d/%m/%Y") if account.birth_date else "—",
            "ELEVE_ID": account.eleve_id or "—", "INE": account.ine or "—",
        }
        for label, value in self.fields.items():
            text = QLabel(value)
            text.setAccessibleName(label)
            form.addRow(f"{label} :", text)
        layout.addLayout(form)
        layout.addWidget(QLabel("Historique :"))
        self.history = QListWidget()
        self.history.setAccessibleName("Historique du compte")
        # Whole lines on screen: an event (« … classe 3e 2 ; nouveau nom ») is read, not scrolled to.
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for event in history:
            self.history.addItem(f"{event.when.astimezone():%d/%m/%Y %H:%M} — {event.text}")
        layout.addWidget(self.history, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
