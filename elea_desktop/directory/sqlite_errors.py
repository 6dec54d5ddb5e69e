"""SQLite's own errors, said in French: what happened, that nothing changed, and what to do.

Every write is one transaction, so when SQLite fails the directory is as it was before: each message
says so. Used by the command line and the window for any ``sqlite3.Error`` that reaches them.
"""

from __future__ import annotations

import sqlite3

from elea_desktop.errors import DirectoryError

_UNCHANGED = "L'opération a été annulée : rien n'a été modifié."
_RESTORE = ("Restaurez la dernière sauvegarde (dossier « backups » du dossier de données), ou demandez de "
            "l'aide à votre assistance informatique.")


def explain(error: sqlite3.Error) -> DirectoryError:
    text = str(error).lower()
    if "disk is full" in text or "disk i/o error" in text:
        message = (f"Le disque est plein (ou n'a pas pu être écrit). {_UNCHANGED} Libérez de la place sur le "
                   "disque, ou choisissez un dossier de données sur un autre disque, puis recommencez.")
        code = "disk_full"
    elif "readonly" in text or "read-only" in text or "unable to open" in text:
        message = ("La base des comptes ne peut pas être écrite : le dossier de données est en lecture "
                   f"seule ou vous n'avez pas le droit d'y écrire. {_UNCHANGED} Choisissez un dossier "
                   "où vous pouvez écrire (option --data-dir DOSSIER) ou corrigez ses droits, puis "
                   "recommencez.")
        code = "read_only"
    elif "locked" in text or "busy" in text:
        message = (f"La base des comptes est occupée par une autre fenêtre ou commande d'Éléa Desktop. "
                   f"{_UNCHANGED} Attendez la fin de l'autre opération, puis recommencez.")
        code = "busy"
    elif "malformed" in text or "not a database" in text or "corrupt" in text:
        message = f"La base des comptes est endommagée. {_UNCHANGED} {_RESTORE}"
        code = "corrupt"
    else:
        message = f"La base des comptes a renvoyé une erreur ({error}). {_UNCHANGED} {_RESTORE}"
        code = "database"
    return DirectoryError(message, code=code, details=repr(error))


def damaged_value(what: str, value: object) -> DirectoryError:
    """A value the directory itself wrote that no longer reads back (a flipped byte on the disk)."""
    return DirectoryError(f"La base des comptes contient {what} illisible (« {value} ») : elle est "
                          f"probablement endommagée. Rien n'a été modifié. {_RESTORE}", code="corrupt")
