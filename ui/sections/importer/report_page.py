"""Step 4 – Rapport d'activité: the credentials banner first (it matters most), then searchable tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.models import RowsModel, SearchProxy
from ui.sections.common import button, lead, page_widget, records_table, title
from ui.text import nbsp, plural

BANNER_TEXT = "De nouveaux identifiants ont été générés. Enregistrez-les ou imprimez-les."
LEAD = (
    "Les comptes sont enregistrés sur cet ordinateur. Pour qu'ils existent aussi sur Éléa, utilisez "
    "« ENVOYER VERS ÉLÉA » (plateforme connectée) ou « EXPORTER POUR MOODLE ». Le détail des opérations "
    "est dans les onglets ci-dessous."
)
SMALL_HEIGHT = 460  # below this page height (a 1024×600 screen) the lead gives its lines to the table
PERSON_HEADERS = ("Identifiant", "Prénom", "Nom", "Classe", "Détail")
CATEGORY_TABS = (
    ("created", "Créés"),
    ("updated", "Actualisés"),
    ("protected", "Protégés"),
    ("suspended", "Suspendus"),
    ("reactivated", "Réactivés"),
    ("transferred", "Transférés"),
)


class ReportTable(QWidget):
    """A search field above a sortable table."""

    def __init__(self, name: str, headers, rows, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Rechercher (nom, identifiant, classe…)")
        self.search.setAccessibleName(f"Rechercher dans l'onglet {name}")
        self.search.setClearButtonEnabled(True)
        search_row.addWidget(self.search, 1)
        # « 4A » in the Classe column only: the Détail column also names last year's class.
        self.column = QComboBox()
        self.column.setAccessibleName(f"Colonne où chercher, onglet {name}")
        self.column.addItem("dans toutes les colonnes", None)
        for index, header in enumerate(headers):
            self.column.addItem(f"dans la colonne « {header} »", index)
        search_row.addWidget(self.column)
        layout.addLayout(search_row)
        self.model = RowsModel(headers, rows, self)
        self.proxy = SearchProxy(self, class_column=list(headers).index("Classe") if "Classe" in headers
                                 else None)
        self.proxy.setSourceModel(self.model)
        # Fixed row heights (records_table): Qt never asks the 5,000 rows for their size (that alone froze
        # the window).
        self.view = records_table(f"Tableau {name}", self.proxy, many=True)
        # Takes the room left and no more: its preferred height would make the page scroll (the page's
        # height-for-width uses preferred heights) and push the table under the window's edge.
        self.view.setMinimumHeight(96)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        # The engine's order until a header is clicked (no indicator: enabling sorting sorts nothing).
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(25)  # widths from the first rows, not from all 5,000
        self.view.resizeColumnsToContents()
        layout.addWidget(self.view)
        self.empty = QLabel("Aucun élément dans cette catégorie.")
        self.empty.setObjectName("muted")
        self.empty.setVisible(not rows)
        layout.addWidget(self.empty)
        self.search.textChanged.connect(self.proxy.set_search)
        self.column.currentIndexChanged.connect(lambda _i: self.proxy.set_column(self.column.currentData()))


class ReportPage(QWidget):
    print_requested = Signal()
    save_requested = Signal()
    moodle_requested = Signal()
    send_requested = Signal()  # « ENVOYER VERS ÉLÉA »: the shell's send flow (ui/sync)
    preview_requested = Signal()
    new_import_requested = Signal()
    purge_requested = Signal()
    open_pdf_requested = Signal()
    cancel_print_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        page, layout = page_widget("Étape 4 – Rapport d'activité")
        self._body = layout
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page)
        head = QHBoxLayout()
        head.addWidget(title("Importation terminée"))
        head.addStretch(1)
        self.new_import = button("Nouvelle importation",
                                 tip="Revenir à l'étape 1 pour déposer un autre fichier")
        self.new_import.clicked.connect(self.new_import_requested)
        head.addWidget(self.new_import)
        layout.addLayout(head)
        self.lead = lead(LEAD)
        layout.addWidget(self.lead)

        self.banner = QFrame()
        self.banner.setObjectName("banner")
        self.banner.setAccessibleName("Identifiants à enregistrer")
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.setContentsMargins(16, 10, 16, 10)
        self.banner_text = QLabel(BANNER_TEXT)
        self.banner_text.setObjectName("bannerText")
        self.banner_text.setWordWrap(True)
        banner_layout.addWidget(self.banner_text)
        self.banner_detail = QLabel()
        self.banner_detail.setAccessibleName("Détail des identifiants")
        self.banner_detail.setWordWrap(True)
        self.banner_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner_layout.addWidget(self.banner_detail)
        buttons = QHBoxLayout()
        self.print_button = button("IMPRIMER LES IDENTIFIANTS", primary=True,
                                   tip="Choisir l'imprimante puis imprimer les fiches des élèves")
        self.save_button = button("ENREGISTRER LES IDENTIFIANTS", primary=True,
                                  tip="Enregistrer les fiches des élèves dans un fichier PDF")
        self.preview_button = button("Aperçu avant impression", tip="Voir les pages avant de les imprimer")
        self.moodle_button = button("EXPORTER POUR MOODLE",
                                    tip="Fichier CSV à déposer dans Éléa (Administration › Utilisateurs › "
                                        "Déposer des utilisateurs)")
        self.send_button = button("ENVOYER VERS ÉLÉA",
                                  tip="Envoyer les comptes à la plateforme par ses services web (connexion "
                                      "dans Réglages › Plateforme Éléa)")
        self.send_button.clicked.connect(self.send_requested)
        self.print_button.clicked.connect(self.print_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.preview_button.clicked.connect(self.preview_requested)
        self.moodle_button.clicked.connect(self.moodle_requested)
        self.purge_button = button("Identifiants distribués : les effacer",
                                   tip="Efface les mots de passe de cet ordinateur, fiches remises")
        self.purge_button.clicked.connect(self.purge_requested)
        # Two rows so the banner fits a narrow window: the passwords first, Moodle and clean-up after.
        self.cancel_print_button = button("Annuler l'impression",
                                          tip="Arrête l'envoi des pages à l'imprimante")
        self.cancel_print_button.clicked.connect(self.cancel_print_requested)
        self.cancel_print_button.hide()
        for widget in (self.print_button, self.save_button, self.preview_button, self.cancel_print_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        banner_layout.addLayout(buttons)
        second = QHBoxLayout()
        self.open_pdf_button = button("Ouvrir le PDF", tip="Ouvrir le PDF enregistré avec le lecteur de PDF")
        self.open_pdf_button.clicked.connect(self.open_pdf_requested)
        self.open_pdf_button.hide()
        second.addWidget(self.send_button)
        second.addWidget(self.moodle_button)
        second.addWidget(self.open_pdf_button)
        second.addStretch(1)
        second.addWidget(self.purge_button)
        banner_layout.addLayout(second)
        layout.addWidget(self.banner)

        self.title_label = head.itemAt(0).widget()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Rapport d'activité")
        self.tabs.tabBar().setAccessibleName("Onglets du rapport")
        self.tabs.currentChanged.connect(self._build_tab)
        layout.addWidget(self.tabs, 1)
        self.tables: dict[str, ReportTable] = {}

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        small = self.height() < SMALL_HEIGHT
        self.lead.setVisible(not small)
        self._body.setSpacing(6 if small else 12)
        self._body.setContentsMargins(28, 8 if small else 18, 28, 8 if small else 18)

    # -- content -------------------------------------------------------------------------------------
    def show_held(self, created_label: str, size: int) -> None:
        """Credentials of an earlier session: the banner alone, no report (it was shown back then)."""
        self.tabs.clear()
        self.tables.clear()
        self.tabs.hide()
        self.title_label.setText("Identifiants en attente")
        self.lead.setText(f"Identifiants générés le {created_label}, pas encore distribués.")
        self.set_credentials_state(passwords=size, has_batch=True, done_text="")

    people = "élèves"  # « personnels » after a staff import (STS-web)

    def show_report(self, report, *, passwords: int, has_batch: bool) -> None:
        self.people = "personnels" if getattr(report, "kind", "students") == "staff" else "élèves"
        self.tabs.show()
        self.title_label.setText("Importation terminée")
        self.lead.setText(nbsp(LEAD))
        self.tabs.clear()
        self.tables.clear()
        if getattr(report, "kind", "students") == "staff":
            from elea_desktop.sts.model import function_label

            cohort = ", ".join(c.idnumber for c in report.classes)
            functions = [(function_label(code), count, code, cohort)
                         for code, count in report.functions.items()]
            self._add_tab("classes", "Fonctions",
                          ("Fonction", "Personnels", "Code STS", "Cohorte (id Moodle)"), functions)
        else:
            classes = [(c.code, int(c.pupils), "oui" if c.created else "non", c.idnumber)
                       for c in report.classes]
            self._add_tab("classes", "Classes",
                          ("Classe", "Élèves", "Nouvelle cohorte", "Cohorte (id Moodle)"), classes)
        entries = getattr(report, "entries", {}) or {}
        for key, label in CATEGORY_TABS:
            rows = [(e.username, e.first_name, e.last_name, e.class_code or "", e.detail or "")
                    for e in entries.get(key, [])]
            self._add_tab(key, label, PERSON_HEADERS, rows)
        warnings = [(w.message or "", w.eleve_id or "") for w in report.warnings]
        self._add_tab("warnings", "Avertissements", ("Message", "Élève (ELEVE_ID)"), warnings)
        self.set_credentials_state(passwords=passwords, has_batch=has_batch, done_text="")

    def _add_tab(self, key: str, label: str, headers, rows) -> None:
        # The table is built when its tab is first opened: the report appears at once even for 5,000 pupils.
        holder = QWidget()
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        holder.pending = (key, label, headers, rows)  # type: ignore[attr-defined]
        index = self.tabs.addTab(holder, f"{label} ({len(rows)})")
        self.tabs.setTabToolTip(index, plural(len(rows), "ligne"))
        if index == self.tabs.currentIndex():
            self._build_tab(index)

    def _build_tab(self, index: int) -> None:
        holder = self.tabs.widget(index)
        pending = getattr(holder, "pending", None)
        if pending is None:
            return
        holder.pending = None  # type: ignore[attr-defined]
        key, label, headers, rows = pending
        table = ReportTable(label, headers, rows)
        holder.layout().addWidget(table)
        self.tables[key] = table
        # Built late, the table would come first in the Tab order: put it after the tab bar, in reading order.
        QWidget.setTabOrder(self.tabs, table.search)
        QWidget.setTabOrder(table.search, table.column)
        QWidget.setTabOrder(table.column, table.view)

    def table(self, key: str) -> ReportTable:
        """The table of a tab, built if it was not opened yet (tests and keyboard users alike)."""
        for index in range(self.tabs.count()):
            pending = getattr(self.tabs.widget(index), "pending", None)
            if pending is not None and pending[0] == key:
                self._build_tab(index)
        return self.tables[key]

    def show_purged(self) -> None:
        for widget in (self.print_button, self.save_button, self.preview_button, self.moodle_button,
                       self.purge_button):
            widget.hide()
        self.banner.setObjectName("bannerDone")
        self.banner_text.setText("✓ Les mots de passe ont été effacés de cet ordinateur.")
        self.banner_detail.setText(nbsp("Un élève a perdu sa fiche ? La section « Comptes » lui donne "
                                        "un nouveau mot de passe."))
        # The title and the lead follow: nothing is « pas encore distribué » any more.
        if self.title_label.text() == "Identifiants en attente":
            self.title_label.setText("Identifiants distribués")
            self.lead.setText("Les fiches ont été remises aux élèves : leurs mots de passe ne sont plus sur "
                              "cet ordinateur.")
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)

    def set_credentials_state(self, *, passwords: int, has_batch: bool, done_text: str) -> None:
        """Amber until the credentials are saved or printed, green afterwards; hidden without a batch."""
        self.banner.setVisible(has_batch)
        with_passwords = passwords > 0
        self.purge_button.setVisible(with_passwords and bool(done_text))
        for widget in (self.print_button, self.save_button, self.preview_button):
            widget.setVisible(with_passwords)
        if not with_passwords:
            self.banner.setObjectName("bannerDone")
            self.banner_text.setText("Aucun nouveau mot de passe n'a été généré.")
            self.banner_detail.setText("Vous pouvez exporter les changements pour la plateforme Moodle.")
        elif done_text:
            self.banner.setObjectName("bannerDone")
            self.banner_text.setText("✓ " + done_text)
            self.banner_detail.setText(
                f"{plural(passwords, 'identifiant')}. Vous pouvez encore les imprimer ou les enregistrer "
                f"à nouveau. Une fois les fiches remises aux {self.people}, effacez-les de cet ordinateur."
            )
        else:
            self.banner.setObjectName("banner")
            self.banner_text.setText(BANNER_TEXT)
            self.banner_detail.setText(
                f"{plural(passwords, 'identifiant')} à distribuer. Les mots de passe ne s'affichent pas à "
                "l'écran : seuls les fiches et le PDF les contiennent."
            )
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)

    def set_busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.print_button, self.save_button, self.preview_button, self.moodle_button,
                       self.send_button, self.purge_button):
            widget.setEnabled(not busy)
        if text:
            self.banner_detail.setText(text)
