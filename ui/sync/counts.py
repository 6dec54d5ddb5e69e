"""The counts of a sync, worded for the preview (« à créer ») and for the report (« créés »)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from elea_desktop.platform.planner import STAGE_ACCOUNTS, STAGE_COHORTS, STAGE_MEMBERSHIPS, STAGE_SUSPENSIONS

# (SyncReport attribute, preview wording, report wording): the same keys as ``moodle sync --json``.
ROWS = (
    ("users_created", "Comptes à créer", "Comptes créés"),
    ("users_updated", "Comptes à mettre à jour (noms, adresse, mot de passe)", "Comptes mis à jour"),
    ("users_suspended", "Comptes à suspendre (élèves partis)", "Comptes suspendus"),
    ("users_reactivated", "Comptes à réactiver", "Comptes réactivés"),
    ("passwords_sent", "Mots de passe à envoyer", "Mots de passe envoyés"),
    ("cohorts_created", "Cohortes (classes) à créer", "Cohortes créées"),
    ("memberships_added", "Inscriptions en cohorte à ajouter", "Inscriptions en cohorte ajoutées"),
    ("memberships_removed", "Inscriptions en cohorte à retirer", "Inscriptions en cohorte retirées"),
)
STAGE_LABELS = {
    STAGE_COHORTS: "Cohortes",
    STAGE_ACCOUNTS: "Comptes",
    STAGE_SUSPENSIONS: "Suspensions",
    STAGE_MEMBERSHIPS: "Appartenances aux cohortes",
}


def changes(report) -> int:
    """How many things the sync would change (conflicts excluded: they are never sent)."""
    return sum(getattr(report, key) for key, _p, _d in ROWS if key != "passwords_sent")


class CountsGrid(QWidget):
    """Two columns of « label : n »; ``value(key)`` reads a shown count (tests and screen readers)."""

    def __init__(self, done: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._done = done
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        self._values: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        for row, (key, preview, report) in enumerate(ROWS):
            name = QLabel(report if done else preview)
            value = QLabel("—")
            value.setObjectName("summaryValue")
            grid.addWidget(name, row % 4, (row // 4) * 2)
            grid.addWidget(value, row % 4, (row // 4) * 2 + 1)
            self._values[key], self._labels[key] = value, name
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def show_report(self, report) -> None:
        for key, label in self._values.items():
            count = getattr(report, key)
            label.setText(str(count))
            label.setAccessibleName(f"{self._labels[key].text()} : {count}")

    def value(self, key: str) -> int:
        return int(self._values[key].text())
