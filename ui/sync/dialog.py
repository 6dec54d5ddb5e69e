"""« Envoyer vers Éléa »: the preview of the counts, the sync with its progress per stage, then the report.

One window-modal dialog, opened with ``open()`` (never exec()'d), three pages in a stack. Every platform
call runs on the shell's job runner (``ui.workers``): the preview is a dry run read live from the platform,
the sync gets ``cancel`` from the job's flag, which the core checks before each write call, so « Annuler »
stops after the call under way and what it did is recorded (the next sync resumes without duplicates).
"""

from __future__ import annotations

from functools import partial

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from elea_desktop.errors import EleaError
from elea_desktop.platform.planner import STAGES
from elea_desktop.platform.report import SyncProgress, SyncReport
from ui.credentials_actions import CredentialsActions
from ui.sections.common import button
from ui.sync import tasks
from ui.sync.counts import STAGE_LABELS, CountsGrid, changes
from ui.sync.report_view import SyncReportView, conflict_line
from ui.text import plural
from ui.workers import Job

TITLE = "Envoyer vers Éléa"
READING = "Lecture de l'état de la plateforme… (rien n'est encore envoyé)"
STOPPING = "Arrêt après l'appel en cours…"
PREVIEW_LEAD = ("Voici ce que l'envoi changerait sur la plateforme, d'après son état actuel. Les comptes et "
                "les cohortes créés à la main sur la plateforme ne sont jamais modifiés.")
