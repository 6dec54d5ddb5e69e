"""Moving the directory to another PC: one passphrase-sealed file holding the directory and its held batches.

- **Export**: a consistent snapshot of the live base through SQLite's backup API (an import running at the
  same time is either wholly in it or not at all), taken into memory, never into a file beside the data.
  The passwords still held in batches are encrypted with this PC's vault key, which lives in its keyring
  and stays there: the export carries that key *inside* the sealed file, so the passphrase alone opens it.
- **Restore**: everything is checked in memory first (passphrase, tag, SQLite integrity, schema not newer
  than this version). The held passwords are then re-encrypted with the *receiving* PC's vault key (created
  in its keyring on a new PC), so the old PC's key never becomes part of the new one; the base is written
  in full to ``backups/restauration.part`` and only then renamed over the live one, once a copy of the
  replaced base is in ``backups/``. A kill before the rename leaves the old base exactly as it was; after
  it, the new one is complete.
- The platform token is not carried (it is a secret of the old PC's keyring): after a restore, the
  platform is connected again from Réglages (or ``moodle connect``).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sqlite3
import struct
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from elea_desktop import paths
from elea_desktop.directory import sealed_file
from elea_desktop.directory.backups import BACKUP_DIR, backup_database
from elea_desktop.directory.schema import SCHEMA_VERSION, current_version, migrate
from elea_desktop.errors import DirectoryError, ExportError, SafetyRefusal
from elea_desktop.importer import testhooks

DB_NAME = "comptes.sqlite3"
SUFFIX = ".elea"
PAYLOAD_FORMAT = 1
MAX_FILE = 512 * 1024 * 1024  # a 5,000-pupil directory seals to well under 5 MB
MAX_PAYLOAD = 2 * 1024 * 1024 * 1024
# In backups/, under a name that is not a backup's: a kill before the rename leaves it where the next
# opening of the directory deletes leftovers (backups.remove_leftovers).
STAGED = "restauration.part"


@dataclass(frozen=True)
class Summary:
    """What an export file holds (shown before and after a restore)."""

    created_at: datetime
    uai: str | None
    name: str | None
    accounts: int
    active: int
    held_batches: int
    held_passwords: int
    backup: Path | None = None  # restore: the copy of the base it replaced

    @property
    def label(self) -> str:
        return self.name or self.uai or "établissement sans nom"

    def as_json(self) -> dict:
        return {"created_at": self.created_at.isoformat(), "uai": self.uai, "name": self.name,
                "accounts": self.accounts, "active": self.active, "held_batches": self.held_batches,
                "held_passwords": self.held_passwords, "backup": self.backup.name if self.backup else None}


def _counts(conn: sqlite3.Connection) -> dict:
    one = conn.execute(
        "SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM accounts WHERE status = 'active'), "
        "(SELECT COUNT(DISTINCT batch_id) FROM batch_entries WHERE secret IS NOT NULL), "
        "(SELECT COUNT(*) FROM batch_entries WHERE secret IS NOT NULL)").fetchone()
    row = conn.execute("SELECT uai, name FROM establishment WHERE id = 1").fetchone() or (None, None)
    return {"accounts": one[0], "active": one[1], "held_batches": one[2], "held_passwords": one[3],
            "uai": row[0], "name": row[1]}


def _summary(manifest: dict, backup: Path | None = None) -> Summary:
    return Summary(datetime.fromisoformat(manifest["created_at"]), manifest.get("uai"), manifest.get("name"),
                   manifest["accounts"], manifest["active"], manifest["held_batches"],
                   manifest["held_passwords"], backup)


def _image(conn: sqlite3.Connection) -> bytes:
    image = bytearray(conn.serialize())
    # File format bytes 18-19: 2 marks a WAL base, which SQLite refuses to open from memory. The restored
    # base is switched back to WAL by Directory.open.
    image[18] = image[19] = 1
    return bytes(image)


# ------------------------------------------------------------------------------------------------ export

def export_directory(data_dir, target: Path | str, passphrase: str, *, repeated: str | None = None,
                     log2_n: int | None = None) -> Summary:
    """Write the sealed export of ``data_dir``'s directory to ``target`` (atomically); returns its summary."""
    from elea_desktop.credentials.atomic_write import write_atomically
    from elea_desktop.directory.store import Directory

    sealed_file.check_passphrase(passphrase, repeated)  # before the snapshot: nothing is read for nothing
    snapshot = sqlite3.connect(":memory:")
    try:
        with Directory.open(data_dir) as directory:
            if not directory.has_accounts():
                raise DirectoryError("L'annuaire de ce poste ne contient encore aucun compte : il n'y a "
                                     "rien à exporter.", code="nothing_to_export")
            directory.connection.backup(snapshot)
            counts = _counts(snapshot)
            # The key only when it is needed: a directory whose batches are all distributed carries none.
            key = directory.vault.raw_key() if counts["held_passwords"] else None
        manifest = {"format": PAYLOAD_FORMAT, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "schema_version": current_version(snapshot), **counts,
                    "vault_key": base64.b64encode(key).decode("ascii") if key else None}
        body = json.dumps(manifest).encode("utf-8")
        payload = zlib.compress(struct.pack(">I", len(body)) + body + _image(snapshot), 6)
    finally:
        snapshot.close()
    sealed = sealed_file.seal(payload, passphrase, log2_n=log2_n)
    write_atomically(target, lambda temp: Path(temp).write_bytes(sealed), what="l'export de l'annuaire")
    return _summary(manifest)


