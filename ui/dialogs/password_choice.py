"""The seed's two buttons, its explanation, and what each choice will do in numbers (from a dry run).

Opened with ``open()`` (window-modal, non-blocking): the choice comes back through ``chosen``, so a
test simply clicks a button — no event loop is ever spun.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.text import plural

NEW, KEEP = "new", "keep"
NEW_TEXT = "CRÉER LES COMPTES EN GÉNÉRANT DE NOUVEAUX MOTS DE PASSE POUR TOUS"
KEEP_TEXT = "CRÉER LES COMPTES SANS MODIFIER LES MOTS DE PASSE EXISTANTS"
EXPLANATION = (
    "<p>Pour les établissements ayant déjà accès à la plateforme Éléa, les deux options qui vous sont "
    "proposées sont importantes. Vous pouvez :</p><ul>"
    "<li>conserver les mots de passe créés précédemment en cliquant sur le bouton de droite ;</li>"
    "<li>générer de nouveaux mots de passe pour tous les utilisateurs en cliquant sur le bouton de gauche "
    "(<b>option obligatoire</b> si vous n'avez pas conservé les identifiants de l'année précédente ou si "
    "vous avez interrompu par mégarde l'importation).</li></ul>"
    "<p>Veuillez lire ces informations puis lancer la mise à jour de la base.</p>"
)


def plan_numbers(counts: dict) -> tuple[int, int]:
    """(accounts created, passwords generated) from a plan's counts."""
    created = counts.get("users_created", counts.get("created", 0)) or 0
    passwords = counts.get("passwords_generated", 0) or 0
    return int(created), int(passwords)


def describe(counts: dict, returning_words: tuple[str, str] = ("élève de retour", "élèves de retour")) -> str:
    """Each part named: « 70 comptes créés, 1 élève de retour » then « 71 mots de passe générés »."""
    created, passwords = plan_numbers(counts)
    returning = int(counts.get("users_reactivated", 0) or 0)
    parts = [plural(created, "compte créé", "comptes créés")]
    if returning:
        parts.append(plural(returning, *returning_words))
    generated = plural(passwords, "mot de passe généré", "mots de passe générés")
    existing = passwords - created - returning
    if existing > 0:
        generated += ", dont " + plural(existing, "pour un compte existant", "pour des comptes existants")
    return ", ".join(parts) + "\n" + generated


class PasswordChoiceDialog(QDialog):
    chosen = Signal(str)  # NEW or KEEP

    def __init__(self, new_counts: dict, keep_counts: dict, parent: QWidget | None = None, *,
                 staff: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Choix des mots de passe des personnels" if staff else "Choix des mots de passe")
        words = ("personnel de retour", "personnels de retour") if staff else ("élève de retour",
                                                                              "élèves de retour")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        heading = QLabel("Choisissez entre les deux options proposées en fonction de votre situation.")
        heading.setObjectName("pageLead")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.RichText)
        explanation.setAccessibleName("Explication des deux options")
        layout.addWidget(explanation)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.new_button = self._choice_button(
            NEW_TEXT, "CRÉER LES COMPTES\nEN GÉNÉRANT DE NOUVEAUX\nMOTS DE PASSE POUR TOUS"
        )
        self.keep_button = self._choice_button(
            KEEP_TEXT, "CRÉER LES COMPTES\nSANS MODIFIER LES MOTS\nDE PASSE EXISTANTS"
        )
        self.new_numbers = self._numbers(describe(new_counts, words))
        self.keep_numbers = self._numbers(describe(keep_counts, words))
        self.new_button.setAccessibleDescription(describe(new_counts, words).replace("\n", ", "))
        self.keep_button.setAccessibleDescription(describe(keep_counts, words).replace("\n", ", "))
        grid.addWidget(self.new_button, 0, 0)
        grid.addWidget(self.keep_button, 0, 1)
        grid.addWidget(self.new_numbers, 1, 0)
        grid.addWidget(self.keep_numbers, 1, 1)
        layout.addLayout(grid)

        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton("Annuler")
        self.cancel_button.setAccessibleName("Annuler : ne rien importer")
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

        self.new_button.clicked.connect(lambda: self._choose(NEW))
        self.keep_button.clicked.connect(lambda: self._choose(KEEP))
        # Annuler is the default: Enter at once must not pick an option the user has not read (and new
        # passwords for everyone cannot be undone). A button reached with Tab takes Enter and Space itself.
        for widget in (self.new_button, self.keep_button, self.cancel_button):
            widget.setAutoDefault(True)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()

    @staticmethod
    def _choice_button(full_text: str, shown: str) -> QPushButton:
        button = QPushButton(shown)
        button.setObjectName("choice")
        button.setAccessibleName(full_text)
        button.setToolTip(full_text)
        button.setMinimumHeight(84)
        return button

    @staticmethod
    def _numbers(text: str) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        inner = QVBoxLayout(frame)
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)  # « … dont 220 pour des comptes existants » stays whole
        label.setAccessibleName(text.replace("\n", ", "))
        inner.addWidget(label)
        frame.label = label  # type: ignore[attr-defined]
        return frame

    def _choose(self, mode: str) -> None:
        self.chosen.emit(mode)
        self.accept()
