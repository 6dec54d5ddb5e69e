"""Steps 2 and 3: what the import is doing, live, with a way out that changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ui.sections.common import button, footer, lead, page_widget, title
from ui.text import plural

WAIT_TEXT = (
    "Patientez pendant la création des cohortes et des utilisateurs. "
    "La procédure est automatique et ne demande aucune action de votre part."
)
DONE_TEXT = "L'importation est achevée"
LEGEND = (
    "<p><b>Actualisés</b> : classe, nom ou mot de passe mis à jour. <b>Créés</b> : nouveaux élèves. "
    "<b>Protégés</b> : comptes que l'importation ne modifie jamais. <b>Suspendus</b> : élèves partis ou "
    "sans classe — leur compte est désactivé, jamais supprimé. <b>Réactivés</b> : élèves revenus, avec un "
    "nouveau mot de passe. <b>Inchangés</b> : rien à modifier. <b>Transférés</b> (cité scolaire) : élèves "
    "passés du collège au lycée ou inversement, même identifiant.</p>"
)
STAFF_LEGEND = (
    "<p><b>Actualisés</b> : fonction, nom ou mot de passe mis à jour. <b>Créés</b> : nouveaux personnels. "
    "<b>Protégés</b> : comptes que l'importation ne modifie jamais. <b>Suspendus</b> : personnels partis ou "
    "dont la fonction n'est plus retenue — leur compte est désactivé, jamais supprimé. <b>Réactivés</b> : "
    "personnels revenus, avec un nouveau mot de passe. <b>Inchangés</b> : rien à modifier.</p>"
)
# Counter keys as sent by the engine's users stage, with the French words of the seed.
USER_COUNTERS = (
    ("updated", "utilisateurs actualisés"),
    ("created", "créés"),
    ("protected", "protégés"),
    ("suspended", "suspendus"),
    ("reactivated", "réactivés"),
    ("unchanged", "inchangés"),
    ("transferred", "transférés"),
)


class _ProgressPage(QWidget):
    cancel_requested = Signal()
    continue_requested = Signal()

    def __init__(self, heading: str, parent=None):
        super().__init__(parent)
        page, self.body = page_widget(heading)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(page, 1)
        self._outer = outer
        self.title_label = title(heading)
        self.body.addWidget(self.title_label)
        self.wait_label = lead(WAIT_TEXT)
        self.body.addWidget(self.wait_label)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(heading + " : avancement")
        self.progress.setRange(0, 0)
        self.body.addWidget(self.progress)

    def _add_actions(self, continue_text: str) -> None:
        row = footer(self._outer)
        self.done_label = QLabel(DONE_TEXT)
        self.done_label.setObjectName("success")
        self.done_label.setAccessibleName(DONE_TEXT)
        row.addWidget(self.done_label)
        row.addStretch(1)
        self.cancel_button = button("Annuler l'importation",
                                    tip="Arrête l'importation : rien n'est modifié")
        self.cancel_button.clicked.connect(self._cancel_clicked)
        row.addWidget(self.cancel_button)
        self.continue_button = button(continue_text, primary=True)
        self.continue_button.clicked.connect(self.continue_requested)
        row.addWidget(self.continue_button)

    def _cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Annulation…")
        self.cancel_requested.emit()

    def start(self) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self.wait_label.setText(WAIT_TEXT)
        self.done_label.hide()
        self.continue_button.hide()
        self.cancel_button.setText("Annuler l'importation")
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()

    def finish(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.cancel_button.hide()
        self.done_label.show()
        self.continue_button.show()
        self.continue_button.setFocus()

    def _advance(self, done: int, total: int) -> None:
        if total > 0:
            if self.progress.maximum() != total:
                self.progress.setRange(0, total)
            self.progress.setValue(done)


class ClassesPage(_ProgressPage):
    """Step 2: one line per class as its cohort is handled."""

    def __init__(self, parent=None):
        super().__init__("Importation des classes", parent)
        self.count_label = QLabel()
        self.body.addWidget(self.count_label)
        self.classes = QListWidget()
        self.classes.setAccessibleName("Classes traitées")
        self.classes.setFlow(QListWidget.Flow.LeftToRight)
        self.classes.setWrapping(True)
        self.classes.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.classes.setSpacing(2)
        self.classes.setObjectName("classChips")
        self.body.addWidget(self.classes, 1)
        self._add_actions("Voir les utilisateurs  ›")
        self._created = 0

    def start(self) -> None:
        super().start()
        self.classes.clear()
        self.count_label.clear()
        self._created = 0

    def set_staff(self, staff: bool) -> None:
        text = "Cohorte et fonctions des personnels" if staff else "Importation des classes"
        self.title_label.setText(text)
        self.title_label.setAccessibleName(text)
        self.classes.setAccessibleName("Fonctions traitées" if staff else "Classes traitées")

    def show_functions(self, functions: dict, class_lines) -> None:
        """A staff import's step 2: its cohort, then one line per function group (in words)."""
        from elea_desktop.sts.model import function_label

        self.classes.clear()
        self.classes.addItems([f"✓ {function_label(code)} — {plural(count, 'personnel')}"
                               for code, count in functions.items()])
        cohorts = [f"{line.idnumber}{' (nouvelle)' if line.created else ''}" for line in class_lines]
        self.count_label.setText(f"{plural(len(functions), 'fonction retenue', 'fonctions retenues')}"
                                 + (f" · cohorte {', '.join(cohorts)}" if cohorts else ""))
        self.wait_label.setText("La cohorte des personnels est prête.")
        self.finish()

    def on_progress(self, event) -> None:
        self.on_progress_batch([event])

    def on_progress_batch(self, events) -> None:
        """Several classes at once: one list update, one repaint."""
        labels = []
        for event in events:
            created = int(event.counts.get("classes_created", self._created))
            if event.label:
                labels.append(f"✓ {event.label}" + ("  (nouvelle)" if created > self._created else ""))
            self._created = created
        if labels:
            self.classes.addItems(labels)
        last = events[-1]
        self._advance(last.done, last.total)
        handled = plural(last.done, "classe traitée", "classes traitées")
        self.count_label.setText(f"{handled} sur {last.total}")

    def show_result(self, class_lines) -> None:
        """The final list from the engine's report (also what a click on step 2 shows later)."""
        self.classes.clear()
        created = 0
        for line in class_lines:
            created += bool(line.created)
            suffix = "  (nouvelle)" if line.created else ""
            self.classes.addItem(f"✓ {line.code} — {plural(line.pupils, 'élève')}{suffix}")
        self.count_label.setText(f"{plural(len(class_lines), 'classe')}, dont "
                                 f"{plural(created, 'nouvelle cohorte', 'nouvelles cohortes')}")
        self.wait_label.setText("Les cohortes des classes sont prêtes.")
        self.finish()


