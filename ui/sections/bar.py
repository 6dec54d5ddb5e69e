"""The section bar across the top of the window: Importer, Comptes, Lots d'identifiants … and Réglages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton


class SectionBar(QFrame):
    section_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("sectionBar")
        self.setAccessibleName("Sections de l'application")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(12, 6, 12, 6)
        self._layout.setSpacing(4)
        brand = QLabel("Éléa Desktop")
        brand.setObjectName("brand")
        self._layout.addWidget(brand)
        self._layout.addSpacing(12)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.section_clicked)
        self.buttons: list[QPushButton] = []
        self._layout.addStretch(1)

    def add_section(self, label: str, shortcut: str) -> QPushButton:
        button = QPushButton(label)
        button.setObjectName("section")
        button.setCheckable(True)
        button.setToolTip(f"{label} ({shortcut})")
        button.setAccessibleName(f"Section {label}")
        self.group.addButton(button, len(self.buttons))
        self._layout.insertWidget(2 + len(self.buttons), button)
        self.buttons.append(button)
        return button

    def add_trailing(self, widget) -> None:
        self._layout.addWidget(widget)

    def set_current(self, index: int) -> None:
        self.buttons[index].setChecked(True)
