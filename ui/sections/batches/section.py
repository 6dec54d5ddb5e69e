"""The Lots d'identifiants section: every credential batch, newest first."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.sections.batches import tasks
from ui.sections.batches.model import BATCH_ROLE, BatchesModel
from ui.sections.common import lead, title, window_title
from ui.sections.loading import DirectorySection
from ui.text import plural

TITLE = "Lots d'identifiants"
LEAD = ("Chaque importation ou réinitialisation crée un lot de mots de passe, gardé chiffré sur cet "
        "ordinateur jusqu'à ce qu'il soit marqué comme distribué, ou effacé automatiquement au bout de "
        "{days} jours.")


class BatchesSection(DirectorySection):
    nav_label = "Lots d'identifiants"
    error_title = "Lots d'identifiants"

    def __init__(self, shell, parent: QWidget | None = None):
        super().__init__(shell, parent)
        self.setWindowTitle(TITLE)
        self._build()

    def _build(self) -> None:
        from ui.tasks import retention_days

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 12)
        layout.setSpacing(10)
        head = QHBoxLayout()
        head.addWidget(title(TITLE))
        head.addSpacing(16)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        head.addWidget(self.count_label, 1)
        layout.addLayout(head)
        layout.addWidget(lead(LEAD.format(days=retention_days())))
        self.model = BatchesModel(self)
        self.view = QTableView()
        self.view.setAccessibleName("Tableau des lots d'identifiants")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.empty = QLabel("Aucun lot pour l'instant : une importation ou un nouveau mot de passe en "
                            "crée un.")
        self.empty.setObjectName("muted")
        self.empty.hide()
        layout.addWidget(self.empty)

    # -- loading -------------------------------------------------------------------------------------
    def activate(self) -> None:
        super().activate()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_work(self):
        return partial(tasks.load_batches, self.data_dir)

    def show_state(self, state: tasks.BatchesState) -> None:
        self.setWindowTitle(window_title(TITLE, state.establishment_name, state.uai))
        self.model.set_batches(state.batches, state.classes)
        pending = sum(1 for b in state.batches if not b.purged and b.size)
        self.count_label.setText(f"{plural(len(state.batches), 'lot')}, dont {pending} à distribuer")
        self.empty.setVisible(not state.batches)
        if state.batches:
            self.view.selectRow(0)

    def selected_batch(self):
        indexes = self.view.selectionModel().selectedRows()
        return self.model.data(indexes[0], BATCH_ROLE) if indexes else None
