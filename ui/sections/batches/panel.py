"""The action panel under the batches table: which slips (the whole batch or one class, with or without
the pupils who left since) and what to do with them.

It speaks the same protocol as the importer's report page (``*_requested`` signals, ``set_busy``,
``set_credentials_state``, ``show_purged``, ``banner_detail``…), so ``ui.credentials_actions`` drives it
unchanged: one implementation of printing, saving, exporting and erasing a batch.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout

from ui.sections.common import button
from ui.slip_buttons import SlipsPage, add_slip_buttons
from ui.text import nbsp, plural

NO_CLASS = "Sans classe"
REPLACE_HINT = "Pour redonner un mot de passe : section « Comptes » (Ctrl+2), « Nouveau mot de passe… »."


class BatchPanel(SlipsPage):
    scope_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(8)
        scope = QHBoxLayout()
        which = QLabel("Fiches :")
        scope.addWidget(which)
        self.class_choice = QComboBox()
        self.class_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.class_choice.setAccessibleName("Classe du lot à imprimer, enregistrer ou exporter")
        self.class_choice.setToolTip("Les classes qu'avaient les élèves à la création du lot")
        self.class_choice.view().setAccessibleName("Choix : classe du lot")
        which.setBuddy(self.class_choice)
        self.class_choice.currentIndexChanged.connect(lambda _i: self.scope_changed.emit())
        scope.addWidget(self.class_choice)
        scope.addSpacing(12)
        self.include_left = QCheckBox()
        self.include_left.setAccessibleName("Inclure les élèves partis depuis la création du lot")
        self.include_left.setToolTip("Leur fiche porte la mention « compte suspendu ». Le fichier pour "
                                     "Moodle les suspend dans tous les cas.")
        self.include_left.toggled.connect(lambda _on: self.scope_changed.emit())
        scope.addWidget(self.include_left, 1)
        layout.addLayout(scope)

        # The line on its own row, the whole width: beside the four buttons of a 1024-pixel screen it
        # would be a narrow column of six lines eating the table's height.
        self.banner_detail = QLabel()
        self.banner_detail.setObjectName("muted")
        self.banner_detail.setWordWrap(True)
        layout.addWidget(self.banner_detail)
        row = QHBoxLayout()
        row.addStretch(1)
        add_slip_buttons(self, row, print_button="Entrée ou Ctrl+P",
                         save_button="Enregistrer les fiches dans un PDF (Ctrl+S)",
                         moodle_button="Le fichier à déposer dans Éléa, avec sa notice (Ctrl+E)")
        self.purge_button = button("Marquer comme distribué…",
                                   tip="Effacer les mots de passe de ce lot une fois les fiches remises "
                                       "(Suppr)")
        self.purge_button.clicked.connect(self.purge_requested)
        row.addWidget(self.purge_button)
        layout.addLayout(row)
        self._held = False
        self._busy = False
        self._departures = 0
        self.show_batch(None)

    @property
    def action_buttons(self):
        return (self.print_button, self.save_button, self.moodle_button, self.purge_button)

    # -- what the section shows ----------------------------------------------------------------------
    def show_batch(self, batch, classes=(), departures: int = 0, why_not: str = "") -> None:
        """``why_not``: why the passwords cannot be read any more (empty while they are held)."""
        self._held = batch is not None and not why_not
        self._departures = departures if self._held else 0
        self.class_choice.blockSignals(True)
        self.class_choice.clear()
        self.class_choice.addItem(f"tout le lot ({plural(len(classes), 'classe')})", None)
        for code in classes:
            self.class_choice.addItem(code or NO_CLASS, code)
        self.class_choice.blockSignals(False)
        self.include_left.blockSignals(True)
        self.include_left.setChecked(False)
        self.include_left.setText(
            f"Inclure {plural(departures, 'élève parti', 'élèves partis')} depuis (marqués « compte "
            "suspendu »)" if self._departures else "Inclure les élèves partis depuis (aucun dans ce lot)")
        self.include_left.blockSignals(False)
        self.open_pdf_button.hide()
        if batch is None:
            self.banner_detail.setText("Sélectionnez un lot dans le tableau.")
        elif why_not:
            self.banner_detail.setText(nbsp(f"{why_not} {REPLACE_HINT}"))
        else:
            self.banner_detail.setText(self._hint())
        self._enable()

    def _hint(self) -> str:
        left = ""
        if self._departures and not self.include_left.isChecked():
            left = f" {plural(self._departures, 'élève parti', 'élèves partis')} depuis : sans fiche."
        return nbsp("Les fiches de tout le lot ou d'une classe ; une fois remises, marquez le lot comme "
                    "distribué." + left)

    def _enable(self) -> None:
        usable = self._held and not self._busy
        for widget in (*self.action_buttons, self.preview_button, self.class_choice):
            widget.setEnabled(usable)
        self.include_left.setEnabled(usable and self._departures > 0)

    @property
    def class_code(self) -> str | None:
        return self.class_choice.currentData()

    @property
    def with_left(self) -> bool:
        return self.include_left.isChecked()

    def refresh_hint(self) -> None:
        if self._held and not self._busy:
            self.banner_detail.setText(self._hint())

    # -- the protocol of ui.credentials_actions ------------------------------------------------------
    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self._enable()
        if text:
            self.banner_detail.setText(text)
        self.busy_changed.emit(busy)

    def set_credentials_state(self, *, passwords: int, has_batch: bool, done_text: str) -> None:
        self.banner_detail.setText(f"✓ {done_text}." if done_text else self._hint())

    def show_purged(self) -> None:
        self._held = False
        self._enable()
        self.banner_detail.setText("✓ Lot marqué comme distribué : ses mots de passe sont effacés de cet "
                                   "ordinateur.")

    def show_held(self, created_label: str, size: int) -> None:
        """The importer's « held batch » view; a batch of this table is always shown by ``show_batch``."""