UP_TO_DATE = "✓ Tout est déjà à jour sur la plateforme : il n'y a rien à envoyer."


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class SendDialog(QDialog):
    """``preview_ready(report)``, ``progressed(SyncProgress)`` and ``sync_finished(report)`` let a test
    wait for each step; ``settings_requested(tab)`` asks the shell to open Réglages."""

    preview_ready = Signal(object)
    progressed = Signal(object)
    sync_finished = Signal(object)
    settings_requested = Signal(str)

    def __init__(self, shell, parent: QWidget | None = None):
        super().__init__(parent)
        self.shell = shell
        self.data_dir = shell.data_dir
        self.jobs = shell.jobs
        self.report_unexpected = shell.report_unexpected  # CredentialsActions reports through its window
        self.job: Job | None = None
        self.preview_report: SyncReport | None = None
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._preview_page())
        self.stack.addWidget(self._progress_page())
        self.report_view = SyncReportView()
        self.stack.addWidget(self.report_view)
        layout.addWidget(self.stack, 1)
        row = QHBoxLayout()
        self.settings_button = button("Ouvrir les réglages…",
                                      tip="Réglages de la plateforme ou des mots de passe")
        self.settings_button.clicked.connect(self._open_settings)
        self.settings_button.hide()
        self.retry_button = button("Réessayer")
        self.retry_button.clicked.connect(self.start_preview)
        self.retry_button.hide()
        self.send_button = button("ENVOYER", primary=True, accessible="Envoyer vers Éléa",
                                  tip="Envoyer ces changements à la plateforme")
        self.send_button.clicked.connect(self.start_sync)
        self.cancel_button = button("Annuler", tip="Arrête l'envoi après l'appel en cours")
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = button("Fermer")
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.settings_button)
        row.addStretch(1)
        for widget in (self.retry_button, self.send_button, self.cancel_button, self.close_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self.credentials = CredentialsActions(self, self.report_view.batch_banner)
        # Beside the window, never larger: a 1024 × 600 screen leaves the window about 1000 × 512.
        self.resize(min(780, max(560, parent.width() - 40)) if parent else 780,
                    min(520, max(400, parent.height() - 16)) if parent else 520)

    # -- pages ---------------------------------------------------------------------------------------
    def _preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_label(TITLE, "pageTitle"))
        self.preview_status = _label(READING, "pageLead")
        layout.addWidget(self.preview_status)
        self.preview_counts = CountsGrid(done=False)
        self.preview_counts.hide()
        layout.addWidget(self.preview_counts)
        self.preview_new_batch = _label("", "caution")
        self.preview_new_batch.hide()
        layout.addWidget(self.preview_new_batch)
        self.preview_conflicts_title = _label("", "cardTitle")
        layout.addWidget(self.preview_conflicts_title)
        self.preview_conflicts = QListWidget()
        self.preview_conflicts.setAccessibleName("Conflits : comptes qui ne seront pas envoyés")
        layout.addWidget(self.preview_conflicts, 1)
        self.preview_error = _label("", "errorText")
        self.preview_error.setStyleSheet("color: #b3261e;")
        self.preview_error.hide()
        layout.addWidget(self.preview_error)
        layout.addStretch(0)
        return page

    def _progress_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_label("Envoi vers Éléa", "pageTitle"))
        self.progress_lead = _label("L'envoi se fait par lots. Vous pouvez l'interrompre : il s'arrête "
                                    "après l'appel en cours, et le prochain envoi reprend là où il s'est "
                                    "arrêté.", "pageLead")
        layout.addWidget(self.progress_lead)
        grid = QGridLayout()
        self.stage_bars: dict[str, QProgressBar] = {}
        self.stage_counts: dict[str, QLabel] = {}
        for row, stage in enumerate(STAGES):
            bar = QProgressBar()
            bar.setAccessibleName(f"Progression : {STAGE_LABELS[stage]}")
            bar.setRange(0, 1)
            bar.setValue(0)
            bar.setTextVisible(False)
            count = _label("en attente", "muted")
            count.setWordWrap(False)
            grid.addWidget(QLabel(STAGE_LABELS[stage]), row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(count, row, 2)
            self.stage_bars[stage], self.stage_counts[stage] = bar, count
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.progress_status = _label("", "muted")
        layout.addWidget(self.progress_status)
        layout.addStretch(1)
        return page

    # -- preview -------------------------------------------------------------------------------------
    def open(self) -> None:
        super().open()
        self.start_preview()

    def _buttons(self, *, send=False, cancel=False, retry=False, close=True) -> None:
        self.send_button.setVisible(send)
        self.cancel_button.setVisible(cancel)
        self.retry_button.setVisible(retry)
        self.close_button.setVisible(close)

    def start_preview(self) -> None:
        self.stack.setCurrentIndex(0)
        self.preview_status.setText(READING)
        for widget in (self.preview_counts, self.preview_error, self.preview_conflicts,
                       self.preview_conflicts_title, self.preview_new_batch, self.settings_button):
            widget.hide()
        self._buttons()
        self.retry_button.setText("Réessayer")
        self._run(Job("platform-preview", partial(tasks.preview, self.data_dir)), self._previewed)

    def _run(self, job: Job, on_success, on_progress=None) -> None:
        self.job = job

        def current(callback):
            # Only the answer of the job under way, to a dialog still open (a closed one is deleted).
            return lambda value: (callback(value) if shiboken6.isValid(self) and self.job is job else None)

        self.jobs.start(job, on_success=current(on_success), on_failure=current(self._failed),
                        on_progress=current(on_progress) if on_progress else None)

    def _previewed(self, report: SyncReport) -> None:
        self.job = None
        self.preview_report = report
        if report.error is not None:
            self.preview_status.setText("La plateforme n'a pas pu être lue : rien n'a été envoyé.")
            self.preview_error.setText(report.error.message)
            self.preview_error.show()
            self._offer_settings(report.error.code)
            self._buttons(retry=True)
        else:
            self.preview_counts.show_report(report)
            self.preview_counts.show()
            pending = changes(report)
            self.preview_status.setText(PREVIEW_LEAD if pending else UP_TO_DATE)
            regenerated = report.passwords_regenerated
            who = plural(regenerated, "compte à créer n'a", "comptes à créer n'ont")
            self.preview_new_batch.setText(
                f"{who} plus de mot de passe sur cet ordinateur (lot effacé) : l'envoi leur en donnera un "
                "nouveau, dans un nouveau lot dont vous imprimerez les fiches.")
            self.preview_new_batch.setVisible(regenerated > 0)
            lines = [conflict_line(c) for c in report.conflicts]
            self.preview_conflicts.clear()
            self.preview_conflicts.addItems(lines)
            self.preview_conflicts_title.setText(
                f"Conflits ({len(lines)}) : comptes qui ne seront pas envoyés, la plateforme garde les siens")
            self.preview_conflicts.setVisible(bool(lines))
            self.preview_conflicts_title.setVisible(bool(lines))
            self._buttons(send=bool(pending))
            if pending:
                self.send_button.setFocus()
        self.preview_ready.emit(report)

    def _offer_settings(self, code: str | None) -> None:
        from ui.sync.report_view import SETTINGS_FOR

        self.settings_target = SETTINGS_FOR.get(code or "")
        self.settings_button.setVisible(self.settings_target is not None)

    def _open_settings(self) -> None:
        target = getattr(self, "settings_target", None) or "platform"
        self.accept()
        self.settings_requested.emit(target)

    # -- sync ----------------------------------------------------------------------------------------
    def start_sync(self) -> None:
        self.stack.setCurrentIndex(1)
        self.progress_status.setText("Connexion à la plateforme…")
        for stage in STAGES:
            self.stage_bars[stage].setRange(0, 1)
            self.stage_bars[stage].setValue(0)
            self.stage_counts[stage].setText("en attente")
        self._buttons(cancel=True, close=False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        # Thinned to ten a second, but the first and last event of a stage always get through.
        job = Job("platform-sync", partial(tasks.send, self.data_dir), min_interval=0.1,
                  always=lambda e: e.done in (0, e.total))
        self._run(job, self._synced, self._progress)

    def _progress(self, event: SyncProgress) -> None:
        bar = self.stage_bars.get(event.stage)
        if bar is None:
            return
        bar.setRange(0, max(1, event.total))
        bar.setValue(event.done if event.total else 1)
        self.stage_counts[event.stage].setText(f"{event.done} / {event.total}" if event.total
                                               else "rien à faire")
        for earlier in STAGES[:STAGES.index(event.stage)]:
            done_bar = self.stage_bars[earlier]
            done_bar.setValue(done_bar.maximum())
        if self.job is not None and not self.job.cancel_requested:
            self.progress_status.setText(f"{STAGE_LABELS[event.stage]} : envoi en cours…")
        self.progressed.emit(event)

    def cancel(self) -> None:
        if self.job is None:
            return
        self.job.cancel()
        self.cancel_button.setEnabled(False)
        self.progress_status.setText(STOPPING)

    def _synced(self, result: tasks.SendResult) -> None:
        self.job = None
        report = result.report
        self.stack.setCurrentIndex(2)
        self.report_view.show_report(report, result.batch_size)
        if report.batch_id is not None and result.batch_size:
            self.credentials.set_batch(report.batch_id, result.uai, result.batch_size)
        self._offer_settings(report.error.code if report.error is not None else None)
        self._buttons(retry=report.error is not None and report.error.exit_code == 4)
        self.retry_button.setText("Reprendre l'envoi")
        self.close_button.setFocus()
        self.shell.directory_changed.emit()  # the journal and perhaps a batch changed: sections reload
        self.sync_finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self._buttons(retry=True)
        if isinstance(exc, EleaError):
            self.stack.setCurrentIndex(0)
            self.preview_status.setText("L'opération n'a pas abouti.")
            self.preview_error.setText(exc.message)
            self.preview_error.show()
        else:
            self.report_unexpected(exc)

    # -- closing -------------------------------------------------------------------------------------
    @property
    def sending(self) -> bool:
        return self.job is not None and self.job.name == "platform-sync"

    def reject(self) -> None:
        if self.sending:
            self.cancel()  # Échap or the title bar's cross while sending: stop cleanly, then let it close
            return
        if self.job is not None:
            self.job.cancel()  # a preview: it writes nothing; its answer is ignored
            self.job = None
        super().reject()