# ----------------------------------------------------------------------------------------------- restore

def _read(source: Path) -> bytes:
    try:
        size = source.stat().st_size
        if size > MAX_FILE:
            raise ExportError(sealed_file.NOT_OURS, code="not_directory_export")
        return source.read_bytes()
    except FileNotFoundError:
        raise ExportError(f"Le fichier « {source} » n'existe pas. Rien n'a été modifié.",
                          code="export_missing") from None
    except OSError as exc:
        raise ExportError(f"Le fichier « {source} » ne peut pas être lu ({exc.strerror or exc}). Rien "
                          "n'a été modifié.", code="export_unreadable") from exc


def _unpack(payload: bytes) -> tuple[dict, bytes]:
    damaged = ExportError(sealed_file.DAMAGED, code="export_damaged")
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(payload, MAX_PAYLOAD)
        if inflater.unconsumed_tail or not inflater.eof:
            raise damaged
        (length,) = struct.unpack_from(">I", raw)
        manifest = json.loads(raw[4 : 4 + length])
        if not isinstance(manifest, dict) or manifest.get("format") != PAYLOAD_FORMAT:
            raise damaged
        _summary(manifest)  # every field present and typed
    except (zlib.error, struct.error, ValueError, KeyError, TypeError):
        raise damaged from None
    return manifest, raw[4 + length :]


def read_export(source: Path | str, passphrase: str) -> tuple[dict, sqlite3.Connection]:
    """The manifest and the directory of an export file, opened in memory and checked (nothing written)."""
    manifest, image = _unpack(sealed_file.unseal(_read(Path(source)), passphrase))
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.deserialize(image)
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        version = current_version(conn) if ok else 0
        ok = ok and version >= 1 and conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'accounts'").fetchone() is not None
    except sqlite3.DatabaseError:
        ok = False
    if not ok:
        conn.close()
        raise ExportError(sealed_file.DAMAGED, code="export_damaged")
    if version > SCHEMA_VERSION:
        conn.close()
        raise ExportError("Cet annuaire a été exporté par une version plus récente d'Éléa Desktop : "
                          "installez la dernière version sur ce poste, puis recommencez. Rien n'a été "
                          "modifié.",
                          code="export_newer")
    migrate(conn)  # an export of an older version is brought to this one in memory
    return manifest, conn


def _existing(db: Path) -> dict | None:
    if not db.exists() or db.stat().st_size == 0:
        return None
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return _counts(conn)
    except sqlite3.DatabaseError:
        return {"accounts": "?", "uai": None, "name": None}  # damaged: replacing it is the point
    finally:
        conn.close()


def replace_question(existing: dict, incoming: Summary) -> str:
    here = existing.get("name") or existing.get("uai") or "sans nom"
    return (f"Ce poste a déjà un annuaire ({here}, {existing['accounts']} compte(s)). Le restaurer "
            f"remplace tout son contenu par celui du fichier ({incoming.label}, {incoming.accounts} "
            f"compte(s), exporté le {incoming.created_at.astimezone():%d/%m/%Y à %H:%M}). Une copie de "
            "l'annuaire actuel est gardée dans le dossier « backups ».")


