"""« Liste de la classe » : the roster a teacher asks for (names and usernames, never a password), printed
or saved as a PDF. The core draws the pages (``elea_desktop.credentials.class_list``); the printer gets
the same drawing as vectors, as the credential sheets do."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from elea_desktop.errors import EleaError
from ui import printing
from ui import tasks as shared_tasks
from ui.dialogs import errors, files
from ui.sections.accounts import tasks
from ui.text import plural
from ui.workers import Job


class ClassListDialog(QDialog):
    saved = Signal(object)  # the PDF path
    printed = Signal(int)  # pages sent
    failed = Signal(object)

    def __init__(self, section, classes: list[str], counts: dict[str, int], current: str | None):
        super().__init__(section)
        self.section = section
        self.counts = counts
        self.saved_pdf = None
        self._printer = None
        self.setWindowTitle("Liste de la classe")
        layout = QVBoxLayout(self)
        intro = QLabel("Les noms, prénoms et identifiants des élèves actifs d'une classe, sans mot de "
                       "passe : la liste à remettre à un enseignant.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.class_choice = QComboBox()
        self.class_choice.setAccessibleName("Classe de la liste")
        for code in classes:
            self.class_choice.addItem(code, code)
        self.class_choice.setCurrentIndex(max(0, self.class_choice.findData(current)))
        self.class_choice.currentIndexChanged.connect(lambda _i: self._show_count())
        form.addRow("Classe :", self.class_choice)
        self.count = QLabel()
        self.count.setObjectName("muted")
        form.addRow("", self.count)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.print_button = self.buttons.addButton("Imprimer…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setObjectName("primary")
        self.save_button = self.buttons.addButton("Enregistrer…", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button = self.buttons.addButton("Ouvrir le PDF", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.hide()
        self.close_button = self.buttons.addButton("Fermer", QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.setDefault(True)
        # Accept/Reject roles would close the dialog: these buttons act, only « Fermer » closes it.
        self.print_button.clicked.connect(self.print_list)
        self.save_button.clicked.connect(self.save_list)
        self.open_button.clicked.connect(self._open_pdf)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self._show_count()

    @property
    def class_code(self) -> str:
        return self.class_choice.currentData()

    def _show_count(self) -> None:
        count = self.counts.get(self.class_code, 0)
        self.count.setText(plural(count, "élève actif", "élèves actifs"))
        for widget in (self.print_button, self.save_button):
            widget.setEnabled(count > 0)
        self.status.clear()
        self.open_button.hide()

    def _busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.print_button, self.save_button, self.class_choice, self.close_button):
            widget.setEnabled(not busy)
        if text:
            self.status.setText(text)

    def _start(self, name, work, on_success, text) -> None:
        self._busy(True, text)
        self.section.jobs.start(Job(name, work), on_success=on_success, on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.status.clear()
        if isinstance(exc, EleaError):
            errors.show_error(self, "Liste de la classe", exc.message)
        else:
            self.section.report_unexpected(exc)
        self.failed.emit(exc)

    def _name(self, suffix: str) -> str:
        return shared_tasks.default_name(f"liste-{shared_tasks.file_part(self.class_code, 'classe')}",
                                         self.section.uai, suffix)

    # -- save ------------------------------------------------------------------------------------------
    def save_list(self) -> None:
        default = files.documents_folder() / self._name(".pdf")
        path = files.choose_save_file(self, "Enregistrer la liste de la classe", default, files.PDF_FILTER)
        if path is None:
            return
        work = partial(tasks.save_class_list, self.class_code, path, self.section.data_dir)
        self._start("class-list-pdf", work, lambda pages: self._saved(path, pages), "Enregistrement…")

    def _saved(self, path, pages: int) -> None:
        self._busy(False, f"✓ Liste de la classe {self.class_code} enregistrée dans « {path} » "
                          f"({plural(pages, 'page')}).")
        self.saved_pdf = path
        self.open_button.show()
        self.saved.emit(path)

    def _open_pdf(self) -> None:
        if self.saved_pdf is not None and not files.open_with_system(self.saved_pdf):
            errors.show_error(self, "Ouvrir le PDF",
                              f"Aucune application n'a pu ouvrir « {self.saved_pdf} » : ouvrez-le depuis "
                              "l'explorateur de fichiers.")

    # -- print -----------------------------------------------------------------------------------------
    def print_list(self) -> None:
        work = partial(tasks.load_class_list, self.class_code, self.section.data_dir)
        self._start("class-list-prepare", work, self._choose_printer, "Préparation des pages…")

    def _choose_printer(self, plan) -> None:
        printer = printing.new_printer(self._name(""))
        if not files.choose_printer(self, printer, plan.page_count, "Imprimer la liste de la classe"):
            self._busy(False)
            self.status.clear()
            return
        from ui.print_canvas import register_qt_fonts

        register_qt_fonts()  # on the GUI thread, before the worker paints with them
        self._printer = printer  # kept alive until the job ends
        self._start("class-list-print", partial(tasks.print_class_list, plan, printer), self._printed,
                    "Impression en cours…")

    def _printed(self, pages: int) -> None:
        self._printer = None
        self._busy(False, f"✓ Liste de la classe {self.class_code} envoyée à l'imprimante "
                          f"({plural(pages, 'page')}).")
        self.printed.emit(pages)
