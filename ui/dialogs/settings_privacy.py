"""The Réglages tab « Données personnelles »: how long a former pupil's suspended account is kept before it
may be anonymised (Comptes › Annuaire › Anonymiser les anciens élèves…, ``accounts forget-leavers``)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from elea_desktop.directory.settings_rules import FORGET_YEARS

PRIVACY_TAB = "Donnée&s personnelles"
LEAD = ("Le compte d'un élève qui a quitté l'établissement est suspendu à l'importation suivante (il est "
        "réactivé s'il revient). Passé ce délai, il peut être anonymisé depuis « Comptes › Annuaire » : nom, "
        "prénom, date de naissance, INE et identifiant SIECLE effacés, identifiant gardé réservé.")
NOTE = ("Compté en rentrées : avec 1 an, un élève absent de l'export de septembre 2025 reste suspendu "
        "pendant l'année 2025-2026 et peut être anonymisé à partir de la rentrée 2026. Voir la section "
        "« Données personnelles (RGPD) » du guide pour le registre des traitements.")


def _label(text: str, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if muted:
        label.setObjectName("muted")
    return label


class PrivacyBox(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(LEAD))
        form = QFormLayout()
        self.years_spin = QSpinBox()
        self.years_spin.setRange(*FORGET_YEARS)
        self.years_spin.setSuffix(" année(s) scolaire(s)")
        self.years_spin.setAccessibleName("Délai avant l'anonymisation des anciens élèves, en années "
                                          "scolaires")
        self.years_spin.setMaximumWidth(240)
        label = QLabel("&Anonymiser après :")
        label.setBuddy(self.years_spin)
        form.addRow(label, self.years_spin)
        layout.addLayout(form)
        layout.addWidget(_label(NOTE, muted=True))
        layout.addStretch(1)

    def set_years(self, years: int) -> None:
        self.years_spin.setValue(years)

    def years(self) -> int:
        return self.years_spin.value()
