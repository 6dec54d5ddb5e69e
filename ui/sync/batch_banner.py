"""The new batch a sync made (accounts to create whose password had been purged): print or save its sheets.

It speaks the credentials banner's language (signals, ``set_credentials_state``, ``set_busy``), so
``ui.credentials_actions.CredentialsActions`` drives it exactly as it drives step 4's banner.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from ui.sections.common import button
from ui.text import plural


class BatchBanner(QFrame):
    print_requested = Signal()
    save_requested = Signal()
    preview_requested = Signal()
    moodle_requested = Signal()  # never emitted: these accounts are on the platform already
    purge_requested = Signal()  # never emitted: the batch is handed out from « Lots d'identifiants »
    open_pdf_requested = Signal()
    cancel_print_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName("Nouveaux identifiants à imprimer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        self.banner_text = QLabel()
        self.banner_text.setObjectName("bannerText")
        self.banner_text.setWordWrap(True)
        layout.addWidget(self.banner_text)
        self.banner_detail = QLabel()
        self.banner_detail.setWordWrap(True)
        layout.addWidget(self.banner_detail)
        row = QHBoxLayout()
        self.print_button = button("IMPRIMER LES IDENTIFIANTS", primary=True,
                                   tip="Choisir l'imprimante puis imprimer les fiches de ces comptes")
        self.save_button = button("ENREGISTRER LES IDENTIFIANTS", primary=True,
                                  tip="Enregistrer les fiches de ces comptes dans un fichier PDF")
        self.preview_button = button("Aperçu", tip="Voir les pages avant de les imprimer")
        self.cancel_print_button = button("Annuler l'impression")
        self.cancel_print_button.hide()
        self.open_pdf_button = button("Ouvrir le PDF")
        self.open_pdf_button.hide()
        for widget, signal in ((self.print_button, self.print_requested),
                               (self.save_button, self.save_requested),
                               (self.preview_button, self.preview_requested),
                               (self.cancel_print_button, self.cancel_print_requested),
                               (self.open_pdf_button, self.open_pdf_requested)):
            widget.clicked.connect(signal)
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.batch_id: int | None = None
        self.hide()

    def show_batch(self, batch_id: int, size: int) -> None:
        self.batch_id = batch_id
        self.banner_text.setText(f"Nouveaux identifiants : lot n° {batch_id}")
        self.set_credentials_state(passwords=size, has_batch=True, done_text="")
        self.show()

    def set_credentials_state(self, *, passwords: int, has_batch: bool, done_text: str) -> None:
        self.setVisible(has_batch)
        if done_text:
            self.setObjectName("bannerDone")
            self.banner_detail.setText(f"✓ {done_text}.")
        else:
            self.setObjectName("banner")
            had = "n'avait" if passwords < 2 else "n'avaient"
            self.banner_detail.setText(
                f"{plural(passwords, 'compte créé', 'comptes créés')} sur la plateforme {had} plus de mot "
                "de passe sur cet ordinateur (lot effacé) : "
                "Éléa Desktop leur en a donné un nouveau. Imprimez ou enregistrez leurs fiches pour les "
                "remettre ; le lot est aussi dans « Lots d'identifiants ».")
        self.style().unpolish(self)
        self.style().polish(self)

    def set_busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.print_button, self.save_button, self.preview_button):
            widget.setEnabled(not busy)
        if text:
            self.banner_detail.setText(text)
