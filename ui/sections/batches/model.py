"""The batches table: one line per credential batch, newest first, in plain French."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from elea_desktop.directory.models import BATCH_RETENTION_DAYS
from ui.text import plural

HEADERS = ("Lot", "Créé le", "Origine", "Comptes", "Classes", "État", "Effacement automatique")
BATCH_ROLE = Qt.ItemDataRole.UserRole + 1
ORIGINS = {"import": "importation", "reset": "réinitialisation"}


def expired(batch) -> bool:
    """Past its 30 days, even before the next start-up's purge has erased it: no longer offered."""
    return batch.purged or batch.age_days >= BATCH_RETENTION_DAYS


def status_text(batch) -> str:
    if batch.distributed:
        return "distribué et effacé"
    if batch.age_days >= BATCH_RETENTION_DAYS:
        # The day its 30 days ended, from the core's age (which a clock set back does not shorten).
        ended = datetime.now().astimezone() - timedelta(days=batch.age_days - BATCH_RETENTION_DAYS)
        return f"expiré le {ended:%d/%m/%Y}"
    if batch.purged:
        return "effacé"  # before its time, not distributed: a new vault key made it unreadable
    return "à distribuer"


def why_not(batch) -> str:
    """Why a batch's slips cannot be printed any more, in French; empty while they can."""
    if batch.distributed:
        return "Ce lot a été marqué comme distribué : ses mots de passe sont effacés."
    if batch.age_days >= BATCH_RETENTION_DAYS:
        return (f"Ce lot a {status_text(batch)} ({BATCH_RETENTION_DAYS} jours) : ses mots de passe ne "
                "peuvent plus être imprimés.")
    if batch.purged:
        return "Les mots de passe de ce lot ont été effacés."
    if not batch.size:
        return "Ce lot ne contient aucun mot de passe."
    return ""


def days_left(batch) -> str:
    if expired(batch) or batch.distributed:
        return ""
    left = max(0, BATCH_RETENTION_DAYS - int(batch.age_days))
    return f"dans {plural(left, 'jour')}" if left else "aujourd'hui"


def classes_text(codes: list[str], limit: int = 6) -> str:
    names = [code or "sans classe" for code in codes]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f"… ({len(names)} classes)"
    return ", ".join(names)


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
