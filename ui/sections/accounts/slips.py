"""The box that appears in Comptes once slips are ready: after « Nouveau mot de passe… » (a new batch) or
« Réimprimer… » (the selected accounts' slips from the batches that still hold their passwords).

It speaks the protocol of ``ui.credentials_actions`` (``*_requested`` signals, ``set_busy``,
``set_credentials_state``, ``banner_detail``…), as the Lots section's panel does: printing, saving and
exporting have one implementation in the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from ui.sections.common import button
from ui.slip_buttons import SlipsPage, add_slip_buttons


class SlipsBox(SlipsPage):
    """No « Marquer comme distribué » here (``purge_requested`` never fires): it lives in Lots."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("bannerDone")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("bannerText")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.banner_detail = QLabel()
        self.banner_detail.setWordWrap(True)
        layout.addWidget(self.banner_detail)
        row = QHBoxLayout()
        row.addStretch(1)
        add_slip_buttons(self, row, preview_button="Voir la page avant de l'imprimer",
                         moodle_button="Le fichier à déposer dans Éléa pour que les nouveaux mots de passe "
                                       "y fonctionnent")
        self.close_button = button("Fermer", tip="Les fiches restent dans « Lots d'identifiants » (Ctrl+3)")
        self.close_button.clicked.connect(self.hide)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self._hint = ""
        self.hide()

    @property
    def action_buttons(self):
        return (self.preview_button, self.print_button, self.save_button, self.moodle_button)

    def show_slips(self, title: str, hint: str, *, moodle: bool) -> None:
        """``moodle``: offer the Moodle file (new passwords); a reprint changes nothing on the platform."""
        self.title.setText(title)
        self._hint = hint
        self.banner_detail.setText(hint)
        self.moodle_button.setVisible(moodle)
        self.open_pdf_button.hide()
        self.cancel_print_button.hide()
        self.set_busy(False)
        self.show()

    # -- the protocol of ui.credentials_actions ------------------------------------------------------
    def set_busy(self, busy: bool, text: str = "") -> None:
        for widget in (*self.action_buttons, self.close_button):
            widget.setEnabled(not busy)
        if text:
            self.banner_detail.setText(text)
        self.busy_changed.emit(busy)

    def set_credentials_state(self, *, passwords: int, has_batch: bool, done_text: str) -> None:
        self.banner_detail.setText(f"✓ {done_text}." if done_text else self._hint)
