"""The four steps of the seed procedure, always visible; a finished step can be clicked to look back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy

STEPS = (
    "1 – Dépôt du fichier",
    "2 – Importation des classes",
    "3 – Importation des utilisateurs",
    "4 – Rapport d'activité",
)
# A staff file (STS-web) has no classes: its second step is the staff cohort and the function groups.
STAFF_STEPS = (STEPS[0], "2 – Fonctions des personnels", "3 – Importation des personnels", STEPS[3])
PENDING, CURRENT, DONE = "todo", "current", "done"
_STATE_WORDS = {PENDING: "à venir", CURRENT: "en cours", DONE: "terminée"}


class StepNav(QFrame):
    step_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("stepNav")
        self.setAccessibleName("Étapes de l'importation")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        self.buttons: list[QPushButton] = []
        self.states = [PENDING] * len(STEPS)
        self.labels = STEPS
        self.viewing = 0
        for index, label in enumerate(STEPS):
            button = QPushButton(label)
            button.setObjectName("step")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, i=index: self._clicked(i))
            layout.addWidget(button)
            self.buttons.append(button)
        self.set_current(0)

    def _clicked(self, index: int) -> None:
        if self.states[index] in (DONE, CURRENT):
            self.step_clicked.emit(index)

    def set_current(self, index: int) -> None:
        """Steps before ``index`` are done, ``index`` is in progress, later ones are to come."""
        states = [DONE if i < index else CURRENT if i == index else PENDING for i in range(len(STEPS))]
        self.set_states(states, viewing=index)

    def set_all_done(self, viewing: int = len(STEPS) - 1) -> None:
        self.set_states([DONE] * len(STEPS), viewing=viewing)

    def set_staff(self, staff: bool) -> None:
        """Steps worded for a staff file (STS-web) or for pupils."""
        self.labels = STAFF_STEPS if staff else STEPS
        self.set_states(self.states, viewing=self.viewing)

    def set_viewing(self, index: int) -> None:
        self.set_states(self.states, viewing=index)

    def set_states(self, states: list[str], viewing: int) -> None:
        self.states = list(states)
        self.viewing = viewing
        for index, (button, state) in enumerate(zip(self.buttons, self.states, strict=True)):
            button.setProperty("state", state)
            button.setProperty("viewing", "true" if index == viewing else "false")
            # Only finished steps (and the current one) take clicks and keyboard focus.
            button.setEnabled(state != PENDING)
            prefix = "✓ " if state == DONE else ""
            button.setText(prefix + self.labels[index])
            button.setAccessibleName(f"Étape {self.labels[index]} ({_STATE_WORDS[state]})")
            button.setToolTip("Cliquez pour revoir cette étape" if state == DONE else "")
            button.style().unpolish(button)
            button.style().polish(button)
