"""Credential batches: passwords kept encrypted until they are distributed, then erased.

Each password is encrypted on its own by the vault (AES-GCM) with the batch id and the account's uid as
associated data, so a ciphertext copied to another row or batch does not decrypt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta

from elea_desktop.credentials.batch import Credential, CredentialBatch, MoodleUser
from elea_desktop.directory.models import BATCH_RETENTION_DAYS, BatchInfo, Establishment
from elea_desktop.directory.queries import parse_time
from elea_desktop.errors import DirectoryError

_BATCH_COLUMNS = "id, created_at, origin, import_id, size, distributed_at, purged_at"


def entry_aad(batch_id: int, uid: str) -> bytes:
    return f"batch:{batch_id}/account:{uid}".encode("ascii")


def create_batch(conn: sqlite3.Connection, origin: str, import_id: int | None, now: datetime) -> int:
    cursor = conn.execute(
        "INSERT INTO credential_batches (created_at, origin, import_id, size) VALUES (?, ?, ?, 0)",
        (now.isoformat(), origin, import_id),
    )
    return cursor.lastrowid


def add_entries(conn: sqlite3.Connection, vault, batch_id: int,
                entries: Iterable[tuple[int, str, str]]) -> int:
    """Store ``(account id, uid, password)`` encrypted; returns how many were added."""
    rows = [
        (batch_id, account_id, vault.encrypt(password.encode("utf-8"), aad=entry_aad(batch_id, uid)))
        for account_id, uid, password in entries
    ]
    conn.executemany("INSERT INTO batch_entries (batch_id, account_id, secret) VALUES (?, ?, ?)", rows)
    # The class of the day: slips of this batch stay grouped so even after pupils change class.
    conn.execute("UPDATE batch_entries SET class_code = (SELECT a.class_code FROM accounts a WHERE "
                 "a.id = batch_entries.account_id) WHERE batch_id = ? AND class_code IS NULL", (batch_id,))
    conn.execute("UPDATE credential_batches SET size = size + ? WHERE id = ?", (len(rows), batch_id))
    return len(rows)


def _info(row, now: datetime) -> BatchInfo:
    created = parse_time(row[1])
    return BatchInfo(
        id=row[0], created_at=created, origin=row[2], import_id=row[3], size=row[4],
        age_days=max(0, (now - created).days), distributed=row[5] is not None, purged=row[6] is not None,
    )


def list_batches(conn: sqlite3.Connection, now: datetime) -> list[BatchInfo]:
    rows = conn.execute(f"SELECT {_BATCH_COLUMNS} FROM credential_batches ORDER BY id").fetchall()  # noqa: S608
    return [_info(row, now) for row in rows]


def batch_info(conn: sqlite3.Connection, batch_id: int, now: datetime) -> BatchInfo:
    row = conn.execute(
        f"SELECT {_BATCH_COLUMNS} FROM credential_batches WHERE id = ?", (batch_id,)  # noqa: S608
    ).fetchone()
    if row is None:
        raise DirectoryError(
            f"Le lot d'identifiants n° {batch_id} n'existe pas. "
            "La commande « credentials --list » montre les lots enregistrés."
        )
    return _info(row, now)


def _expired(info: BatchInfo) -> bool:
    return info.age_days >= BATCH_RETENTION_DAYS


def held_batch(conn: sqlite3.Connection, batch_id: int | None, now: datetime) -> BatchInfo:
    """The batch whose passwords can still be read, or a French DirectoryError saying why not."""
    if batch_id is None:
        row = conn.execute(
            "SELECT id FROM credential_batches WHERE purged_at IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise DirectoryError(
                "Aucun lot de mots de passe n'est disponible : ils sont effacés une fois distribués ou après "
                f"{BATCH_RETENTION_DAYS} jours. Pour redonner un mot de passe à un élève, utilisez "
                "« accounts reset-password IDENTIFIANT » ; pour toute une classe, importez en mode « new »."
            )
        batch_id = row[0]
    info = batch_info(conn, batch_id, now)
    if info.purged or _expired(info):
        raise DirectoryError(
            f"Les mots de passe du lot n° {batch_id} ont été effacés (lot distribué ou vieux de plus de "
            f"{BATCH_RETENTION_DAYS} jours) et ne peuvent plus être réimprimés. Pour redonner un mot "
            "de passe à "
            "un élève, utilisez « accounts reset-password IDENTIFIANT »."
        )
    return info


def purge_batch(conn: sqlite3.Connection, batch_id: int, now: datetime, *, distributed: bool) -> None:
    info = batch_info(conn, batch_id, now)
    stamp = now.isoformat()
    conn.execute("UPDATE batch_entries SET secret = NULL WHERE batch_id = ?", (batch_id,))
    conn.execute(
        "UPDATE credential_batches SET purged_at = COALESCE(purged_at, ?), "
        "distributed_at = CASE WHEN ? THEN COALESCE(distributed_at, ?) ELSE distributed_at END WHERE id = ?",
        (stamp, int(distributed), stamp, info.id),
    )


def expired_ids(conn: sqlite3.Connection, now: datetime) -> list[int]:
    """Batches still holding passwords that must go: distributed, or 30 days old."""
    limit = (now - timedelta(days=BATCH_RETENTION_DAYS)).isoformat()
    rows = conn.execute(
        "SELECT id FROM credential_batches WHERE purged_at IS NULL "
        "AND (distributed_at IS NOT NULL OR created_at <= ?)",
        (limit,),
    ).fetchall()
    return [row[0] for row in rows]


def purge_expired(conn: sqlite3.Connection, now: datetime) -> int:
    ids = expired_ids(conn, now)
    for batch_id in ids:
        purge_batch(conn, batch_id, now, distributed=False)
    return len(ids)


def _school_year(conn: sqlite3.Connection, import_id: int | None) -> int | None:
    if import_id is not None:
        row = conn.execute("SELECT school_year FROM imports WHERE id = ?", (import_id,)).fetchone()
    else:
        row = conn.execute("SELECT school_year FROM imports ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def _passwords(conn: sqlite3.Connection, vault, batch_id: int) -> dict[int, tuple[str, str]]:
    """account id → (uid, password) for a held batch."""
    rows = conn.execute(
        "SELECT e.account_id, a.uid, e.secret FROM batch_entries e JOIN accounts a ON a.id = e.account_id "
        "WHERE e.batch_id = ?",
        (batch_id,),
    ).fetchall()
    return {
        account_id: (uid, vault.decrypt(secret, aad=entry_aad(batch_id, uid)).decode("utf-8"))
        for account_id, uid, secret in rows
        if secret is not None
    }


def load_batch(conn: sqlite3.Connection, vault, settings: Establishment, batch_id: int | None,
               now: datetime) -> CredentialBatch:
    info = held_batch(conn, batch_id, now)
    passwords = _passwords(conn, vault, info.id)
    rows = conn.execute(
        "SELECT a.id, a.username, a.first_name, COALESCE(a.usage_name, a.family_name), "
        "COALESCE(e.class_code, a.class_code), a.status "
        "FROM batch_entries e JOIN accounts a ON a.id = e.account_id WHERE e.batch_id = ?",
        (info.id,),
    ).fetchall()
    # Pupils who left since the batch was made (suspended) get no slip: their account cannot log in.
    credentials = [
        Credential(username=username, password=passwords[account_id][1], first_name=first,
                   last_name=last, class_code=class_code)
        for account_id, username, first, last, class_code, status in rows
        if account_id in passwords and status == "active"
    ]
    left_out = sum(1 for row in rows if row[0] in passwords and row[5] != "active")
    credentials.sort(key=lambda c: (c.class_code or "", c.last_name.casefold(), c.first_name.casefold(),
                                    c.username))
    return CredentialBatch(
        batch_id=info.id, created_at=info.created_at, origin=info.origin, uai=settings.uai or "",
        establishment_name=settings.name, platform_url=settings.platform_url,
        school_year=_school_year(conn, info.import_id), credentials=tuple(credentials), left_out=left_out,
    )


_MOODLE_SELECT = (
    "SELECT a.id, a.username, a.first_name, COALESCE(a.usage_name, a.family_name), a.uid, a.status, "
    "a.class_code, c.idnumber FROM accounts a LEFT JOIN cohorts c ON c.id = a.cohort_id "
)


def _email(settings: Establishment, username: str) -> str:
    if settings.email_domain:
        return f"{username}@{settings.email_domain}"
    from elea_desktop.credentials.moodle_csv import default_email

    return default_email(username, settings.uai or "")


def _moodle_rows(rows, passwords: dict[int, tuple[str, str]], settings: Establishment,
                 class_code: str | None) -> list[MoodleUser]:
    users = []
    for account_id, username, first, last, uid, status, account_class, cohort in rows:
        if class_code is not None and account_class != class_code:
            continue
        suspended = status != "active"
        users.append(MoodleUser(
            username=username, password=passwords[account_id][1] if account_id in passwords else None,
            first_name=first, last_name=last, email=_email(settings, username), idnumber=uid,
            suspended=suspended,
            # A suspended pupil is not added to a cohort again; Moodle only ever adds members.
            cohort=None if suspended else cohort,
        ))
    users.sort(key=lambda u: (u.cohort or "", u.last_name.casefold(), u.first_name.casefold(), u.username))
    return users


def moodle_users_for_import(conn: sqlite3.Connection, vault, settings: Establishment, import_id: int, *,
                            class_code: str | None = None, now: datetime | None = None) -> list[MoodleUser]:
    """One row per account created, updated, reactivated or suspended by the import."""
    batch = conn.execute(
        "SELECT id FROM credential_batches WHERE import_id = ? ORDER BY id LIMIT 1", (import_id,)
    ).fetchone()
    passwords: dict[int, tuple[str, str]] = {}
    if batch is not None:
        # New accounts need their password in the file: without it Moodle refuses them.
        held_batch(conn, batch[0], now or datetime.now().astimezone())
        passwords = _passwords(conn, vault, batch[0])
    rows = conn.execute(
        _MOODLE_SELECT + "JOIN import_changes ch ON ch.account_id = a.id WHERE ch.import_id = ?", (import_id,)
    ).fetchall()
    return _moodle_rows(rows, passwords, settings, class_code)


def moodle_users_for_batch(conn: sqlite3.Connection, vault, settings: Establishment, batch_id: int, *,
                           class_code: str | None = None, now: datetime | None = None) -> list[MoodleUser]:
    info = held_batch(conn, batch_id, now or datetime.now().astimezone())
    if info.import_id is not None:
        return moodle_users_for_import(conn, vault, settings, info.import_id, class_code=class_code, now=now)
    passwords = _passwords(conn, vault, info.id)
    rows = conn.execute(
        _MOODLE_SELECT + "JOIN batch_entries e ON e.account_id = a.id WHERE e.batch_id = ?", (info.id,)
    ).fetchall()
    return _moodle_rows(rows, passwords, settings, class_code)
