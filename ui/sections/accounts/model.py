"""The Comptes table: a model over the core's ``account_rows`` and a proxy that searches and filters.

Everything a keystroke needs is computed once per load (display texts, folded search text, sort keys),
so that filtering 5,000 rows is a few string tests per row and sorting never calls ``data()``.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from elea_desktop.text import class_sort_key, fold, strip_accents

HEADERS = ("Classe", "Nom", "Prénom", "Identifiant", "Statut", "Protégé", "Dernier mot de passe", "UAI")
CLASS, LAST, FIRST, USERNAME, STATUS, PROTECTED, LAST_PASSWORD, UAI = range(len(HEADERS))
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the AccountRow behind a line
NO_CLASS = "Sans classe"
FORGOTTEN = "forgotten"  # the status filter's value for anonymised accounts (they are suspended too)
SUSPENDED_COLOUR = QColor("#6b7684")


def search_text(text: str) -> str:
    """How names are compared with what is typed: lowercase, no accents (« eloise » finds Éloïse)."""
    return " ".join(strip_accents(text).replace("-", " ").replace("'", " ").split())


def _last_password(row) -> str:
    if row.last_batch_id is None:
        return ""
    return f"{row.last_batch_at.astimezone():%d/%m/%Y} (lot n° {row.last_batch_id})"


def _status(row) -> str:
    if getattr(row, "forgotten", False):
        return "anonymisé"
    return "actif" if row.is_active else "suspendu"


def _group(row) -> str:
    """The Classe column: the class, or the function in words for a staff account (« Enseignant »)."""
    if getattr(row, "role", "student") == "staff":
        from elea_desktop.sts.model import function_label

        return function_label(row.function)
    return row.class_code or NO_CLASS


class AccountsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []
        self._display: list[tuple[str, ...]] = []
        self.search: list[str] = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._display = [self._texts(r) for r in self.rows]
        self.search = [search_text(f"{r.last_name} {r.first_name} {r.username}") for r in self.rows]
        self.endResetModel()

    @staticmethod
    def _texts(row) -> tuple[str, ...]:
        return (_group(row), row.last_name, row.first_name, row.username,
                _status(row), "oui" if row.protected else "", _last_password(row),
                row.uai or "")

    def row_at(self, source_row: int):
        return self.rows[source_row]

    def source_row_of(self, username: str) -> int | None:
        for index, row in enumerate(self.rows):
            if row.username == username:
                return index
        return None

    # -- Qt API --------------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display[index.row()][index.column()]
        if role == ROW_ROLE:
            return self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and not self.rows[index.row()].is_active:
            return SUSPENDED_COLOUR
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):  # noqa: D401 - Qt API
        """Sorted in Python on precomputed keys (a proxy sort calls ``data()`` twice per comparison)."""
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        keys = [self._sort_key(row, column) for row in self.rows]
        order_ = sorted(range(len(self.rows)), key=keys.__getitem__,
                        reverse=order == Qt.SortOrder.DescendingOrder)
        position = {old: new for new, old in enumerate(order_)}
        self.rows = [self.rows[i] for i in order_]
        self._display = [self._display[i] for i in order_]
        self.search = [self.search[i] for i in order_]
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent,
                                       [self.index(position[i.row()], i.column()) for i in persistent])
        self.layoutChanged.emit()

    @staticmethod
    def _sort_key(row, column: int) -> tuple:
        names = (fold(row.last_name), fold(row.first_name), row.username)
        if column == CLASS:
            return (class_sort_key(row.class_code), *names)
        if column == LAST:
            return names
        if column == FIRST:
            return (fold(row.first_name), fold(row.last_name), row.username)
        if column == USERNAME:
            return (row.username,)
        if column == STATUS:
            return (not row.is_active, class_sort_key(row.class_code), *names)
        if column == PROTECTED:
            return (not row.protected, class_sort_key(row.class_code), *names)
        if column == UAI:
            return (row.uai or "", class_sort_key(row.class_code), *names)
        stamp = row.last_batch_at.timestamp() if row.last_batch_at else 0.0
        return (stamp, row.last_batch_id or 0, *names)


class AccountsProxy(QSortFilterProxyModel):
    """Live search (every typed word must appear in the name, first name or username) and filters."""

    ALL = None

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._class: str | None = None  # "" = pupils without a class
        self._status: str | None = None  # "active" / "suspended"
        self._protected: bool | None = None
        self._role: str | None = None  # "student" / "staff"

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):  # noqa: D401 - Qt API
        """Delegated to the source model (fast); the proxy only filters and keeps its order."""
        self.sourceModel().sort(column, order)

    def set_filters(self, *, search: str | None = None, class_code=..., status=..., protected=...,
                    role=...) -> None:
        self.beginFilterChange()
        if role is not ...:
            self._role = role
        if search is not None:
            self._words = search_text(search).split()
        if class_code is not ...:
            self._class = class_code
        if status is not ...:
            self._status = status
        if protected is not ...:
            self._protected = protected
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def filtering(self) -> bool:
        return bool(self._words) or any(v is not None for v in (self._class, self._status, self._protected,
                                                                self._role))

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802 - Qt API
        model = self.sourceModel()
        if self._words:
            text = model.search[source_row]
            for word in self._words:
                if word not in text:
                    return False
        if self._class is None and self._status is None and self._protected is None and self._role is None:
            return True
        row = model.rows[source_row]
        staff = getattr(row, "role", "student") == "staff"
        if self._role is not None and (self._role == "staff") != staff:
            return False
        # Staff have no class: a class filter (« Sans classe » included) shows pupils only.
        if self._class is not None and (staff or (row.class_code or "") != self._class):
            return False
        if self._status == FORGOTTEN:
            if not getattr(row, "forgotten", False):
                return False
        elif self._status is not None and row.status != self._status:
            return False
        return self._protected is None or row.protected == self._protected
