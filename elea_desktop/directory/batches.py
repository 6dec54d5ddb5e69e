"""Credential batches: passwords kept encrypted until they are distributed, then erased.

Each password is encrypted on its own by the vault (AES-GCM) with the batch id and the account's uid as
associated data, so a ciphertext copied to another row or batch does not decrypt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from elea_desktop.credentials.batch import Credential, CredentialBatch, MoodleUser
from elea_desktop.directory.models import BATCH_RETENTION_DAYS, ROLE_STAFF, BatchInfo, Establishment
from elea_desktop.directory.queries import parse_time
from elea_desktop.errors import DirectoryError
from elea_desktop.sts.model import function_label
from elea_desktop.text import class_sort_key

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


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def retention_starts(conn: sqlite3.Connection, now: datetime) -> dict[int, datetime]:
    """When each batch's 30 days begin, by its place in the sequence of batches, not the clock alone.

    Normally its creation time; but never before an earlier batch's start (the clock was set back when it
    was made), nor before the SIECLE export it came from was made (unless that date is in the future).
    So a batch made while the clock was a year behind is not purged the moment the clock is put right.
    """
    now = _as_utc(now)
    starts: dict[int, datetime] = {}
    latest: datetime | None = None
    rows = conn.execute("SELECT b.id, b.created_at, i.exported_at FROM credential_batches b "
                        "LEFT JOIN imports i ON i.id = b.import_id ORDER BY b.id").fetchall()
    for batch_id, created, exported in rows:
        start = _as_utc(parse_time(created))
        if latest is not None and start < latest:
            start = latest
        if exported:
            made = _as_utc(parse_time(exported))
            if start < made <= now:
                start = made
        starts[batch_id] = latest = start
    return starts


def clock_warning(conn: sqlite3.Connection, now: datetime) -> str | None:
    """A French warning when the directory holds a batch made « later » than now: the clock went back."""
    row = conn.execute("SELECT MAX(created_at) FROM credential_batches").fetchone()
    latest = parse_time(row[0]) if row and row[0] else None
    if latest is None or _as_utc(latest) <= _as_utc(now) + timedelta(days=1):
        return None
    return (f"L'horloge de l'ordinateur indique le {now:%d/%m/%Y}, avant la création du dernier lot de mots "
            f"de passe ({latest:%d/%m/%Y}) : elle a probablement été reculée. Aucun lot n'est effacé pour "
            "autant ; remettez l'ordinateur à l'heure (date et heure automatiques).")


def _info(row, now: datetime, start: datetime) -> BatchInfo:
    created = parse_time(row[1])
    return BatchInfo(
        id=row[0], created_at=created, origin=row[2], import_id=row[3], size=row[4],
        age_days=max(0, (_as_utc(now) - start).days), distributed=row[5] is not None,
        purged=row[6] is not None,
    )


def list_batches(conn: sqlite3.Connection, now: datetime) -> list[BatchInfo]:
    rows = conn.execute(f"SELECT {_BATCH_COLUMNS} FROM credential_batches ORDER BY id").fetchall()  # noqa: S608
    starts = retention_starts(conn, now)
    return [_info(row, now, starts[row[0]]) for row in rows]


def batch_info(conn: sqlite3.Connection, batch_id: int, now: datetime) -> BatchInfo:
    row = conn.execute(
        f"SELECT {_BATCH_COLUMNS} FROM credential_batches WHERE id = ?", (batch_id,)  # noqa: S608
    ).fetchone()
    if row is None:
        raise DirectoryError(
            f"Le lot d'identifiants n° {batch_id} n'existe pas. "
            "La commande « credentials --list » montre les lots enregistrés."
        )
    return _info(row, now, retention_starts(conn, now)[row[0]])


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
    """Batches still holding passwords that must go: distributed, or 30 days old (``retention_starts``)."""
    rows = conn.execute(
        "SELECT id, distributed_at IS NOT NULL FROM credential_batches WHERE purged_at IS NULL").fetchall()
    if not rows:
        return []
    starts = retention_starts(conn, now)
    limit = timedelta(days=BATCH_RETENTION_DAYS)
    now = _as_utc(now)
    return [batch_id for batch_id, distributed in rows if distributed or now - starts[batch_id] >= limit]


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
    # Read from the cursor, not fetched first: at 20,000 pupils the rows would be one more copy at the peak.
    rows = conn.execute(
        "SELECT e.account_id, a.uid, e.secret FROM batch_entries e JOIN accounts a ON a.id = e.account_id "
        "WHERE e.batch_id = ?",
        (batch_id,),
    )
    return {
        account_id: (uid, vault.decrypt(secret, aad=entry_aad(batch_id, uid)).decode("utf-8"))
        for account_id, uid, secret in rows
        if secret is not None
    }


def load_batch(conn: sqlite3.Connection, vault, settings: Establishment, batch_id: int | None,
               now: datetime, *, include_left: bool = False) -> CredentialBatch:
    """The slips of a held batch, by the class each pupil had when it was made.

    Pupils who left since (their account is suspended) get no slip and are counted in ``left_out``;
    with ``include_left`` they get one, in that same class, marked ``left`` (the sheets say so).
    """
    info = held_batch(conn, batch_id, now)
    passwords = _passwords(conn, vault, info.id)
    rows = conn.execute(
        "SELECT a.id, a.username, a.first_name, COALESCE(a.usage_name, a.family_name), "
        "COALESCE(e.class_code, a.class_code), a.uai, a.role, a.staff_function, a.status "
        "FROM batch_entries e JOIN accounts a ON a.id = e.account_id WHERE e.batch_id = ?",
        (info.id,),
    ).fetchall()
    # A cité scolaire's slips say which establishment each pupil belongs to, the bound one first.
    rank = {entry.uai.upper(): position for position, entry in enumerate(settings.uais)}
    # Slips keep the class of the day the batch was made, never a later one.
    credentials = [
        Credential(username=username, password=passwords[account_id][1], first_name=first,
                   last_name=last, class_code=class_code,
                   establishment=settings.label_of(uai) if settings.is_cite and uai else None,
                   function=function_label(function) if role == ROLE_STAFF else None,
                   left=status != "active")
        for account_id, username, first, last, class_code, uai, role, function, status in rows
        if account_id in passwords and (include_left or status == "active")
    ]
    left_out = 0 if include_left else sum(1 for row in rows if row[0] in passwords and row[8] != "active")
    uai_of = {row[1]: (row[5] or "").upper() for row in rows}
    credentials.sort(key=lambda c: (rank.get(uai_of[c.username], 0), class_sort_key(c.class_code),
                                    c.last_name.casefold(), c.first_name.casefold(), c.username))
    return CredentialBatch(
        batch_id=info.id, created_at=info.created_at, origin=info.origin, uai=settings.uai or "",
        establishment_name=settings.name, platform_url=settings.platform_url,
        school_year=_school_year(conn, info.import_id), credentials=tuple(credentials), left_out=left_out,
    )



# ``COALESCE(<class then>, a.class_code)``: the class the pupil had when the passwords were made, so that
# one class's CSV holds the very pupils of that class's slips (their cohort, though, is today's).
_MOODLE_HEAD = (
    "SELECT a.id, a.username, a.first_name, COALESCE(a.usage_name, a.family_name), a.uid, a.status, "
    # Staff accounts have no class: « Personnels » stands for it, as on their sheets.
    "CASE WHEN a.role = 'staff' THEN 'Personnels' ELSE COALESCE("
)
_MOODLE_TAIL = ", a.class_code) END, c.idnumber FROM accounts a LEFT JOIN cohorts c ON c.id = a.cohort_id "
_MOODLE_BY_IMPORT = (_MOODLE_HEAD + "ch.class_code" + _MOODLE_TAIL
                     + "JOIN import_changes ch ON ch.account_id = a.id WHERE ch.import_id = ?")
_MOODLE_BY_BATCH = (_MOODLE_HEAD + "e.class_code" + _MOODLE_TAIL
                    + "JOIN batch_entries e ON e.account_id = a.id WHERE e.batch_id = ?")


def _email(settings: Establishment, username: str) -> str:
    if settings.email_domain:
        return f"{username}@{settings.email_domain}"
    from elea_desktop.credentials.moodle_csv import default_email

    return default_email(username, settings.uai or "")


def _moodle_rows(rows, passwords: dict[int, tuple[str, str]], settings: Establishment,
                 class_code: str | None) -> list[MoodleUser]:
    if class_code is not None and class_code.strip().casefold() in ("", "sans classe"):
        class_code = ""  # the pupils without a class, as the sheets' « Sans classe » group
    users = []
    for account_id, username, first, last, uid, status, account_class, cohort in rows:
        if class_code is not None and (account_class or "") != class_code:
            continue
        suspended = status != "active"
        users.append(MoodleUser(
            username=username, password=passwords[account_id][1] if account_id in passwords else None,
            first_name=first, last_name=last, email=_email(settings, username), idnumber=uid,
            suspended=suspended,
            # A suspended pupil is not added to a cohort again; Moodle only ever adds members.
            cohort=None if suspended else cohort,
        ))
    users.sort(key=lambda u: (class_sort_key(u.cohort), u.last_name.casefold(), u.first_name.casefold(),
                              u.username))
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
    rows = conn.execute(_MOODLE_BY_IMPORT, (import_id,))  # a cursor: _moodle_rows reads each row once
    return _moodle_rows(rows, passwords, settings, class_code)


def moodle_users_for_batch(conn: sqlite3.Connection, vault, settings: Establishment, batch_id: int, *,
                           class_code: str | None = None, now: datetime | None = None) -> list[MoodleUser]:
    info = held_batch(conn, batch_id, now or datetime.now().astimezone())
    if info.import_id is not None:
        return moodle_users_for_import(conn, vault, settings, info.import_id, class_code=class_code, now=now)
    passwords = _passwords(conn, vault, info.id)
    rows = conn.execute(_MOODLE_BY_BATCH, (info.id,))
    return _moodle_rows(rows, passwords, settings, class_code)
