"""The window: a shell that switches between sections. It owns what they share and nothing else.

A section is a ``QWidget`` in its own package under ``ui/sections/`` with ``nav_label``; it is built with
the shell (``data_dir``, ``jobs``, ``directory_changed``, ``report_unexpected``) and may define
``activate()`` (shown), ``settings_saved(settings)`` and ``can_close()``. Its ``windowTitle`` is the
window's while it is shown. Register it in ``SECTIONS`` below; Ctrl+1, Ctrl+2 … follow that order.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from ui.dialogs import errors
from ui.dialogs.settings import SettingsDialog
from ui.keyboard import enter_presses_focused_button
from ui.sections.accounts.section import AccountsSection
from ui.sections.bar import SectionBar
from ui.sections.batches.section import BatchesSection
from ui.sections.common import fit_to_screen
from ui.sections.importer.section import ImporterSection
from ui.style import STYLESHEET
from ui.sync.send import SendFlow
from ui.sync.unsent import UnsentNote
from ui.workers import JobRunner

log = logging.getLogger(__name__)

SECTIONS = (("importer", ImporterSection), ("accounts", AccountsSection), ("batches", BatchesSection))


class MainWindow(QMainWindow):
    section_shown = Signal(str)
    directory_changed = Signal()  # a section changed accounts or batches: the others reload when shown

    def __init__(self, data_dir: Path, archive: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.jobs = JobRunner(self)
        self.settings_dialog: SettingsDialog | None = None
        self.send_flow = SendFlow(self)  # « ENVOYER VERS ÉLÉA », wherever its button is
        self.setStyleSheet(STYLESHEET)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.bar = SectionBar()
        self.bar.section_clicked.connect(self.show_section)
        layout.addWidget(self.bar)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sections: dict[str, QWidget] = {}
        for key, factory in SECTIONS:
            # Built inside the stack: a section may give focus to one of its widgets from __init__.
            section = (factory(self, archive, parent=self.stack) if key == "importer"
                       else factory(self, parent=self.stack))
            self._register(key, section)
        self.importer: ImporterSection = self.sections["importer"]
        self.accounts: AccountsSection = self.sections["accounts"]
        self.batches: BatchesSection = self.sections["batches"]
        self.settings_button = QPushButton("Réglages")
        self.settings_button.setObjectName("sectionTool")
        self.settings_button.setAccessibleName("Réglages de l'établissement")
        self.settings_button.setToolTip(
            "Nom de l'établissement, adresse d'Éléa, identifiants, mots de passe, fiches et fichier Moodle")
        self.settings_button.clicked.connect(self.open_settings)
        self.unsent_note = UnsentNote(self)  # refreshes itself on directory_changed
        self.bar.add_trailing(self.unsent_note)
        self.bar.add_trailing(self.settings_button)
        # While an import runs, the directory is being written: no other section, no settings.
        self.importer.import_started.connect(lambda _job: self.set_sections_enabled(False))
        self.importer.import_finished.connect(self._import_ended)
        self.importer.import_failed.connect(lambda _exc: self.set_sections_enabled(True))
        self.show_section(0)
        self.unsent_note.refresh()
        fit_to_screen(self)
        enter_presses_focused_button(self)

    def _register(self, key: str, section: QWidget) -> None:
        index = self.stack.addWidget(section)
        self.sections[key] = section
        shortcut = f"Ctrl+{index + 1}"
        self.bar.add_section(section.nav_label, shortcut)
        QShortcut(QKeySequence(shortcut), self, activated=lambda i=index: self.show_section(i))
        section.windowTitleChanged.connect(lambda text, s=section: self._title_changed(s, text))

    # -- sections ------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.importer.busy

    @property
    def current_section(self) -> QWidget:
        return self.stack.currentWidget()

    def show_section(self, index_or_key) -> None:
        index = (list(self.sections).index(index_or_key) if isinstance(index_or_key, str)
                 else int(index_or_key))
        if self.busy and index != self.stack.currentIndex():
            self.bar.set_current(self.stack.currentIndex())
            return  # the bar is disabled meanwhile; the shortcuts land here
        self.stack.setCurrentIndex(index)
        self.bar.set_current(index)
        section = self.stack.currentWidget()
        self.setWindowTitle(section.windowTitle())
        activate = getattr(section, "activate", None)
        if activate is not None:
            activate()
        self.section_shown.emit(list(self.sections)[index])

    def set_sections_enabled(self, enabled: bool) -> None:
        current = self.stack.currentIndex()
        for index, button in enumerate(self.bar.buttons):
            button.setEnabled(enabled or index == current)
        self.settings_button.setEnabled(enabled)

    def _import_ended(self, _report) -> None:
        self.set_sections_enabled(True)
        self.directory_changed.emit()

    def _title_changed(self, section: QWidget, text: str) -> None:
        if section is self.stack.currentWidget():
            self.setWindowTitle(text)

    # -- settings ------------------------------------------------------------------------------------
    def open_settings(self, tab: str = "", notice: str = "") -> None:
        """``tab="platform"``: on « Plateforme Éléa », with ``notice`` saying why it was opened."""
        if self.busy:
            return  # saving needs the database the import is writing: the button is disabled meanwhile
        self.settings_dialog = SettingsDialog(self.data_dir, self)
        self.settings_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog.saved.connect(self._settings_saved)
        self.settings_dialog.finished.connect(lambda _result: self.unsent_note.refresh())  # token changed?
        if tab == "platform":
            self.settings_dialog.show_platform(notice)
        self.settings_dialog.open()

    def _settings_saved(self, settings) -> None:
        for section in self.sections.values():
            saved = getattr(section, "settings_saved", None)
            if saved is not None:
                saved(settings)

    # -- errors and closing --------------------------------------------------------------------------
    def report_unexpected(self, exc: BaseException) -> None:
        errors.show_unexpected(self, exc)

    def closeEvent(self, event):  # noqa: N802 - Qt API
        for section in self.sections.values():
            can_close = getattr(section, "can_close", None)
            if can_close is not None and not can_close():
                event.ignore()
                return
        self.jobs.cancel_all()
        self.jobs.wait_all()
        event.accept()
