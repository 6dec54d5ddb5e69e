"""The account directory: one SQLite database in the data folder.

One ``Directory`` holds one connection, usable only by the thread that opened it (a worker thread opens its
own). Transactions are explicit (``isolation_level=None``): an import is a single
``BEGIN IMMEDIATE … COMMIT``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from elea_desktop import paths
from elea_desktop.credentials import staged_outputs
from elea_desktop.credentials.batch import CredentialBatch, MoodleUser
from elea_desktop.directory import batches, overview, queries, settings_rules
from elea_desktop.directory.backups import remove_leftovers, scrub_purged_batches
from elea_desktop.directory.models import ACTIVE, Account, BatchInfo, Establishment, ImportRecord
from elea_desktop.directory.schema import migrate
from elea_desktop.errors import DirectoryError

DB_NAME = "comptes.sqlite3"
LEFTOVER_AGE_S = 60.0  # a backups/*.part older than this was left by a killed copy
BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another one before saying the base is busy
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _use_wal(conn: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode = WAL``, waiting like any write when another connection holds the lock.

    SQLite's busy handler does not cover every lock this needs: on Windows, two first openings at once
    get "database is locked" at once (seen by ``make windows-test``). Retrying until the usual timeout
    makes it behave as it does on Linux."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Directory:
    def __init__(self, conn: sqlite3.Connection, data_dir: Path, clock: Clock, vault=None) -> None:
        self._conn = conn
        self.data_dir = data_dir
        self._clock_warned = False
        self._clock = clock
        self._vault = vault

    # ------------------------------------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, data_dir: Path | str | None = None, *, clock: Clock | None = None, vault=None) -> Directory:
        """Open (creating or migrating) the directory of ``data_dir`` (None: ``--data-dir``/env/default)."""
        folder = paths.data_dir(data_dir)
        path = folder / DB_NAME
        from elea_desktop.directory.recovery import missing_database_error

        refusal = missing_database_error(folder)
        if refusal is not None:
            raise refusal  # never a fresh, empty base beside backups or a key: every pupil would be new
        if not path.exists():
            # Created owner-only before SQLite writes pupils' data into it.
            path.touch(mode=0o600)
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            _use_wal(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            # Erased passwords are overwritten with zeros, not merely unlinked from the b-tree.
            conn.execute("PRAGMA secure_delete = ON")
            migrate(conn)
        except sqlite3.DatabaseError as error:
            raise DirectoryError(
                f"La base des comptes « {path} » ne peut pas être ouverte ({error}). Si elle est endommagée, "
                "restaurez la dernière copie du dossier « backups »."
            ) from error
        for suffix in ("-wal", "-shm"):
            side = Path(f"{path}{suffix}")
            if side.exists() and sys.platform != "win32":
                os.chmod(side, 0o600)
        directory = cls(conn, folder, clock or utc_now, vault)
        remove_leftovers(folder, older_than_s=LEFTOVER_AGE_S)
        staged_outputs.sweep(folder)
        # When another window or command is importing right now, opening must not wait for it: the purge
        # is skipped and runs again after that import and at the next opening.
        conn.execute("PRAGMA busy_timeout = 0")
        with contextlib.suppress(DirectoryError):
            directory.purge_expired()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return directory

    def close(self) -> None:
        if self._conn is None:
            return
        # Folds the WAL back so purged ciphertexts do not linger in it.
        self._checkpoint()
        self._conn.close()
        self._conn = None

    def __enter__(self) -> Directory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------------------------- engine's plumbing

    @property
    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise DirectoryError("La base des comptes est fermée.")
        return self._conn

    @property
    def path(self) -> Path:
        return self.data_dir / DB_NAME

    def now(self) -> datetime:
        return self._clock()

    @property
    def vault(self):
        if self._vault is None:
            from elea_desktop.credentials.vault import Vault

            self._vault = Vault(self.data_dir)
        return self._vault

    def take_warnings(self) -> list[str]:
        """French warnings not shown yet: the vault's (key-file fallback…) and a clock set back."""
        warnings = self._vault.take_warnings() if self._vault is not None else []
        clock = batches.clock_warning(self.connection, self.now())
        if clock and not self._clock_warned:
            self._clock_warned = True
            warnings.append(clock)
        return warnings

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls everything back."""
        conn = self.connection
        if conn.in_transaction:
            yield conn  # nested use inside an import: the outer transaction decides
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise DirectoryError(
                "La base des comptes est occupée par une autre opération (une autre fenêtre ou commande ?). "
                "Attendez qu'elle se termine, puis recommencez."
            ) from error
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.execute("COMMIT")

    # ---------------------------------------------------------------------------------------- settings

    def settings(self) -> Establishment:
        """The establishment and its settings; defaults (``uai`` None) before anything is saved."""
        return queries.read_establishment(self.connection) or Establishment(uai=None)

    def establishment(self) -> Establishment | None:
        """None until the first import binds the directory to an establishment (UAI)."""
        found = queries.read_establishment(self.connection)
        return found if found is not None and found.uai else None

    def update_settings(self, **changes) -> None:
        """Change any of ``name``, ``platform_url``, ``username_pattern``, ``password_policy``,
        ``email_domain``, ``sheet_per_page``, ``sheet_qr``, ``sheet_roster``, ``sheet_single``,
        ``moodle_lang``, ``staff_functions``, ``forget_after_years``.

        All values are checked before anything is written: one bad value (DirectoryError, French) saves
        none of them. Works before the first import (the UAI stays unbound).
        """
        changes = settings_rules.column_values(changes)
        with self.transaction() as conn:
            queries.ensure_establishment(conn, self.now())
            if changes:
                assignments = ", ".join(f"{key} = :{key}" for key in changes)
                conn.execute(
                    f"UPDATE establishment SET {assignments}, updated_at = :now WHERE id = 1",  # noqa: S608
                    {**changes, "now": self.now().isoformat()},
                )

    def update_cite(self, *, add=(), names=None, remove=()) -> None:
        """Cité scolaire: declare the UAIs ``add``, name UAIs (``names``: UAI → name), forget ``remove``.

        Checked before anything is written (``directory.cite``); may run inside a caller's transaction
        so that ``settings set`` saves all its changes or none.
        """
        from elea_desktop.directory import cite

        with self.transaction() as conn:
            cite.apply_changes(conn, self.now(), add=add, names=names, remove=remove)

    # ----------------------------------------------------------------------------------------- accounts

    def has_accounts(self) -> bool:
        return self.connection.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None

    def list_accounts(self, *, class_code: str | None = None, status: str | None = None,
                      role: str | None = None) -> list[Account]:
        """All accounts (active and suspended), by class, last name, first name; optionally filtered
        (``role``: "student" or "staff")."""
        return queries.list_accounts(self.connection, class_code=class_code, status=status, role=role)

    def account_rows(self) -> list[overview.AccountRow]:
        """Every account with its last password batch: the accounts workspace's table."""
        return overview.account_rows(self.connection)

    def batch_classes(self) -> dict[int, list[str]]:
        return overview.batch_classes(self.connection)

    def batch_departures(self) -> dict[int, int]:
        return overview.batch_departures(self.connection)

    def get_account(self, username: str) -> Account:
        account = queries.account_by_username(self.connection, username)
        if account is None:
            raise DirectoryError(
                f"Aucun compte ne porte l'identifiant « {username} ». "
                "Vérifiez l'orthographe (commande « accounts » pour la liste des comptes)."
            )
        return account

    def protect(self, username: str, protected: bool = True) -> None:
        """A protected account is never changed, suspended or given a password by an import."""
        from elea_desktop.directory.workspace import set_protected

        set_protected(self, [username], protected)

    def reset_password(self, username: str) -> int:
        """A new password for one active account, in a new credential batch; returns the batch id."""
        account = self.get_account(username)
        if account.status != ACTIVE:
            raise DirectoryError(
                f"Le compte « {username} » est suspendu : son élève n'est plus dans le dernier export. "
                "Il sera réactivé, avec un nouveau mot de passe, s'il revient dans un prochain export."
            )
        from elea_desktop.directory.workspace import reset_passwords

        return reset_passwords(self, [username]).batch_id

    # ---------------------------------------------------------------------------------- import history

    def last_import(self) -> ImportRecord | None:
        return queries.last_import(self.connection)

    def list_imports(self) -> list[ImportRecord]:
        return queries.list_imports(self.connection)

    # -------------------------------------------------------------------------------- credential batches

    def list_batches(self) -> list[BatchInfo]:
        return batches.list_batches(self.connection, self.now())

    def load_batch(self, batch_id: int | None = None, *, include_left: bool = False) -> CredentialBatch:
        """The passwords of a batch still held (None: the latest); DirectoryError once purged.
        ``include_left``: slips for the pupils who left since, marked (see ``batches.load_batch``)."""
        return batches.load_batch(self.connection, self.vault, self.settings(), batch_id, self.now(),
                                  include_left=include_left)

    def purge_batch(self, batch_id: int) -> None:
        """Mark a batch as distributed and erase its encrypted passwords."""
        with self.transaction() as conn:
            batches.purge_batch(conn, batch_id, self.now(), distributed=True)
        self.after_purge()

    def purge_expired(self) -> int:
        """Erase batches older than 30 days or distributed; returns how many were purged."""
        if not batches.expired_ids(self.connection, self.now()):
            return 0  # the common case, read-only: no write lock taken
        with self.transaction() as conn:
            count = batches.purge_expired(conn, self.now())
        if count and not self.connection.in_transaction:
            self.after_purge()
        return count

    def moodle_users_for_batch(self, batch_id: int, *, class_code: str | None = None) -> list[MoodleUser]:
        return batches.moodle_users_for_batch(self.connection, self.vault, self.settings(), batch_id,
                                              class_code=class_code, now=self.now())

    def moodle_users_for_import(self, import_id: int, *, class_code: str | None = None) -> list[MoodleUser]:
        return batches.moodle_users_for_import(self.connection, self.vault, self.settings(), import_id,
                                               class_code=class_code, now=self.now())

    def after_purge(self) -> None:
        """Once a purge is committed: fold the WAL and erase the purged passwords from the backups."""
        self._checkpoint()
        purged = [row[0] for row in self.connection.execute(
            "SELECT id FROM credential_batches WHERE purged_at IS NOT NULL")]
        scrub_purged_batches(self.data_dir, purged)

    def _checkpoint(self) -> None:
        conn = self.connection
        if conn.in_transaction:
            return
        # Best effort and without waiting: when another connection is busy, a later close folds the WAL.
        conn.execute("PRAGMA busy_timeout = 0")
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def new_uid() -> str:
    """A stable opaque account identifier (Moodle ``idnumber``): random, never derived from personal data."""
    return uuid.uuid4().hex