def _rewrap(conn: sqlite3.Connection, manifest: dict, data_dir: Path) -> None:
    """The held passwords, from the export's key to this PC's vault key (same associated data)."""
    from elea_desktop.credentials.vault import Vault
    from elea_desktop.directory.batches import entry_aad

    rows = conn.execute("SELECT e.batch_id, e.account_id, a.uid, e.secret FROM batch_entries e "
                        "JOIN accounts a ON a.id = e.account_id WHERE e.secret IS NOT NULL").fetchall()
    if not rows:
        return
    try:
        carried = Vault.holding(base64.b64decode(manifest["vault_key"] or "", validate=True))
    except ValueError:
        raise ExportError(sealed_file.DAMAGED, code="export_damaged") from None
    local = Vault(data_dir)
    conn.execute("BEGIN")
    for batch_id, account_id, uid, secret in rows:
        aad = entry_aad(batch_id, uid)
        conn.execute("UPDATE batch_entries SET secret = ? WHERE batch_id = ? AND account_id = ?",
                     (local.encrypt(carried.decrypt(secret, aad=aad), aad=aad), batch_id, account_id))
    conn.execute("COMMIT")


def _stage(conn: sqlite3.Connection, staged: Path) -> None:
    staged.parent.mkdir(mode=0o700, exist_ok=True)
    staged.unlink(missing_ok=True)
    staged.touch(mode=0o600)  # pupils' data: owner-only before SQLite writes into it
    dest = sqlite3.connect(staged)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    with open(staged, "rb+") as handle:
        os.fsync(handle.fileno())


def _set_aside(db: Path, data_dir: Path, now: datetime) -> Path:
    """A backup copy of the base about to be replaced, with its WAL folded in so it can be dropped."""
    conn = sqlite3.connect(db, isolation_level=None, timeout=10)
    try:
        copy = backup_database(conn, data_dir, now)
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy and busy[0]:
            raise DirectoryError("La base des comptes est utilisée par une autre fenêtre ou commande "
                                 "d'Éléa Desktop : fermez-la, puis recommencez. Rien n'a été modifié.",
                                 code="directory_busy")
    finally:
        conn.close()
    return copy


def restore_directory(data_dir, source: Path | str, passphrase: str, *, replace: bool = False,
                      now: datetime | None = None) -> Summary:
    """Put the export ``source`` in place of ``data_dir``'s directory.

    Over an existing directory, refuses (``SafetyRefusal`` ``confirm_replace``) unless ``replace``; then a
    copy of the replaced base is kept in ``backups/``. Any refusal or failure changes nothing.
    """
    from elea_desktop.credentials.vault import KEY_FILE_NAME, META_NAME

    folder = paths.data_dir(data_dir)
    db = folder / DB_NAME
    manifest, conn = read_export(source, passphrase)
    staged = folder / BACKUP_DIR / STAGED
    new_vault = not (folder / META_NAME).exists()
    try:
        incoming = _summary(manifest)
        existing = _existing(db)
        # A base without any account (a new PC whose window was opened first) is nothing to lose: no
        # question, but still a copy, for the settings typed in it.
        if existing is not None and existing["accounts"] != 0 and not replace:
            raise SafetyRefusal(replace_question(existing, incoming), code="confirm_replace",
                                overridable=True,
                                cli_hint="Pour remplacer l'annuaire de ce poste : ajoutez --replace.")
        _rewrap(conn, manifest, folder)
        _stage(conn, staged)
        testhooks.checkpoint("restore")
        backup = _set_aside(db, folder, now or datetime.now(UTC)) if existing is not None else None
        for suffix in ("-wal", "-shm"):  # folded into the base above; the restored base must not get them
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.replace(staged, db)
    except BaseException:
        staged.unlink(missing_ok=True)
        if new_vault:  # a key made for this restore only would make an empty folder look used
            for name in (META_NAME, KEY_FILE_NAME):
                with contextlib.suppress(OSError):
                    (folder / name).unlink()
        raise
    finally:
        conn.close()
    return _summary(manifest, backup)
