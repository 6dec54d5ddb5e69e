"""The Lots d'identifiants section: every credential batch, newest first, and what to do with one.

Keyboard: Entrée (or a double-click) on a batch prints it, as the primary button does; Ctrl+P, Ctrl+S and
Ctrl+E print, save and export it; Suppr marks it as distributed (after a confirmation whose default is
« Garder encore »). The same actions are in the table's context menu.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QWidget

from elea_desktop.directory.batch_status import unavailable_reason
from ui.credentials_actions import CredentialsActions
from ui.sections.batches import tasks
from ui.sections.batches.model import BATCH_ROLE, BatchesModel
from ui.sections.batches.panel import BatchPanel
from ui.sections.common import lead, records_table, section_layout, window_title
from ui.sections.loading import DirectorySection
from ui.text import plural

TITLE = "Lots d'identifiants"
LEAD = ("Chaque importation ou réinitialisation crée un lot de mots de passe, gardé chiffré sur cet "
        "ordinateur jusqu'à ce qu'il soit marqué comme distribué, ou effacé automatiquement au bout de "
        "{days} jours. Les fiches d'un lot sont rangées par la classe qu'avaient les élèves à sa création.")
# (panel button, context-menu entry, shortcut): the entries open a dialog, hence their ellipsis.
SHORTCUTS = (("preview_button", "Aperçu avant impression…", ""), ("print_button", "Imprimer…", "Ctrl+P"),
             ("save_button", "Enregistrer…", "Ctrl+S"), ("moodle_button", "Exporter pour Moodle…", "Ctrl+E"),
             ("purge_button", "Marquer comme distribué…", "Delete"))


class BatchesSection(DirectorySection):
    nav_label = "Lots d'identifiants"
    error_title = "Lots d'identifiants"

    def __init__(self, shell, parent: QWidget | None = None):
        super().__init__(shell, parent)
        self.setWindowTitle(TITLE)
        self.state: tasks.BatchesState | None = None
        self._view_had_focus = False
        self._build()

    def _build(self) -> None:
        from ui.tasks import retention_days

        layout, self.count_label = section_layout(self, TITLE)
        layout.addWidget(lead(LEAD.format(days=retention_days())))
        self.model = BatchesModel(self)
        self.view = records_table("Tableau des lots d'identifiants", self.model)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.empty = QLabel("Aucun lot pour l'instant : une importation ou un nouveau mot de passe en "
                            "crée un.")
        self.empty.setObjectName("muted")
        self.empty.hide()
        layout.addWidget(self.empty)
        self.panel = BatchPanel()
        layout.addWidget(self.panel)
        # The window (dialogs' parent, data folder, jobs) is this section; the panel is its "page".
        self.actions = CredentialsActions(self, self.panel)
        self.actions.purged.connect(lambda _id: self.changed_directory())
        self.panel.scope_changed.connect(self._scope_changed)
        self.panel.busy_changed.connect(self._busy_changed)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._batch_changed())
        self.view.activated.connect(lambda _index: self.panel.print_button.click())
        for name, label, keys in SHORTCUTS:
            # One action for the context menu and the shortcut, the latter anywhere in the section.
            action = QAction(label, self, triggered=getattr(self.panel, name).click)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(action)
            self.view.addAction(action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._sync_menu()

    # -- the selected batch --------------------------------------------------------------------------
    def selected_batch(self):
        indexes = self.view.selectionModel().selectedRows()
        return self.model.data(indexes[0], BATCH_ROLE) if indexes else None

    def _batch_changed(self) -> None:
        batch = self.selected_batch()
        state = self.state
        if batch is None or state is None:
            self.actions.set_batch(None, None, 0)
            self.panel.show_batch(None)
        else:
            reason = unavailable_reason(batch)
            self.actions.set_batch(None if reason else batch.id, state.uai, batch.size)
            self.panel.show_batch(batch, state.classes.get(batch.id, []), state.departures.get(batch.id, 0),
                                  reason)
        self._sync_menu()

    def _busy_changed(self, busy: bool) -> None:
        # No other batch is chosen while one is being printed or saved; the focus, which a disabled table
        # loses, comes back to it so the keyboard goes on where it was.
        if busy:
            self._view_had_focus = self.view.hasFocus() or self._view_had_focus
        self.view.setEnabled(not busy)
        if not busy and self._view_had_focus:
            self._view_had_focus = False
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _scope_changed(self) -> None:
        self.actions.set_scope(self.panel.class_code, self.panel.with_left)
        self.panel.refresh_hint()

    def _sync_menu(self) -> None:
        for action, (name, _label, _keys) in zip(self.view.actions(), SHORTCUTS, strict=True):
            action.setEnabled(getattr(self.panel, name).isEnabled())

    # -- loading -------------------------------------------------------------------------------------
    def activate(self) -> None:
        super().activate()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_work(self):
        return partial(tasks.load_batches, self.data_dir)

    def show_state(self, state: tasks.BatchesState) -> None:
        self.setWindowTitle(window_title(TITLE, state.establishment_name, state.uai))
        self.state = state
        selected = self.selected_batch()
        self.model.set_batches(state.batches, state.classes)
        pending = sum(1 for b in state.batches if not unavailable_reason(b))
        self.count_label.setText(f"{plural(len(state.batches), 'lot')}, dont {pending} à distribuer")
        self.empty.setVisible(not state.batches)
        # The batch that was selected stays so (after « Marquer comme distribué »); else the newest.
        ids = [b.id for b in state.batches]
        row = ids.index(selected.id) if selected is not None and selected.id in ids else 0
        if state.batches:
            self.view.selectRow(row)
        self._batch_changed()
