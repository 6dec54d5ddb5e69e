"""« Cité scolaire : UAI rattachés », the group of Réglages where a collège and a lycée share a directory.

The establishment of the first import stays in the « Établissement » group; here the secretariat adds the
other establishment's UAI with its name (printed on its pupils' sheets), renames it, or takes back a UAI
added by mistake. Nothing is written until the dialog's « Enregistrer »: ``changes()`` gives what
``Directory.update_cite`` needs, saved in the same transaction as the other settings.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from elea_desktop.directory.cite import check_uai
from elea_desktop.errors import EleaError

TITLE = "Cité scolaire : UAI rattachés"
NOTE = ("Un collège et un lycée côte à côte : rattachez l'UAI de l'autre établissement pour importer ses "
        "exports SIECLE ici. Chaque élève garde un seul compte, du collège au lycée.")


class CiteUaisGroup(QGroupBox):
    error = Signal(str)  # a refused UAI, in French (the dialog shows it)

    def __init__(self, parent=None):
        super().__init__(TITLE, parent)
        self.setAccessibleName(TITLE)
        self._initial: dict[str, str] = {}
        layout = QVBoxLayout(self)
        note = QLabel(NOTE)
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["UAI", "Nom de l'établissement"])
        self.table.setAccessibleName("UAI rattachés et noms des établissements")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMaximumHeight(96)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.uai_edit = QLineEdit()
        self.uai_edit.setPlaceholderText("UAI, ex. 0752387M")
        self.uai_edit.setAccessibleName("UAI à rattacher")
        self.uai_edit.setMaximumWidth(150)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Nom, ex. Lycée Jean Moulin")
        self.name_edit.setAccessibleName("Nom de l'établissement à rattacher")
        self.add_button = QPushButton("Ra&ttacher")
        self.add_button.setAccessibleName("Rattacher cet UAI")
        self.remove_button = QPushButton("Retirer")
        self.remove_button.setAccessibleName("Retirer l'UAI sélectionné")
        self.remove_button.setToolTip("Seulement pour un UAI rattaché par erreur, sans compte ni classe")
        for widget in (self.uai_edit, self.name_edit):
            row.addWidget(widget)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_from_fields)
        self.uai_edit.returnPressed.connect(self.add_from_fields)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def fill(self, settings) -> None:
        self._initial = {entry.uai: entry.name or "" for entry in settings.other_uais}
        self.set_rows(self._initial)

    def set_rows(self, rows: dict[str, str]) -> None:
        self.table.setRowCount(0)
        for uai, name in rows.items():
            self._append(uai, name)
        self._update_buttons()

    def summary(self) -> str:
        """One line for the settings dialog: the UAIs attached, with their names."""
        shown = self.uais()
        if not shown:
            return "aucun autre établissement rattaché"
        return " ; ".join(f"{uai} – {name}" if name else uai for uai, name in shown.items())

    def _append(self, uai: str, name: str) -> None:
        index = self.table.rowCount()
        self.table.insertRow(index)
        code = QTableWidgetItem(uai)
        code.setFlags(code.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(index, 0, code)
        self.table.setItem(index, 1, QTableWidgetItem(name))

    def uais(self) -> dict[str, str]:
        """UAI → name, as shown."""
        return {self.table.item(r, 0).text(): self.table.item(r, 1).text().strip()
                for r in range(self.table.rowCount())}

    def add_from_fields(self) -> bool:
        try:
            uai = check_uai(self.uai_edit.text())
        except EleaError as refused:
            self.error.emit(refused.message)
            self.uai_edit.setFocus()
            self.uai_edit.selectAll()
            return False
        if uai not in self.uais():
            self._append(uai, self.name_edit.text().strip())
        self.uai_edit.clear()
        self.name_edit.clear()
        self._update_buttons()
        return True

    def remove_selected(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        for row in sorted(rows, reverse=True):
            self.table.removeRow(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def changes(self) -> dict:
        """``add``, ``names`` and ``remove`` for ``Directory.update_cite``."""
        shown = self.uais()
        return {
            "add": [uai for uai in shown if uai not in self._initial],
            "names": {uai: name or None for uai, name in shown.items()},
            "remove": [uai for uai in self._initial if uai not in shown],
        }


class CiteUaisDialog(QDialog):
    """The group in a small window of its own, opened from Réglages: the settings dialog stays short
    enough for a 1024×600 screen. « Annuler » puts the list back as it was; « OK » keeps the changes
    for the settings dialog's « Enregistrer »."""

    def __init__(self, group: CiteUaisGroup, parent=None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.group = group
        self._before: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(group)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        layout.addWidget(self.message)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.ok_button = buttons.button(standard.Ok)
        self.cancel_button = buttons.button(standard.Cancel)
        self.cancel_button.setText("Annuler")
        self.ok_button.setAccessibleName("Garder ces UAI (enregistrés avec les réglages)")
        self.cancel_button.setAccessibleName("Annuler : remettre la liste comme avant")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        group.error.connect(self._show)
        self.resize(560, 320)

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def open(self) -> None:  # noqa: D401 - Qt API
        self._before = self.group.uais()
        self._show("")
        super().open()

    def reject(self) -> None:
        self.group.set_rows(self._before)
        super().reject()
