"""The credentials banner's buttons: save the PDF, print it, preview it, export the Moodle CSV.

The PDF is always the core's (``write_credential_sheets``), written on a worker thread; printing paints
the core's drawing of the same pages onto the printer as vectors, on a worker thread too, straight from
memory (no temporary PDF holding passwords). The window only tracks whether the passwords were
saved or printed, so that closing can ask first.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from elea_desktop.errors import EleaError
from ui import printing, tasks
from ui.dialogs import confirm, errors, files, recovery
from ui.dialogs.moodle import show_moodle_instructions
from ui.text import plural
from ui.workers import Job

log = logging.getLogger(__name__)


class CredentialsActions(QObject):
    saved = Signal(object)  # the PDF path
    printed = Signal(int)  # pages printed
    print_cancelled = Signal()
    moodle_exported = Signal(object)  # tasks.MoodleExport
    failed = Signal(object)
    purged = Signal(int)
    held_opened = Signal()

    def __init__(self, window, page):
        super().__init__(window)
        self.window = window
        self.page = page
        self.batch_id: int | None = None
        self.import_id: int | None = None
        self.uai: str | None = None
        self.passwords = 0
        self.done = False
        # One class of the batch (its class when the batch was made) and/or the pupils who left since:
        # set by the Lots section; the importer's report always handles the whole batch.
        self.class_code: str | None = None
        self.include_left = False
        self.usernames: tuple[str, ...] | None = None  # a reprint of these accounts (Comptes)
        page.save_requested.connect(self.save)
        page.print_requested.connect(self.print_sheets)
        page.preview_requested.connect(self.preview)
        page.moodle_requested.connect(self.export_moodle)
        page.purge_requested.connect(self.purge)
        page.open_pdf_requested.connect(self.open_pdf)
        page.cancel_print_requested.connect(self.cancel_print)
        self._print_job: Job | None = None
        self.saved_pdf: Path | None = None
        self._held = None

    # -- state ---------------------------------------------------------------------------------------
    def reset(self) -> None:
        self.batch_id, self.import_id, self.passwords, self.done = None, None, 0, False
        self.class_code, self.include_left, self.usernames = None, False, None
        self.saved_pdf = None
        self.page.open_pdf_button.hide()

    def open_pdf(self) -> None:
        if self.saved_pdf is not None and not files.open_with_system(self.saved_pdf):
            errors.show_error(self.window, "Ouvrir le PDF",
                              f"Aucune application n'a pu ouvrir « {self.saved_pdf} ». Ouvrez-le depuis "
                              "l'explorateur de fichiers.")

    def set_batch(self, batch_id: int | None, uai: str | None, passwords: int,
                  import_id: int | None = None) -> None:
        self.batch_id, self.uai, self.passwords, self.done = batch_id, uai, passwords, False
        self.import_id = import_id
        self.class_code, self.include_left, self.usernames = None, False, None

    def set_scope(self, class_code: str | None, include_left: bool = False, usernames=None) -> None:
        """What the next save, print or export takes: one class of the batch (None: all of it), with or
        without the pupils who left since (slips only: the Moodle file suspends them either way).
        ``usernames``: the slips of these accounts only, each from the latest batch holding its password."""
        self.class_code, self.include_left = class_code, include_left
        self.usernames = tuple(usernames) if usernames else None

    def _sheets_scope(self) -> dict:
        return {"class_code": self.class_code, "include_left": self.include_left, "usernames": self.usernames}

    def _file_name(self, prefix: str, suffix: str) -> str:
        if self.class_code is not None:
            prefix += "-" + tasks.file_part(self.class_code, "sans-classe")
        return tasks.default_name(prefix, self.uai, suffix)

    @property
    def pending(self) -> bool:
        """New passwords exist that were neither saved nor printed."""
        return self.batch_id is not None and self.passwords > 0 and not self.done

    def offer_held(self, batches, uai) -> None:
        """The latest batch of an earlier session, not yet handed out: step 1 offers to get it back."""
        if not batches:
            self._held = None
            self.window.drop_page.show_held(None)
            return
        latest = max(batches, key=lambda b: b.created_at)
        self._held = (latest, uai)
        self.window.drop_page.show_held(held_text(batches))

    def open_held(self) -> None:
        if self._held is None:
            return
        batch, uai = self._held
        self.set_batch(batch.id, uai, batch.size)
        self.done = True  # generated in an earlier session: closing need not warn again
        self.page.show_held(f"{batch.created_at:%d/%m/%Y}", batch.size)
        self.held_opened.emit()

    # -- purge ---------------------------------------------------------------------------------------
    def purge(self) -> None:
        if self.batch_id is None:
            return
        whole = (" Tout le lot est concerné, pas seulement la classe choisie."
                 if self.class_code is not None else "")
        if not confirm.ask(self.window, "Effacer les mots de passe",
                           "Les fiches ont-elles toutes été remises aux élèves ?",
                           informative=f"{_erased(self.passwords)} définitivement de cet ordinateur : ils ne "
                                       f"pourront plus être réimprimés.{whole}",
                           yes="Effacer les mots de passe", no="Garder encore", warning=True,
                           destructive=True):
            return
        self._start("purge", partial(tasks.purge_batch, self.batch_id, self.window.data_dir),
                    self._purged, "Effacement…")

    def _purged(self, batch_id: int) -> None:
        self.page.set_busy(False)
        self.batch_id, self.passwords, self.done = None, 0, True
        if self._held is not None and self._held[0].id == batch_id:
            self._held = None
            self.window.drop_page.show_held(None)
        self.page.show_purged()
        self.purged.emit(batch_id)

    def _mark_done(self, text: str) -> None:
        if self.class_code is not None:
            text += f", classe {self.class_code or 'sans classe'}"  # which slips, once the list moved on
        self.done = True
        self.page.set_credentials_state(passwords=self.passwords, has_batch=True, done_text=text)

    def _start(self, name: str, work, on_success, busy_text: str, on_progress=None) -> Job:
        self.page.set_busy(True, busy_text)
        return self.window.jobs.start(Job(name, work), on_success=on_success, on_failure=self._failed,
                                      on_progress=on_progress)

    def _failed(self, exc: BaseException) -> None:
        self._print_job = None
        self.page.cancel_print_button.hide()
        self.page.set_busy(False)
        self.page.set_credentials_state(passwords=self.passwords, has_batch=self.batch_id is not None,
                                        done_text="Identifiants enregistrés ou imprimés" if self.done else "")
        if recovery.offer_recovery(self.window, exc, self.window.data_dir):
            pass  # a new key: these passwords are lost, the dialog said what to do next
        elif isinstance(exc, EleaError):
            errors.show_error(self.window, "Identifiants", exc.message)
        else:
            self.window.report_unexpected(exc)
        self.failed.emit(exc)

    # -- save ----------------------------------------------------------------------------------------
    def save(self) -> None:
        if self.batch_id is None:
            return
        default = files.documents_folder() / self._file_name("identifiants", ".pdf")
        path = files.choose_save_file(self.window, "Enregistrer les identifiants", default, files.PDF_FILTER)
        if path is None:
            return
        self._start("save-pdf", partial(tasks.write_sheets, self.batch_id, path, self.window.data_dir,
                                        **self._sheets_scope()),
                    lambda info: self._saved(path, info), "Enregistrement du PDF…")

    def _saved(self, path: Path, info) -> None:
        self.page.set_busy(False)
        self.saved_pdf = path
        self.page.open_pdf_button.show()
        self._mark_done(f"Identifiants enregistrés dans « {path} » ({plural(info.page_count, 'page')})")
        log.info("Credentials saved (%d pages)", info.page_count)
        self.saved.emit(path)

    # -- print ---------------------------------------------------------------------------------------
    def print_sheets(self) -> None:
        if self.batch_id is None:
            return
        self._start("print-prepare", partial(tasks.load_print_job, self.batch_id, self.window.data_dir,
                                             **self._sheets_scope()),
                    self._choose_printer, "Préparation des pages…")

    def _choose_printer(self, job) -> None:
        printer = printing.new_printer(self._file_name("identifiants", ""))
        if not files.choose_printer(self.window, printer, job.page_count):
            self.page.set_busy(False)
            self._restore_banner()
            return
        printing.register_qt_fonts()  # on the GUI thread, before the worker paints with them
        work = partial(_print_work, job, printer)
        self._printer = printer  # kept alive until the job ends
        self._print_job = self._start("print", work, self._printed, "Impression en cours…",
                                      on_progress=self._print_progress)
        self.page.cancel_print_button.show()

    def cancel_print(self) -> None:
        if self._print_job is not None:
            self._print_job.cancel()  # the painter stops between two pages and aborts the job

    def _print_progress(self, value) -> None:
        done, total = value
        self.page.set_busy(True, f"Impression en cours… page {done} sur {total}")

    def _printed(self, pages: int) -> None:
        cancelled = self._print_job is not None and self._print_job.cancel_requested
        self._printer = self._print_job = None
        self.page.cancel_print_button.hide()
        self.page.set_busy(False)
        if cancelled:
            self._restore_banner()
            self.page.banner_detail.setText("Impression annulée. Les identifiants restent à imprimer ou "
                                            "à enregistrer.")
            self.print_cancelled.emit()
            return
        self._mark_done(f"Identifiants envoyés à l'imprimante ({plural(pages, 'page')})")
        log.info("Credentials printed (%d pages)", pages)
        self.printed.emit(pages)

    def _restore_banner(self) -> None:
        self.page.set_credentials_state(passwords=self.passwords, has_batch=True,
                                        done_text="Identifiants enregistrés ou imprimés" if self.done else "")

    # -- preview -------------------------------------------------------------------------------------
    def preview(self) -> None:
        if self.batch_id is None:
            return
        self._start("preview-prepare", partial(tasks.load_print_job, self.batch_id, self.window.data_dir,
                                               **self._sheets_scope()),
                    self._show_preview, "Préparation de l'aperçu…")

    def _show_preview(self, job) -> None:
        self.page.set_busy(False)
        self._restore_banner()
        printer = printing.new_printer(self._file_name("identifiants", ""))
        # The preview paints on the GUI thread (Qt's preview widget asks for it): the same vector pages.
        files.open_print_preview(self.window, printer, lambda p: printing.print_sheets(job, p))

    # -- Moodle --------------------------------------------------------------------------------------
    def export_moodle(self) -> None:
        source = ("import", self.import_id) if self.import_id is not None else ("batch", self.batch_id)
        if source[1] is None:
            return
        default = files.documents_folder() / self._file_name("moodle", ".csv")
        path = files.choose_save_file(self.window, "Exporter pour Moodle", default, files.CSV_FILTER)
        if path is None:
            return
        self._start("moodle-csv", partial(tasks.write_moodle, source, path, self.window.data_dir,
                                          class_code=self.class_code),
                    self._moodle_done, "Export pour Moodle…")

    def _moodle_done(self, result) -> None:
        self.page.set_busy(False)
        self._restore_banner()
        log.info("Moodle CSV written (%d rows)", result.rows)
        self.moodle_exported.emit(result)
        show_moodle_instructions(self.window, result)


def _erased(passwords: int) -> str:
    if passwords == 1:
        return "Le mot de passe sera effacé"
    return f"Les {plural(passwords, 'mot de passe', 'mots de passe')} seront effacés"


def _print_work(job, printer, report, cancelled) -> int:
    return printing.print_sheets(job, printer, progress=report, cancelled=cancelled)


def held_text(batches) -> str:
    """Every batch still to hand out, newest first: none is forgotten behind another."""
    def left(batch) -> str:
        return plural(max(0, tasks.retention_days() - int(batch.age_days)), "jour")

    ordered = sorted(batches, key=lambda b: b.created_at, reverse=True)
    if len(ordered) == 1:
        batch = ordered[0]
        return (f"Les identifiants générés le {batch.created_at:%d/%m/%Y} ({plural(batch.size, 'élève')}) "
                f"n'ont pas été marqués comme distribués. Ils restent disponibles {left(batch)}.")
    lines = "; ".join(f"lot n° {b.id} du {b.created_at:%d/%m/%Y} ({plural(b.size, 'élève')}, "
                      f"encore {left(b)})" for b in ordered)
    total = sum(b.size for b in ordered)
    return (f"{plural(total, 'identifiant')}, en {plural(len(ordered), 'lot')}, n'ont pas été marqués comme "
            f"distribués : {lines}. "
            "Retrouvez-les dans la section « Lots d'identifiants » (Ctrl+3).")
