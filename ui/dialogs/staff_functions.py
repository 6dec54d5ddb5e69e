"""The Réglages box « Personnels (STS-web) »: which functions get a staff account, as check boxes in words."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel

from elea_desktop.sts.model import FUNCTION_LABELS, function_label

NOTE = "Les personnels des autres fonctions, ou sans fonction dans l'export, ne reçoivent pas de compte."


class StaffFunctionsBox(QGroupBox):
    def __init__(self, parent=None):
        super().__init__("Personnels (export STS-web)", parent)
        self.grid = QGridLayout(self)
        lead = QLabel("Fonctions qui reçoivent un compte :")
        self.grid.addWidget(lead, 0, 0, 1, 2)
        self.checks: dict[str, QCheckBox] = {}
        for code in FUNCTION_LABELS:
            self._add(code)
        note = QLabel(NOTE)
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.note = note
        self.grid.addWidget(note, 100, 0, 1, 2)

    def _add(self, code: str) -> QCheckBox:
        check = QCheckBox(f"{function_label(code)} ({code})")
        check.setAccessibleName(f"Compte pour la fonction {function_label(code)} ({code})")
        index = len(self.checks)
        self.grid.addWidget(check, 1 + index // 2, index % 2)
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
