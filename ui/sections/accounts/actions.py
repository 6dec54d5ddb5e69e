"""The Comptes section's actions on the selected accounts, each confirmed with the number concerned."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from ui import tasks as shared_tasks
from ui.dialogs import confirm, errors, files
from ui.sections.accounts import tasks
from ui.text import plural
from ui.workers import Job


class AccountActions(QObject):
    reset_done = Signal(object)  # workspace.ResetResult
    slips_saved = Signal(object)  # the PDF path
    protection_changed = Signal(int)
    detail_ready = Signal(object)  # the dialog
    failed = Signal(object)

    def __init__(self, section):
        super().__init__(section)
        self.section = section
        self.last_reset = None
        self.detail_dialog = None

    def _start(self, name, work, on_success) -> None:
        self.section.jobs.start(Job(name, work), on_success=on_success, on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.section.report_failure(exc)
        self.failed.emit(exc)

    # -- new password ----------------------------------------------------------------------------------
    def reset(self) -> None:
        rows = self.section.selected_rows()
        active = [r for r in rows if r.is_active]
        if not rows:
            return
        if not active:
            errors.show_error(self.section, "Nouveau mot de passe",
                              "Les comptes choisis sont suspendus (élèves partis) : ils ne reçoivent pas de "
                              "mot de passe. Ils seront réactivés s'ils reviennent dans un export.")
            return
        names = ", ".join(f"{r.first_name} {r.last_name}" for r in active[:3])
        names += "…" if len(active) > 3 else ""
        skipped = len(rows) - len(active)
        if not confirm.ask(self.section, "Nouveau mot de passe",
                           f"Donner un nouveau mot de passe à {plural(len(active), 'compte')} ({names}) ?",
                           informative=("L'ancien mot de passe ne fonctionnera plus dès que le fichier "
                                        "Moodle sera déposé dans Éléa."
                                        + (f" {plural(skipped, 'compte suspendu')} de la sélection "
                                           "n'en recevra pas." if skipped else "")),
                           yes="Nouveau mot de passe"):
            return
        usernames = [r.username for r in active]
        work = partial(tasks.reset_passwords, usernames, self.section.data_dir)
        self._start("reset", work, self._reset_done)

    def _reset_done(self, result) -> None:
        self.last_reset = result
        self.section.show_batch_actions(result)
        self.section.changed_directory()
        self.reset_done.emit(result)

    def save_slips(self) -> None:
        if self.last_reset is None:
            return
        uai = getattr(self.section, "uai", None)
        default = files.documents_folder() / shared_tasks.default_name("identifiants", uai, ".pdf")
        path = files.choose_save_file(self.section, "Enregistrer les fiches", default, files.PDF_FILTER)
        if path is None:
            return
        work = partial(shared_tasks.write_sheets, self.last_reset.batch_id, path, self.section.data_dir)
        self._start("reset-pdf", work, lambda _info: self.slips_saved.emit(path))

    # -- protection ------------------------------------------------------------------------------------
    def protect(self, protected: bool) -> None:
        rows = [r for r in self.section.selected_rows() if r.protected != protected]
        if not rows:
            return
        if protected:
            asked = confirm.ask(self.section, "Protéger", f"Protéger {plural(len(rows), 'compte')} ?",
                                informative="Les importations ne modifieront, ne suspendront et ne "
                                            "changeront plus le mot de passe de ces comptes.",
                                yes="Protéger")
        else:
            asked = confirm.ask(self.section, "Ne plus protéger",
                                f"Retirer la protection de {plural(len(rows), 'compte')} ?",
                                informative="Les prochaines importations les mettront à jour comme les "
                                            "autres.",
                                yes="Ne plus protéger")
        if not asked:
            return
        work = partial(tasks.set_protected, [r.username for r in rows], protected, self.section.data_dir)
        self._start("protect", work, self._protected)

    def _protected(self, count: int) -> None:
        self.section.changed_directory()
        self.protection_changed.emit(count)

    # -- detail ----------------------------------------------------------------------------------------
    def detail(self, row=None) -> None:
        rows = [row] if row is not None else self.section.selected_rows()[:1]
        if not rows:
            return
        work = partial(tasks.account_detail, rows[0].username, self.section.data_dir)
        self._start("detail", work, self._show_detail)

    def _show_detail(self, result) -> None:
        from ui.sections.accounts.detail import AccountDetailDialog

        account, history = result
        self.detail_dialog = AccountDetailDialog(account, history, self.section)
        self.detail_dialog.open()
        self.detail_ready.emit(self.detail_dialog)
