"""The Réglages tab « Personnels (STS-web) »: which functions get a staff account, as check boxes in words."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from elea_desktop.sts.model import FUNCTION_LABELS, function_label

LEAD = "Fonctions des personnels qui reçoivent un compte lors d'une importation de l'export STS-web :"
NOTE = ("Les personnels des autres fonctions, et ceux qui n'ont pas de fonction dans l'export (congé de "
        "longue durée…), ne reçoivent pas de compte ; un compte existant dont la fonction n'est plus cochée "
        "est suspendu à la prochaine importation, jamais supprimé.")
COLUMNS = 2


class StaffFunctionsBox(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        lead = QLabel(LEAD)
        lead.setWordWrap(True)
        layout.addWidget(lead)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.checks: dict[str, QCheckBox] = {}
        for code in FUNCTION_LABELS:
            self._add(code)
        note = QLabel(NOTE)
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

    def _add(self, code: str) -> QCheckBox:
        check = QCheckBox(f"{function_label(code)} ({code})")
        check.setAccessibleName(f"Compte pour la fonction {function_label(code)} ({code})")
        index = len(self.checks)
        self.grid.addWidget(check, index // COLUMNS, index % COLUMNS)
        self.checks[code] = check
        return check

    def set_codes(self, codes) -> None:
        for code in codes:
            if code not in self.checks:  # a code typed on the command line that we have no words for
                self._add(code)
        for code, check in self.checks.items():
            check.setChecked(code in codes)

    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, check in self.checks.items() if check.isChecked())
