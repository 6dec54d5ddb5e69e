"""The Comptes section: search and filters above the table of every account."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QWidget,
)

from elea_desktop.text import class_sort_key
from ui.credentials_actions import CredentialsActions
from ui.sections.accounts import tasks
from ui.sections.accounts.actions import AccountActions
from ui.sections.accounts.directory_menu import add_directory_menu
from ui.sections.accounts.model import CLASS, FORGOTTEN, NO_CLASS, UAI, AccountsModel, AccountsProxy
from ui.sections.accounts.send import add_send_button
from ui.sections.accounts.slips import SlipsBox
from ui.sections.common import button, records_table, section_layout, window_title
from ui.sections.loading import DirectorySection
from ui.text import plural

TITLE = "Comptes"


class SearchField(QLineEdit):
    """Down, Enter or Return leave the field for the first match."""

    to_results = Signal()

    def keyPressEvent(self, event):  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_results.emit()
            return
        super().keyPressEvent(event)


class AccountsSection(DirectorySection):
    nav_label = "Comptes"

    def __init__(self, shell, parent: QWidget | None = None):
        super().__init__(shell, parent)
        self.setWindowTitle(TITLE)
        self._active = 0
        self._build()

    # -- layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout, self.count_label = section_layout(self, TITLE)
        self.send_button = add_send_button(self, layout)
        self.directory_menu = add_directory_menu(self, layout)

        filters = QHBoxLayout()
        self.search = SearchField()
        self.search.setPlaceholderText("Rechercher un compte : nom, prénom ou identifiant (Ctrl+F)")
        self.search.setAccessibleName("Rechercher un compte")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self._filter(search=text))
        self.search.to_results.connect(self.focus_first_match)
        filters.addWidget(self.search, 3)
        self.class_filter = self._combo("Filtrer par classe", [("Toutes les classes", None)])
        self.class_filter.currentIndexChanged.connect(
            lambda _i: self._filter(class_code=self.class_filter.currentData()))
        self.status_filter = self._combo("Filtrer par statut", [
            ("Tous les statuts", None), ("Actifs", "active"), ("Suspendus", "suspended"),
            ("Anonymisés", FORGOTTEN)])
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self._filter(status=self.status_filter.currentData()))
        self.protected_filter = self._combo("Filtrer les comptes protégés", [
            ("Protégés ou non", None), ("Protégés", True), ("Non protégés", False)])
        self.protected_filter.currentIndexChanged.connect(
            lambda _i: self._filter(protected=self.protected_filter.currentData()))
        self.role_filter = self._combo("Filtrer élèves ou personnels", [
            ("Élèves et personnels", None), ("Élèves", "student"), ("Personnels", "staff")])
        self.role_filter.currentIndexChanged.connect(
            lambda _i: self._filter(role=self.role_filter.currentData()))
        for combo in (self.role_filter, self.class_filter, self.status_filter, self.protected_filter):
            filters.addWidget(combo, 1)
        layout.addLayout(filters)

        self.model = AccountsModel(self)
        self.proxy = AccountsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = records_table("Tableau des comptes", self.proxy, many=True)
        self.view.horizontalHeader().setSortIndicator(CLASS, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Classe holds a staff member's function too (« Enseignant », « Direction »): 14 characters.
        for column, chars in enumerate((14, 18, 16, 22, 9, 8)):
            header.resizeSection(column, self.view.fontMetrics().averageCharWidth() * chars + 16)
        layout.addWidget(self.view, 1)
        self.actions = AccountActions(self)
        self._build_actions(layout)
        self.empty = QLabel("Aucun compte pour l'instant : importez l'export SIECLE dans la section "
                            "« Importer » (Ctrl+1).")
        self.empty.setObjectName("muted")
        self.empty.hide()
        layout.addWidget(self.empty)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _build_actions(self, layout) -> None:
        self.slips = SlipsBox()
        # The section is the slips' "window" (dialogs' parent, data folder, jobs), as in Lots.
        self.slip_actions = CredentialsActions(self, self.slips)
        layout.addWidget(self.slips)
        bar = QHBoxLayout()
        self.reset_button = button("Nouveau mot de passe…", tip="Ctrl+Maj+P")
        self.reset_button.clicked.connect(self.actions.reset)
        self.reprint_button = button("Réimprimer…", tip="Les fiches des comptes choisis, tant que leur lot "
                                                        "garde le mot de passe (Ctrl+R)")
        self.reprint_button.clicked.connect(self.actions.reprint)
        self.class_list_button = button("Liste de la classe…",
                                        tip="Noms et identifiants d'une classe, sans mot de passe, pour un "
                                            "enseignant (Ctrl+L)")
        self.class_list_button.clicked.connect(self.actions.class_list)
        self.protect_button = button("Protéger", tip="Les importations ne modifient plus ces comptes")
        self.protect_button.clicked.connect(lambda: self.actions.protect(True))
        self.unprotect_button = button("Ne plus protéger")
        self.unprotect_button.clicked.connect(lambda: self.actions.protect(False))
        self.detail_button = button("Détail…", tip="Entrée ou double-clic sur une ligne")
        self.detail_button.clicked.connect(lambda: self.actions.detail())
        bar.addStretch(1)
        # Every button but « Liste de la classe… » acts on the selection.
        self._on_selection = (self.reset_button, self.reprint_button, self.protect_button,
                              self.unprotect_button, self.detail_button)
        self._menu = []  # (context-menu action, its button)
        for widget, keys in ((self.reset_button, "Ctrl+Shift+P"), (self.reprint_button, "Ctrl+R"),
                             (self.class_list_button, "Ctrl+L"), (self.protect_button, ""),
                             (self.unprotect_button, ""), (self.detail_button, "")):
            bar.addWidget(widget)
            # One action for the context menu (which shows its shortcut) and the shortcut, anywhere in
            # the section; disabled with its button.
            action = QAction(widget.text(), self, triggered=widget.click)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(action)
            self.view.addAction(action)
            self._menu.append((action, widget))
        layout.addLayout(bar)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.activated.connect(lambda index: self.actions.detail(
            self.model.row_at(self.proxy.mapToSource(index).row())))
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def _selection_changed(self, *_args) -> None:
        rows = self.selected_rows()
        for widget in self._on_selection:
            widget.setEnabled(bool(rows))
        for action, widget in self._menu:
            action.setEnabled(widget.isEnabled())
        self._show_counts(rows)

    @staticmethod
    def selection_text(rows) -> str:
        """« 3 comptes sélectionnés, dont 1 suspendu », beside the counts: the buttons' row has no room left
        on a 1024-pixel screen."""
        if not rows:
            return ""
        text = plural(len(rows), "compte sélectionné", "comptes sélectionnés")
        suspended = sum(1 for r in rows if not r.is_active)
        if suspended and len(rows) > 1:
            text += f", dont {plural(suspended, 'suspendu')}"
        return text

    @staticmethod
    def _combo(name: str, items) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.view().setAccessibleName(f"Choix : {name.lower()}")
        for label, value in items:
            combo.addItem(label, value)
        return combo

    def can_close(self) -> bool:
        """Asked by the shell when the window closes: new passwords neither printed nor saved are asked
        about first, as after an import (a reprint changes nothing: never asked)."""
        from ui.dialogs import confirm

        if not (self.actions.fresh_reset and self.slip_actions.pending):
            return True
        return confirm.confirm_close_with_credentials(self)

    # -- loading -------------------------------------------------------------------------------------
    def activate(self) -> None:
        super().activate()
        self.focus_search()

    def load_work(self):
        self.count_label.setText("Chargement des comptes…")
        return partial(tasks.load_accounts, self.data_dir)

    def show_state(self, state: tasks.AccountsState) -> None:
        self.setWindowTitle(window_title(TITLE, state.establishment_name, state.uai))
        self.uai = state.uai
        kept = {r.username for r in self.selected_rows()}
        self._active = sum(1 for r in state.rows if r.is_active)  # counted once a load, not a click
        self.model.set_rows(state.rows)
        self._select_usernames(kept)  # after a new password or a protection, the same rows stay chosen
        # The establishment's column only matters in a cité scolaire (accounts of several UAIs).
        self.view.setColumnHidden(UAI, len({row.uai for row in state.rows}) < 2)
        self._fill_classes(state.rows)
        self._show_counts()
        self.empty.setVisible(not state.rows)

    def show_failed(self) -> None:
        self.count_label.setText("Les comptes n'ont pas pu être lus.")

    def _fill_classes(self, rows) -> None:
        current = self.class_filter.currentData()
        codes = sorted({r.class_code for r in rows if r.class_code}, key=class_sort_key)
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem("Toutes les classes", None)
        for code in codes:
            self.class_filter.addItem(code, code)
        if any(not r.class_code for r in rows):
            self.class_filter.addItem(NO_CLASS, "")
        index = self.class_filter.findData(current)
        self.class_filter.setCurrentIndex(max(0, index))
        self.class_filter.blockSignals(False)
        if index < 0 and current is not None:
            self._filter(class_code=None)

    # -- search and filters --------------------------------------------------------------------------
    def _filter(self, **change) -> None:
        self.proxy.set_filters(**change)
        self._show_counts()

    def _show_counts(self, rows=None) -> None:
        """``rows``: the selected rows when the caller has them already (a click need not map them twice)."""
        text = f"{plural(self.model.rowCount(), 'compte')}, dont {plural(self._active, 'actif')}"
        if self.proxy.filtering:
            text += f" · {plural(self.proxy.rowCount(), 'compte affiché', 'comptes affichés')}"
        selected = self.selection_text(self.selected_rows() if rows is None else rows)
        self.count_label.setText(f"{text} · {selected}" if selected else text)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_first_match(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        first = self.proxy.index(0, 0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.selectionModel().setCurrentIndex(
            first, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(first)

    def _select_usernames(self, usernames: set[str]) -> None:
        if not usernames:
            return
        selection = QItemSelection()
        for row, account in enumerate(self.model.rows):
            if account.username in usernames:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag
        self.view.selectionModel().select(selection, flags.ClearAndSelect | flags.Rows)

    def selected_rows(self) -> list:
        """The AccountRows of the selected lines, in table order."""
        indexes = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [self.model.row_at(self.proxy.mapToSource(i).row()) for i in indexes]