class UsersPage(_ProgressPage):
    """Step 3: live counters « N utilisateurs actualisés · N créés · N protégés » and the rest."""

    def __init__(self, parent=None):
        super().__init__("Importation des utilisateurs", parent)
        tiles = QFrame()
        tiles.setObjectName("card")
        grid = QGridLayout(tiles)
        grid.setContentsMargins(16, 12, 16, 12)
        self.counter_values: dict[str, QLabel] = {}
        for index, (key, words) in enumerate(USER_COUNTERS):
            value = QLabel("0")
            value.setObjectName("counter")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label = QLabel(words if key != "updated" else "actualisés")
            label.setObjectName("counterLabel")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setAccessibleName(f"Utilisateurs {label.text()}")
            grid.addWidget(value, 0, index)
            grid.addWidget(label, 1, index)
            self.counter_values[key] = value
        self.body.addWidget(tiles)
        self.summary_line = QLabel()
        self.summary_line.setObjectName("pageLead")
        self.summary_line.setAccessibleName("Résumé de l'importation des utilisateurs")
        self.body.addWidget(self.summary_line)
        self.after_label = lead("")
        self.body.addWidget(self.after_label)
        self.legend = legend = QLabel(LEGEND)
        legend.setObjectName("legend")
        legend.setWordWrap(True)
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setAccessibleName("Signification des compteurs")
        self.body.addWidget(legend)
        self.body.addStretch(1)
        self._add_actions("Voir le rapport et les identifiants  ›")
        self.counts: dict[str, int] = {}
        self.people = "élèves"

    def set_staff(self, staff: bool) -> None:
        text = "Importation des personnels" if staff else "Importation des utilisateurs"
        self.title_label.setText(text)
        self.title_label.setAccessibleName(text)
        self.legend.setText(STAFF_LEGEND if staff else LEGEND)
        self.people = "personnels" if staff else "élèves"

    def start(self) -> None:
        super().start()
        self.after_label.hide()
        self.set_counts({})

    def set_counts(self, counts: dict) -> None:
        self.counts = {key: int(counts.get(key, 0)) for key, _ in USER_COUNTERS}
        for key, value in self.counter_values.items():
            value.setText(str(self.counts[key]))
        c = self.counts
        self.summary_line.setText(
            f"{c['updated']} utilisateurs actualisés · {c['created']} créés · {c['protected']} protégés"
            f" · {c['suspended']} suspendus · {c['reactivated']} réactivés"
            + (f" · {c['transferred']} transférés" if c["transferred"] else "")
        )

    def on_progress(self, event) -> None:
        self.set_counts(dict(event.counts))
        self._advance(event.done, event.total)

    def show_result(self, report_counts: dict, passwords: int) -> None:
        self.set_counts({key: report_counts.get(f"users_{key}", 0) for key, _ in USER_COUNTERS})
        self.wait_label.setText(f"Tous les {self.people} du fichier ont été traités.")
        self.after_label.setText(
            f"{plural(passwords, 'nouveau mot de passe généré', 'nouveaux mots de passe générés')}. Vous "
            "devez impérativement récupérer les identifiants des utilisateurs au format PDF : continuez "
            "vers le rapport."
            if passwords else "Aucun nouveau mot de passe : les identifiants existants restent valables."
        )
        self.after_label.show()
        self.finish()
