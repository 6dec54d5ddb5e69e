"""The ways out of a lost key and of a lost database, shared by the window and the command line.

- **Lost key** (``vault.key`` or the keyring entry gone, ``vault.json`` damaged or naming another vault): the
  passwords held in the batches cannot be read by anyone any more. :func:`create_new_key` marks every batch
  still holding passwords as lost (erased, in the live base and its backups), then creates a new key, so that
  the next import with new passwords or a password reset works. It refuses when the key is fine: a key is
  never replaced silently, nor when it still works.
- **Lost database** (``comptes.sqlite3`` missing or empty beside ``backups/`` or ``vault.json``): opening it
  is refused (``database_missing``) instead of starting a new, empty directory that would give every pupil
  a new account; :func:`restore_latest_backup` puts the latest copy back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from elea_desktop.directory.backups import list_backups
from elea_desktop.errors import DirectoryError, VaultError

DB_NAME = "comptes.sqlite3"
VAULT_META = "vault.json"
LOST_KEY_CODES = frozenset({"vault_key_lost", "vault_corrupt"})


def _usable_backups(data_dir: Path) -> list[Path]:
    return [p for p in list_backups(data_dir) if p.stat().st_size > 0]


def missing_database_error(data_dir: Path) -> DirectoryError | None:
    """The refusal to open a missing or empty base that used to exist, or None when it is a first start."""
    data_dir = Path(data_dir)
    db = data_dir / DB_NAME
    if db.exists() and db.stat().st_size > 0:
        return None
    copies = _usable_backups(data_dir)
    if not copies and not (data_dir / VAULT_META).exists():
        return None  # a genuine first start
    state = "vide" if db.exists() else "absente"
    if copies:
        taken = datetime.fromtimestamp(copies[-1].stat().st_mtime, UTC).astimezone()
        offer = (f"Restaurez la dernière sauvegarde, du {taken:%d/%m/%Y à %H:%M} (« Restaurer la dernière "
                 f"sauvegarde du {taken:%d/%m/%Y} »), puis refaites la dernière importation si besoin.")
    else:
        offer = ("Aucune sauvegarde n'est disponible : restaurez le dossier de données depuis une copie, ou "
                 "demandez de l'aide à votre assistance informatique.")
    error = DirectoryError(
        f"La base des comptes « {db.name} » est {state}, alors que ce dossier de données a déjà servi "
        f"(sauvegardes ou clé présentes). Une nouvelle base vide redonnerait à chaque élève un nouveau "
        f"compte et un nouvel identifiant : rien n'a été créé. {offer}",
        code="database_missing",
    )
    if copies:
        error.cli_hint = "Pour restaurer la dernière sauvegarde : python main.py recover restore-backup --yes"
    return error


def restore_latest_backup(data_dir: Path) -> Path:
    """Put the latest backup back as the live base; refuses over a base that is present and not empty."""
    data_dir = Path(data_dir)
    db = data_dir / DB_NAME
    if db.exists() and db.stat().st_size > 0:
        raise DirectoryError("La base des comptes est présente : rien à restaurer. Rien n'a été modifié.",
                             code="nothing_to_restore")
    copies = _usable_backups(data_dir)
    if not copies:
        raise DirectoryError("Aucune sauvegarde n'est disponible dans le dossier « backups ». Rien n'a été "
                             "modifié.", code="no_backup")
    latest = copies[-1]
    check = sqlite3.connect(f"file:{latest}?mode=ro", uri=True)
    try:
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise DirectoryError(f"La dernière sauvegarde « {latest.name} » est endommagée. Rien n'a été "
                                 "modifié.", code="backup_damaged")
    except sqlite3.DatabaseError as exc:
        raise DirectoryError(f"La dernière sauvegarde « {latest.name} » est illisible. Rien n'a été "
                             "modifié.", code="backup_damaged") from exc
    finally:
        check.close()
    temp = db.with_name(db.name + ".restauration")
    shutil.copyfile(latest, temp)
    with contextlib.suppress(OSError):
        os.chmod(temp, 0o600)
    for suffix in ("-wal", "-shm"):  # those of the lost base would be applied to the restored one
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.replace(temp, db)
    return latest


def key_is_lost(directory) -> VaultError | None:
    """The vault's error when its key cannot be used, None when it works (or no vault exists yet)."""
    if not directory.vault.exists:
        return None
    try:
        directory.vault.check()
    except VaultError as error:
        if error.code in LOST_KEY_CODES:
            return error
        raise
    return None


def create_new_key(directory) -> list[int]:
    """Mark the unreadable batches lost, then create a new key; returns the ids of the batches marked."""
    if key_is_lost(directory) is None:
        raise DirectoryError("La clé des mots de passe est disponible : elle n'est pas remplacée. Rien n'a "
                             "été modifié.", code="key_not_lost")
    from elea_desktop.directory import batches

    now = directory.now()
    with directory.transaction() as conn:
        held = [row[0] for row in conn.execute(
            "SELECT id FROM credential_batches WHERE purged_at IS NULL ORDER BY id")]
        for batch_id in held:
            batches.purge_batch(conn, batch_id, now, distributed=False)
    directory.after_purge()
    directory.vault.reset()
    return held
