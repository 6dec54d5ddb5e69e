"""Copies of the database taken before each import (SQLite online backup API), the last few kept."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

BACKUP_DIR = "backups"
KEEP = 5
_PREFIX = "comptes-"
_SUFFIX = ".sqlite3"


def list_backups(data_dir: Path) -> list[Path]:
    """Oldest first: names embed a sortable UTC timestamp."""
    folder = Path(data_dir) / BACKUP_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(_PREFIX) and p.name.endswith(_SUFFIX))


def backup_database(conn: sqlite3.Connection, data_dir: Path, now: datetime, *, keep: int = KEEP) -> Path:
    """Copy the live database consistently (even with WAL frames not yet checkpointed), then prune."""
    folder = Path(data_dir) / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(folder, 0o700)
    stamp = now.strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{_PREFIX}{stamp}{_SUFFIX}"
    partial = target.with_name(target.name + ".part")
    # A file created owner-only before SQLite writes into it: the copy holds pupils' data too.
    partial.touch(mode=0o600)
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.replace(partial, target)  # a crash mid-copy never leaves something that looks like a backup
    prune_backups(data_dir, keep=keep)
    return target


def prune_backups(data_dir: Path, *, keep: int = KEEP) -> None:
    """Keep the ``keep`` most recent copies."""
    for old in list_backups(data_dir)[:-keep]:
        old.unlink(missing_ok=True)


def scrub_purged_batches(data_dir: Path, batch_ids: list[int]) -> None:
    """Erase, in every backup copy, the passwords of batches purged from the live database.

    Without this, a batch marked as distributed would stay recoverable from the copies taken before the
    next imports. Best effort: an unreadable copy is left as it is (it is replaced within a few imports).
    """
    if not batch_ids:
        return
    placeholders = ", ".join("?" * len(batch_ids))
    for path in list_backups(data_dir):
        try:
            conn = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            conn.execute("PRAGMA secure_delete = ON")  # overwrite the ciphertexts, not just unlink them
            conn.execute(
                f"UPDATE batch_entries SET secret = NULL WHERE secret IS NOT NULL "  # noqa: S608
                f"AND batch_id IN ({placeholders})",
                batch_ids,
            )
        except sqlite3.Error:
            pass
        finally:
            conn.close()
