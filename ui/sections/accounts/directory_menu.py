"""Comptes › « Annuaire ▾ »: the whole directory rather than a selection — export it to another PC, restore
it from an export, anonymise former pupils. The core does the work (``elea_desktop.directory.transfer`` and
``forget``, the same functions as ``directory export|restore`` and ``accounts forget-leavers``), on a worker:
scrypt and the SQLite copies take about a second.

Every step asks in plain French first: the passphrase (twice to export), replacing this PC's directory
(destructive: Enter answers « Annuler »), the number of accounts about to be anonymised.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ui.dialogs import confirm, errors, files
from ui.sections.common import button
from ui.text import plural
from ui.workers import Job

MENU_LABEL = "Annuaire ▾"
FORGET_DETAIL = ("Leurs noms, prénoms, dates de naissance, INE et identifiants SIECLE sont effacés "
                 "définitivement, aussi dans l'historique, les lots et les sauvegardes. Leurs identifiants "
                 "restent réservés : ils ne seront jamais redonnés.")
EXPORT, RESTORE, FORGET = "Exporter l'annuaire…", "Restaurer l'annuaire…", "Anonymiser les anciens élèves…"


# -- work for the worker thread (no widget) ---------------------------------------------------------------
def export_work(data_dir: Path, target: Path, passphrase: str, _report, _cancelled):
    from elea_desktop.directory import transfer

    return transfer.export_directory(data_dir, target, passphrase)


def restore_work(data_dir: Path, source: Path, passphrase: str, replace: bool, _report, _cancelled):
    from elea_desktop.directory import transfer

    return transfer.restore_directory(data_dir, source, passphrase, replace=replace)


def forget_work(data_dir: Path, dry_run: bool, _report, _cancelled):
    from elea_desktop.directory.forget import forget_leavers
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        return forget_leavers(directory, dry_run=dry_run)


# -- the menu ---------------------------------------------------------------------------------------------
class DirectoryMenu(QObject):
    """The button, its menu, and the three flows. ``done`` carries each flow's result once shown."""

    done = Signal(str, object)  # ("export" | "restore" | "forget", the core's result)

    def __init__(self, section):
        super().__init__(section)
        self.section = section
        self.button = button(MENU_LABEL, accessible="Annuaire : exporter, restaurer, anonymiser",
                             tip="Changer de poste (exporter, restaurer l'annuaire) ; anonymiser les comptes "
                                 "des anciens élèves")
        # popup(), not setMenu(): a button's own menu runs a nested event loop (QMenu.exec) when clicked.
        self.button.clicked.connect(self.show_menu)
        self.menu = QMenu(self.button)
        self.export_action = QAction(EXPORT, self.menu, triggered=self.export)
        self.restore_action = QAction(RESTORE, self.menu, triggered=self.restore)
        self.forget_action = QAction(FORGET, self.menu, triggered=self.forget)
        self.menu.addAction(self.export_action)
        self.menu.addAction(self.restore_action)
        self.menu.addSeparator()
        self.menu.addAction(self.forget_action)
        self.passphrase_dialog = None
        self._pending = None  # (file, passphrase) of a restore waiting for « replace? »

    def show_menu(self) -> None:
        self.menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))

    @property
    def data_dir(self) -> Path:
        return self.section.data_dir

    def _start(self, name, work, on_success, on_failure=None) -> None:
        self.section.jobs.start(Job(name, work), on_success=on_success, on_failure=on_failure or self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.section.report_failure(exc)

    def _ask_passphrase(self, *, twice: bool, title: str, action: str, then) -> None:
        from ui.dialogs.passphrase import PassphraseDialog

        self.passphrase_dialog = PassphraseDialog(self.section, twice=twice, title=title, action=action)
        self.passphrase_dialog.chosen.connect(then)
        self.passphrase_dialog.open()

    # -- export ------------------------------------------------------------------------------------------
    def export(self) -> None:
        self._ask_passphrase(twice=True, title="Exporter l'annuaire", action="Choisir le fichier…",
                             then=self._export_to)

    def _export_to(self, passphrase: str) -> None:
        from ui import tasks as shared_tasks

        default = files.documents_folder() / shared_tasks.default_name(
            "annuaire", getattr(self.section, "uai", None), ".elea")
        target = files.choose_save_file(self.section, "Exporter l'annuaire", default, files.DIRECTORY_FILTER)
        if target is None:
            return
        self._start("directory-export", partial(export_work, self.data_dir, target, passphrase),
                    lambda summary: self._exported(target, summary))

    def _exported(self, target: Path, summary) -> None:
        errors.show_info(self.section, "Annuaire exporté",
                         f"L'annuaire ({plural(summary.accounts, 'compte')}, "
                         f"{plural(summary.held_passwords, 'mot de passe', 'mots de passe')} encore à "
                         f"distribuer) est enregistré dans « {target.name} ». Sur le nouveau poste : "
                         "Comptes › Annuaire › Restaurer l'annuaire…, avec la même phrase de passe. "
                         "Supprimez ensuite ce fichier : il contient les données des élèves.")
        self.done.emit("export", summary)

    # -- restore -----------------------------------------------------------------------------------------
    def restore(self) -> None:
        source = files.choose_open_file(self.section, "Restaurer l'annuaire", files.DIRECTORY_FILTER)
        if source is None:
            return
        self._ask_passphrase(twice=False, title="Restaurer l'annuaire", action="Restaurer",
                             then=lambda passphrase: self._restore(source, passphrase, False))

    def _restore(self, source: Path, passphrase: str, replace: bool) -> None:
        self._pending = (source, passphrase)
        self._start("directory-restore", partial(restore_work, self.data_dir, source, passphrase, replace),
                    self._restored, lambda exc: self._failed_restore(exc) or self._failed(exc))

    def _failed_restore(self, exc: BaseException) -> bool:
        if getattr(exc, "code", None) != "confirm_replace":
            return False
        source, passphrase = self._pending
        if confirm.ask(self.section, "Remplacer l'annuaire de ce poste", exc.message,
                       informative="Les comptes, l'historique, les réglages et les lots de ce poste seront "
                                   "remplacés par ceux du fichier.",
                       yes="Remplacer l'annuaire", warning=True, destructive=True):
            self._restore(source, passphrase, True)
        else:
            self._pending = None
        return True

    def _restored(self, summary) -> None:
        self._pending = None
        kept = (f" L'annuaire remplacé est gardé dans « backups/{summary.backup.name} »."
                if summary.backup is not None else "")
        errors.show_info(self.section, "Annuaire restauré",
                         f"Annuaire de {summary.label} restauré : {plural(summary.accounts, 'compte')}, "
                         f"{plural(summary.held_passwords, 'mot de passe', 'mots de passe')} encore à "
                         f"distribuer.{kept} Si l'envoi vers Éléa était configuré sur l'ancien poste, "
                         "saisissez à nouveau le jeton dans Réglages.")
        self.section.changed_directory()
        self.done.emit("restore", summary)

    # -- anonymisation -----------------------------------------------------------------------------------
    def forget(self) -> None:
        self._start("forget-preview", partial(forget_work, self.data_dir, True), self._confirm_forget)

    def _confirm_forget(self, preview) -> None:
        from elea_desktop.directory.forget import year_label

        since = year_label(preview.latest_eligible_year)
        if not preview.leavers:
            errors.show_info(self.section, "Anonymiser les anciens élèves",
                             f"Aucun compte à anonymiser : aucun ancien élève n'est suspendu depuis l'année "
                             f"scolaire {since} ou avant (délai réglé : "
                             f"{plural(preview.after_years, 'année scolaire', 'années scolaires')}, dans "
                             "Réglages).")
            self.done.emit("forget", preview)
            return
        count = len(preview.leavers)
        if not confirm.ask(self.section, "Anonymiser les anciens élèves",
                           f"Anonymiser {plural(count, 'compte')} d'anciens élèves, suspendus depuis l'année "
                           f"scolaire {since} ou avant ?",
                           informative=FORGET_DETAIL,
                           yes=f"Anonymiser {plural(count, 'compte')}", warning=True, destructive=True):
            return
        self._start("forget", partial(forget_work, self.data_dir, False), self._forgotten)

    def _forgotten(self, result) -> None:
        errors.show_info(self.section, "Anciens élèves anonymisés",
                         f"{plural(len(result.leavers), 'compte anonymisé', 'comptes anonymisés')}. Ils "
                         "restent dans la liste, au statut « anonymisé ».")
        self.section.changed_directory()
        self.done.emit("forget", result)


def add_directory_menu(section, layout) -> DirectoryMenu:
    """The menu button at the end of the section's title row (the first row of ``layout``)."""
    menu = DirectoryMenu(section)
    layout.itemAt(0).layout().addWidget(menu.button)
    return menu
