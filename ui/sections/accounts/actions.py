"""The Comptes section's actions on the selected accounts, each confirmed with the number concerned.

Slips (after a new password, or a reprint) go through ``ui.credentials_actions`` into the section's
``SlipsBox``: the same printing, saving and Moodle export as the importer's report and the Lots section.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from ui.dialogs import confirm, errors
from ui.sections.accounts import tasks
from ui.text import plural
from ui.workers import Job

RETENTION_HINT = ("Un lot est effacé de cet ordinateur une fois marqué comme distribué, ou au bout de "
                  "{days} jours.")


def _names(rows, most: int = 3) -> str:
    names = ", ".join(f"{r.first_name} {r.last_name}" for r in rows[:most])
    return names + ("…" if len(rows) > most else "")


class AccountActions(QObject):
    reset_done = Signal(object)  # workspace.ResetResult
    reprint_ready = Signal(object)  # tasks.ReprintSummary
    protection_changed = Signal(int)
    detail_ready = Signal(object)  # the dialog
    class_list_opened = Signal(object)  # the dialog
    failed = Signal(object)

    def __init__(self, section):
        super().__init__(section)
        self.section = section
        self.detail_dialog = None
        self.class_list_dialog = None
        self.fresh_reset = False  # the slips box holds new passwords (not a reprint)

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
        skipped = len(rows) - len(active)
        if not confirm.ask(self.section, "Nouveau mot de passe",
                           f"Donner un nouveau mot de passe à {plural(len(active), 'compte')} "
                           f"({_names(active)}) ?",
                           informative=("L'ancien mot de passe ne fonctionnera plus dès que le fichier "
                                        "Moodle sera déposé dans Éléa."
                                        + (f" {plural(skipped, 'compte suspendu')} de la sélection "
                                           "n'en recevra pas." if skipped else "")),
                           yes="Nouveau mot de passe"):
            return
        self._reset([r.username for r in active])

    def _reset(self, usernames) -> None:
        work = partial(tasks.reset_passwords, usernames, self.section.data_dir)
        self._start("reset", work, self._reset_done)

    def _reset_done(self, result) -> None:
        self.fresh_reset = True
        count = len(result.usernames)
        slips = self.section.slip_actions
        slips.set_batch(result.batch_id, self.section.uai, count)
        self.section.slips.show_slips(
            f"✓ Nouveau mot de passe pour {plural(count, 'compte')} (lot n° {result.batch_id}).",
            "Imprimez ou enregistrez " + ("sa fiche" if count == 1 else "leurs fiches")
            + ", puis exportez pour Moodle : l'ancien mot de passe fonctionne jusqu'au dépôt du fichier "
            "dans Éléa. Le lot est aussi dans « Lots d'identifiants » (Ctrl+3).", moodle=True)
        self.section.changed_directory()
        self.reset_done.emit(result)

    # -- reprint ---------------------------------------------------------------------------------------
    def reprint(self) -> None:
        rows = self.section.selected_rows()
        if not rows:
            return
        work = partial(tasks.reprint_summary, [r.username for r in rows], self.section.data_dir)
        self._start("reprint", work, lambda summary: self._reprint_ready(summary, rows))

    def _reprint_ready(self, summary, rows) -> None:
        from ui.tasks import retention_days

        without = set(summary.missing)
        missing = [r for r in rows if r.username in without]
        if not summary.found:  # the offer of a new password, if taken, fills the box again
            self._offer_new_password(missing, retention_days())
            self.reprint_ready.emit(summary)
            return
        self.fresh_reset = False
        slips = self.section.slip_actions
        slips.set_batch(summary.batch_ids[-1], self.section.uai, len(summary.found))
        slips.set_scope(None, False, usernames=summary.found)
        batches = ", ".join(f"n° {i}" for i in summary.batch_ids)
        hint = (f"Mots de passe {'du lot' if len(summary.batch_ids) == 1 else 'des lots'} {batches}, "
                "inchangés : rien à déposer dans Éléa.")
        if missing:
            whom = "lui." if len(missing) == 1 else "eux."
            hint += (f" {plural(len(missing), 'compte')} sans mot de passe gardé ({_names(missing)}) : "
                     f"« Nouveau mot de passe… » (Ctrl+Maj+P) pour {whom}")
        self.section.slips.show_slips(
            f"{plural(len(summary.found), 'fiche')} à réimprimer.", hint, moodle=False)
        self.reprint_ready.emit(summary)

    def _offer_new_password(self, missing, days: int) -> None:
        active = [r for r in missing if r.is_active]
        which = "ce compte n'est plus gardé" if len(missing) == 1 else \
            f"ces {len(missing)} comptes ne sont plus gardés"
        why = RETENTION_HINT.format(days=days)
        if not active:
            errors.show_error(self.section, "Réimprimer",
                              f"Aucune fiche à réimprimer : le mot de passe de {which} sur cet ordinateur. "
                              f"{why} Un compte suspendu ne reçoit pas de nouveau mot de passe.")
            return
        if confirm.ask(self.section, "Réimprimer",
                       f"Aucune fiche à réimprimer : le mot de passe de {which} sur cet ordinateur.",
                       informative=f"{why} Donner un nouveau mot de passe à "
                                   f"{plural(len(active), 'compte')} ({_names(active)}) ? L'ancien ne "
                                   "fonctionnera plus dès que le fichier Moodle sera déposé dans Éléa.",
                       yes="Nouveau mot de passe"):
            self._reset([r.username for r in active])

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

    # -- class list ------------------------------------------------------------------------------------
    def class_list(self) -> None:
        from elea_desktop.text import class_sort_key
        from ui.sections.accounts.class_list import ClassListDialog

        counts: dict[str, int] = {}
        for row in self.section.model.rows:
            if row.is_active and row.class_code:
                counts[row.class_code] = counts.get(row.class_code, 0) + 1
        if not counts:
            errors.show_error(self.section, "Liste de la classe",
                              "Aucune classe n'a d'élève actif : importez d'abord l'export SIECLE (Ctrl+1).")
            return
        selected = [r.class_code for r in self.section.selected_rows() if r.class_code]
        current = self.section.class_filter.currentData() or (selected[0] if selected else None)
        self.class_list_dialog = ClassListDialog(self.section, sorted(counts, key=class_sort_key), counts,
                                                 current)
        self.class_list_dialog.open()
        self.class_list_opened.emit(self.class_list_dialog)
