"""The window's way out of a lost key or a lost base: said plainly, confirmed, then repaired.

The core does the work (``elea_desktop.directory.recovery``, the same as ``python main.py recover``); this
module only asks. Both operations are a few file and SQL steps, so they run here, on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from elea_desktop.directory import recovery
from elea_desktop.errors import EleaError
from ui.dialogs import confirm, errors


def can_recover(exc: BaseException) -> bool:
    code = getattr(exc, "code", None)
    return code in recovery.LOST_KEY_CODES or code == "database_missing"


def offer_recovery(parent: QWidget | None, exc: BaseException, data_dir: Path) -> bool:
    """For a lost key or base: explain, ask, repair. True when something was repaired (reload then)."""
    if not can_recover(exc):
        return False
    try:
        if exc.code == "database_missing":
            return _restore(parent, exc, data_dir)
        return _new_key(parent, exc, data_dir)
    except EleaError as failure:
        errors.show_error(parent, "Réparation impossible", failure.message)
        return False


def _restore(parent, exc, data_dir: Path) -> bool:
    if not recovery.list_backups(data_dir):
        errors.show_error(parent, "Base des comptes perdue", exc.message)
        return False
    if not confirm.ask(parent, "Base des comptes perdue", exc.message,
                       informative="La base actuelle (absente ou vide) sera remplacée par la dernière "
                                   "sauvegarde. Les importations faites après cette sauvegarde seront à "
                                   "refaire.",
                       yes="Restaurer la dernière sauvegarde", warning=True):
        return False
    restored = recovery.restore_latest_backup(data_dir)
    errors.show_info(parent, "Sauvegarde restaurée",
                     f"La sauvegarde « {restored.name} » a été restaurée. Si une importation a eu lieu "
                     "après elle, refaites-la avec le même export SIECLE.")
    return True


def _new_key(parent, exc, data_dir: Path) -> bool:
    if not confirm.ask(parent, "Clé des mots de passe perdue", exc.message,
                       informative="Les mots de passe encore conservés (lots non distribués) sont "
                                   "définitivement perdus ; les comptes des élèves restent. Une nouvelle clé "
                                   "va être créée et ces lots seront marqués perdus. Ensuite, importez "
                                   "l'export en choisissant « nouveaux mots de passe pour tous », ou "
                                   "redonnez un mot de passe élève par élève.",
                       yes="Créer une nouvelle clé", warning=True, destructive=True):
        return False
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        marked = recovery.create_new_key(directory)
    errors.show_info(parent, "Nouvelle clé créée",
                     f"Une nouvelle clé a été créée ; {len(marked)} lot(s) de mots de passe marqué(s) "
                     "perdu(s). Vous pouvez maintenant importer avec de nouveaux mots de passe.")
    return True
