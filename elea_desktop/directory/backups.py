"""Copies of the database taken before each import (SQLite online backup API), the last few kept.

Copies are ordered by a creation sequence in their names (``comptes-n000012-<UTC time>.sqlite3``), never by
the wall clock: with the clock set back, the copy just taken would otherwise sort first and be pruned at
once. Older names without a sequence (``comptes-<time>.sqlite3``) sort before every numbered one.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path

from elea_desktop.importer import testhooks

BACKUP_DIR = "backups"
KEEP = 5
_PREFIX = "comptes-"
_SUFFIX = ".sqlite3"
_SEQUENCE = re.compile(r"comptes-n(\d+)-")


def _sequence(path: Path) -> int:
    match = _SEQUENCE.match(path.name)
    return int(match.group(1)) if match else 0


def list_backups(data_dir: Path) -> list[Path]:
    """Oldest first, by creation sequence."""
    folder = Path(data_dir) / BACKUP_DIR
    if not folder.is_dir():
        return []
    copies = [p for p in folder.iterdir() if p.name.startswith(_PREFIX) and p.name.endswith(_SUFFIX)]
    return sorted(copies, key=lambda p: (_sequence(p), p.name))


def remove_leftovers(data_dir: Path, *, older_than_s: float = 0.0) -> list[Path]:
    """Delete what a killed copy left in ``backups/`` (``*.part``): it may hold passwords no purge reaches.

    ``older_than_s`` spares a copy another process may be taking right now (a copy takes about a second).
    """
    folder = Path(data_dir) / BACKUP_DIR
    if not folder.is_dir():
        return []
    removed = []
    limit = time.time() - older_than_s
    for path in folder.iterdir():
        if (path.is_file() and not (path.name.startswith(_PREFIX) and path.name.endswith(_SUFFIX))
                and (not older_than_s or path.stat().st_mtime < limit)):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def backup_database(conn: sqlite3.Connection, data_dir: Path, now: datetime, *, keep: int = KEEP) -> Path:
    """Copy the live database consistently (even with WAL frames not yet checkpointed), then prune."""
    folder = Path(data_dir) / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(folder, 0o700)
    stamp = now.strftime("%Y%m%d-%H%M%S-%f")
    existing = list_backups(data_dir)
    sequence = (_sequence(existing[-1]) if existing else 0) + 1
    target = folder / f"{_PREFIX}n{sequence:06d}-{stamp}{_SUFFIX}"
    partial = target.with_name(target.name + ".part")
    # A file created owner-only before SQLite writes into it: the copy holds pupils' data too.
    partial.touch(mode=0o600)
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest)
        testhooks.checkpoint("backup")
    finally:
        dest.close()
    os.replace(partial, target)  # a crash mid-copy never leaves something that looks like a backup
    prune_backups(data_dir, keep=keep)
    return target


def prune_backups(data_dir: Path, *, keep: int = KEEP) -> None:
    """Keep the ``keep`` most recent copies (by creation sequence)."""
    for old in list_backups(data_dir)[:-keep]:
        old.unlink(missing_ok=True)


def scrub_purged_batches(data_dir: Path, batch_ids: list[int]) -> None:
    """Erase, in every backup copy, the passwords of batches purged from the live database.

    Without this, a batch marked as distributed would stay recoverable from the copies taken before the
    next imports. Every file of ``backups/`` is covered: leftovers of a killed copy are deleted, and so is
    a copy that cannot be scrubbed (an unreadable copy could still be decrypted by someone else).
    """
    if not batch_ids:
        return
    placeholders = ", ".join("?" * len(batch_ids))
    rewrite_backups(data_dir, lambda conn: conn.execute(
        f"UPDATE batch_entries SET secret = NULL WHERE secret IS NOT NULL "  # noqa: S608
        f"AND batch_id IN ({placeholders})", batch_ids))


def rewrite_backups(data_dir: Path, change) -> None:
    """Run ``change(conn)`` in one transaction on every backup copy, with erased values overwritten.

    What must be erased must be erased from every copy: leftovers of a killed copy are deleted, and so is
    a copy that cannot be changed (an unreadable copy could still be read by someone else).
    """
    remove_leftovers(data_dir)
    for path in list_backups(data_dir):
        try:
            conn = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error:
            path.unlink(missing_ok=True)
            continue
        try:
            conn.execute("PRAGMA secure_delete = ON")  # overwrite the erased values, not just unlink them
            conn.execute("BEGIN")
            change(conn)
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.close()
            path.unlink(missing_ok=True)
        else:
            conn.close()
