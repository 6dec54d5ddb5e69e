"""The Importer section: the step navigator, the four pages, and the import flow that moves between them.

It lives inside the window's shell (``ui/main_window.py``), which owns the job runner and the title bar."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from elea_desktop.errors import EleaError, ExportError, ImportCancelled
from ui import tasks
from ui.credentials_actions import CredentialsActions
from ui.dialogs import confirm, errors, files, notices, recovery, welcome
from ui.dialogs.password_choice import PasswordChoiceDialog
from ui.sections.importer.drop_page import DropPage
from ui.sections.importer.progress_pages import ClassesPage, UsersPage
from ui.sections.importer.report_page import ReportPage
from ui.sections.importer.step_nav import CURRENT, DONE, PENDING, StepNav
from ui.sections.importer.summary import safety_message, summarise
from ui.workers import Job

log = logging.getLogger(__name__)
TITLE = "Importer des utilisateurs"


class ImporterSection(QWidget):
    state_loaded = Signal(object)
    analysis_ready = Signal(object)
    analysis_failed = Signal(object)
    import_started = Signal(object)  # the Job: tests read its thread and may hold it
    import_finished = Signal(object)  # the engine's ImportReport
    import_failed = Signal(object)

    nav_label = "Importer"

    def __init__(self, shell, archive: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = Path(shell.data_dir)
        self.jobs = shell.jobs  # one runner for the window: SQLite takes one writer at a time
        self.analysis: tasks.Analysis | None = None
        self.report = None
        self.import_job: Job | None = None
        self.choice_dialog: PasswordChoiceDialog | None = None
        self._close_after_import = False
        self._welcomed = False
        self._pending_progress: list = []
        self.setWindowTitle(TITLE)
        self._build()
        self.credentials = CredentialsActions(self, self.report_page)
        self.report_page.send_requested.connect(lambda: shell.send_flow.start())
        self.drop_page.held_requested.connect(self.credentials.open_held)
        self.credentials.held_opened.connect(self._show_held)
        # A batch marked as distributed in « Lots d'identifiants » leaves step 1's reminder (and this report).
        shell.directory_changed.connect(lambda: self.import_job is None and self.reload_state())
        self.drop_page.drop_zone.browse.setFocus()  # Enter opens the file picker straight away
        # Once the event loop runs: no worker thread starts while the window is first shown.
        QTimer.singleShot(0, self.reload_state)
        if archive is not None:
            QTimer.singleShot(0, partial(self.open_file, Path(archive)))

    # -- layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = StepNav()
        self.nav.step_clicked.connect(self.show_step)
        layout.addWidget(self.nav)
        self.stack = QStackedWidget()
        self.drop_page = DropPage()
        self.classes_page = ClassesPage()
        self.users_page = UsersPage()
        self.report_page = ReportPage()
        for page in (self.drop_page, self.classes_page, self.users_page, self.report_page):
            self.stack.addWidget(page)
        layout.addWidget(self.stack, 1)
        self.drop_page.file_chosen.connect(self.open_file)
        self.drop_page.files_chosen.connect(self.open_files)
        self.drop_page.browse_requested.connect(self.browse)
        self.drop_page.import_requested.connect(self.start_import)
        for page in (self.classes_page, self.users_page):
            page.cancel_requested.connect(self.cancel_import)
        self.classes_page.continue_requested.connect(lambda: self.show_step(2))
        self.users_page.continue_requested.connect(lambda: self.show_step(3))
        self.report_page.new_import_requested.connect(self.new_import)
        QShortcut(QKeySequence.StandardKey.Open, self, activated=self.browse)

    def settings_saved(self, settings) -> None:
        self.drop_page.drop_zone.set_cite(len(settings.uais))
        if self.analysis is None:
            self._set_title(settings.name, settings.uai)

    def show_step(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.nav.set_viewing(index)

    def _set_title(self, name: str | None, uai: str | None) -> None:
        who = f"{name} ({uai})" if name and uai else (name or uai)
        self.setWindowTitle(f"{TITLE} · {who}" if who else TITLE)

    def _state_loaded(self, state: tasks.StartupState) -> None:
        if self.analysis is None:
            self._set_title(state.establishment_name, state.uai)
        held = {batch.id for batch in state.held_batches}
        shown = self.credentials.batch_id
        if shown is not None and self.credentials.passwords and shown not in held:
            self.credentials.reset()  # erased meanwhile: nothing left to print, nor to warn about on closing
            self.report_page.show_purged()
        self.credentials.offer_held(state.held_batches, state.uai)
        self.drop_page.drop_zone.set_cite(state.uais)
        if welcome.is_first_start(state) and not self._welcomed:
            self._welcomed = True  # once per window: Échap means « later », asked again next start
            welcome.show_welcome(self, self.data_dir, self._welcome_saved)
        self.state_loaded.emit(state)

    def _welcome_saved(self, settings) -> None:
        self._set_title(settings.name, settings.uai)
        self.drop_page.drop_zone.browse.setFocus()  # then straight to the drop zone

    def reload_state(self) -> None:
        """Establishment name and credentials still held, read off the GUI thread."""
        self.jobs.start(Job("state", partial(tasks.load_state, self.data_dir)), on_success=self._state_loaded,
                        on_failure=self._state_failed)

    def _state_failed(self, exc: BaseException) -> None:
        # The directory could not be opened: say so now, before the user prepares a file.
        if recovery.offer_recovery(self, exc, self.data_dir):
            self.reload_state()
            return
        if isinstance(exc, EleaError):
            errors.show_error(self, "Base des comptes", exc.message)
        else:
            self.report_unexpected(exc)
        self.state_loaded.emit(None)

    # -- step 1: the file ----------------------------------------------------------------------------
    def browse(self) -> None:
        if self.busy:
            return
        paths = files.choose_export_files(self)
        if paths:
            self.open_files(paths)

    @property
    def busy(self) -> bool:
        return self.import_job is not None

    def open_file(self, path: Path) -> None:
        self.open_files([path])

    def open_files(self, paths: list[Path]) -> None:
        """One export, or those of a cité scolaire's establishments: read, then planned together."""
        if self.busy or not paths:
            return
        paths = [Path(p) for p in paths]
        log.info("Reading %s", ", ".join(p.name for p in paths))
        self.analysis = None
        self.show_step(0)
        self.nav.set_current(0)
        self.drop_page.show_reading(paths[0] if len(paths) == 1 else paths)
        source = paths[0] if len(paths) == 1 else paths
        self.jobs.start(Job("read", partial(tasks.analyse, source, self.data_dir)),
                        on_success=self._analysis_done, on_failure=self._analysis_failed)

    def _analysis_done(self, analysis: tasks.Analysis) -> None:
        self.analysis = analysis
        # Pupils or staff: steps 2 and 3 are worded for what the file holds.
        self.nav.set_staff(analysis.is_staff)
        self.classes_page.set_staff(analysis.is_staff)
        self.users_page.set_staff(analysis.is_staff)
        summary, warnings, blocking = summarise(analysis)
        self.drop_page.show_summary(summary, warnings, blocking=blocking,
                                    status="" if blocking else "Le fichier est prêt à être importé.")
        # Our establishment, never the file's UAI beside our name (another school's file is refused).
        self._set_title(analysis.establishment_name, analysis.bound_uai or analysis.export.uai)
        self.analysis_ready.emit(analysis)

    def _analysis_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ExportError):
            log.info("File refused: %s", exc.code)
            self.drop_page.show_error(exc.message)
        elif isinstance(exc, EleaError):
            self.drop_page.show_error(exc.message)
        else:
            self.drop_page.show_error("Le fichier n'a pas pu être lu à cause d'une erreur inattendue. "
                                      "Rien n'a été modifié.")
            self.report_unexpected(exc)
        self.analysis_failed.emit(exc)

    # -- the choice, the confirmations ---------------------------------------------------------------
    def start_import(self) -> None:
        analysis = self.analysis
        if analysis is None or self.busy:
            return
        plan = analysis.plans.get("new") or analysis.first_plan
        confirmed = confirm.confirm_findings(self, plan.findings)
        if confirmed is None:
            return
        if analysis.is_first_import:
            counts = plan.counts
            created, classes = counts.get("users_created", 0), counts.get("classes_total", 0)
            if confirm.confirm_first_import(self, created, classes, staff=analysis.is_staff):
                self.run_import(None, confirmed)
            return
        new_counts, keep_counts = analysis.plans["new"].counts, analysis.plans["keep"].counts
        self.choice_dialog = PasswordChoiceDialog(new_counts, keep_counts, self, staff=analysis.is_staff)
        self.choice_dialog.chosen.connect(lambda mode: self.run_import(mode, confirmed))
        self.choice_dialog.finished.connect(self._choice_closed)
        self.choice_dialog.open()  # window-modal, does not block: the choice arrives through ``chosen``

    def _choice_closed(self) -> None:
        if self.choice_dialog is not None:
            self.choice_dialog.deleteLater()
            self.choice_dialog = None

    # -- steps 2 and 3: the import -------------------------------------------------------------------
    def run_import(self, mode: str | None, confirmed: bool) -> None:
        if self.analysis is None or self.busy:
            return
        log.info("Import started (mode %s, confirmed %s)", mode, confirmed)
        self.credentials.reset()
        self.classes_page.start()
        self.users_page.start()
        self.nav.set_current(1)
        self.stack.setCurrentIndex(1)
        work = partial(tasks.run_import, self.analysis.import_source, self.data_dir, mode, confirmed)
        # Every class is shown (a few dozen events); user counters at most every 40 ms, and the last one.
        self.import_job = Job("import", work, min_interval=0.04,
                              always=lambda e: e.stage != "users" or e.done >= e.total)
        self.import_started.emit(self.import_job)  # before the thread starts: nothing is missed
        self.jobs.start(self.import_job, on_progress=self._import_progress,
                        on_success=self._import_done, on_failure=self._import_failed)

    def cancel_import(self) -> None:
        if self.import_job is not None:
            log.info("Import cancel requested")
            self.import_job.cancel()

    def _import_progress(self, event) -> None:
        # Events queue up faster than widgets repaint: gather them and draw once per event-loop turn,
        # so a burst of 30 classes costs one repaint, not thirty (the heartbeat bench saw 90 ms).
        self._pending_progress.append(event)
        if len(self._pending_progress) == 1:
            QTimer.singleShot(0, self._flush_progress)

    def _flush_progress(self) -> None:
        events, self._pending_progress = self._pending_progress, []
        if self.import_job is None or not events:
            return  # finished or failed meanwhile: the final figures are already shown
        classes = [e for e in events if e.stage == "classes"]
        if classes:
            self.classes_page.on_progress_batch(classes)
        users = [e for e in events if e.stage != "classes"]
        if users:
            if self.nav.states[2] != CURRENT:
                self.classes_page.finish()
                self.nav.set_current(2)
                self.stack.setCurrentIndex(2)
            self.users_page.on_progress(users[-1])

    def _import_done(self, outcome) -> None:
        report, warnings = outcome
        self.import_job = None
        self.report = report
        passwords = int(report.counts.get("passwords_generated", 0))
        self.drop_page.mark_imported()
        if getattr(report, "kind", "students") == "staff":
            self.classes_page.show_functions(report.functions, report.classes)
        else:
            self.classes_page.show_result(report.classes)
        self.users_page.show_result(report.counts, passwords)
        changes = sum(report.counts.get(f"users_{key}", 0)
                      for key in ("created", "updated", "reactivated", "transferred", "suspended"))
        self.report_page.show_report(report, passwords=passwords,
                                     has_batch=report.batch_id is not None or changes > 0)
        self.credentials.set_batch(report.batch_id, report.uai, passwords, getattr(report, "import_id", None))
        self.nav.set_states([DONE, DONE, DONE, CURRENT], viewing=2)
        self.stack.setCurrentIndex(2)
        log.info("Import finished: %s", {k: v for k, v in report.counts.items()})
        self.import_finished.emit(report)
        if warnings:
            notices.show_import_warnings(self, warnings)
        if self._close_after_import:
            # The engine committed before the cancel was seen: closing asks about the credentials as usual.
            self._close_after_import = False
            self.window().close()

    def _import_failed(self, exc: BaseException) -> None:
        self.import_job = None
        self.nav.set_current(0)
        self.stack.setCurrentIndex(0)
        if isinstance(exc, ImportCancelled):
            self.drop_page.set_busy(False, exc.message)
        elif isinstance(exc, EleaError):
            self.drop_page.set_busy(False, "L'importation n'a pas eu lieu : rien n'a été modifié.")
            if not recovery.offer_recovery(self, exc, self.data_dir):
                errors.show_error(self, "Importation impossible", safety_message(exc))
        else:
            self.drop_page.set_busy(False, "L'importation a été interrompue par une erreur : "
                                           "rien n'a été modifié.")
            self.report_unexpected(exc)
        self.import_failed.emit(exc)
        if self._close_after_import:
            self.window().close()

    def _show_held(self) -> None:
        self.nav.set_states([DONE, PENDING, PENDING, DONE], viewing=3)
        self.stack.setCurrentIndex(3)

    def new_import(self) -> None:
        if self.credentials.pending and not confirm.confirm_close_with_credentials(
                self, leaving="Passer à une nouvelle importation"):
            return
        self.credentials.reset()
        self.analysis = None
        self.drop_page.reset()
        self.nav.set_staff(False)
        self.reload_state()
        self.nav.set_current(0)
        self.stack.setCurrentIndex(0)

    # -- errors and closing --------------------------------------------------------------------------
    def report_unexpected(self, exc: BaseException) -> None:
        errors.show_unexpected(self, exc)

    def can_close(self) -> bool:
        """Asked by the shell when the window is closing: False keeps the window open."""
        if self.import_job is not None:
            if confirm.confirm_close_while_importing(self):
                self._close_after_import = True
                self.import_job.cancel()
            return False  # the window closes itself once the engine has rolled back
        return not (self.credentials.pending and not confirm.confirm_close_with_credentials(self))
