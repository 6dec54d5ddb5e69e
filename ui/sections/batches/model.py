"""The batches table: one line per credential batch, newest first, in plain French."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from elea_desktop.directory.batch_status import ORIGINS, classes_text, days_left, status_text

HEADERS = ("Lot", "Créé le", "Origine", "Comptes", "Classes", "État", "Effacement automatique")
BATCH_ROLE = Qt.ItemDataRole.UserRole + 1


class BatchesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.batches: list = []
        self.classes: dict[int, list[str]] = {}
        self._texts: list[tuple[str, ...]] = []

    def set_batches(self, batches: list, classes: dict) -> None:
        self.beginResetModel()
        self.batches, self.classes = list(batches), dict(classes)
        self._texts = [
            (f"n° {b.id}", f"{b.created_at.astimezone():%d/%m/%Y à %H:%M}", ORIGINS.get(b.origin, b.origin),
             str(b.size), classes_text(self.classes.get(b.id, [])), status_text(b), days_left(b))
            for b in self.batches
        ]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.batches)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return ", ".join(c or "sans classe" for c in self.classes.get(self.batches[index.row()].id, []))
        if role == BATCH_ROLE:
            return self.batches[index.row()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None
