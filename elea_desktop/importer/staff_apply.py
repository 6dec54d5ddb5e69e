"""Writing a staff plan (STS-web) into the directory, inside the caller's transaction.

The cohort stage, the per-chunk progress, the import's change list and the password batch are the pupils'
(``apply``); only the account rows differ: ``role = 'staff'``, the STS ID and the FONCTION, no class.
"""

from __future__ import annotations

import functools
import sqlite3

from elea_desktop.directory import batches
from elea_desktop.directory.store import Directory, new_uid
from elea_desktop.importer import testhooks
from elea_desktop.importer.apply import _write_accounts, _write_cohorts, record_import
from elea_desktop.importer.plan import AccountAction, ImportPlan
from elea_desktop.importer.staff_plan import STAFF_COHORT_CODE

_COLUMNS = ("sts_id", "family_name", "usage_name", "first_name", "birth_date", "staff_function")


def apply_staff_plan(directory: Directory, plan: ImportPlan, *, progress=None,
                     cancel=None) -> tuple[int | None, int]:
    """Write ``plan``; returns ``(batch id or None, import id)``. The caller owns the transaction."""
    conn = directory.connection
    # No ``import_exports`` row: that history is the pupils' (the older-export rule per UAI reads it).
    now, import_id = record_import(directory, plan)
    cohort_ids = _write_cohorts(conn, plan, import_id, now, progress, cancel)
    testhooks.checkpoint("classes")
    batch_id = None
    if plan.counts["passwords_generated"]:
        batch_id = batches.create_batch(conn, "import", import_id, directory.now())
    _write_accounts(directory, plan, import_id, batch_id, cohort_ids, now, progress, cancel,
                    write_chunk=functools.partial(_write_staff_chunk, uai=plan.uai))
    return batch_id, import_id


def _write_staff_chunk(conn: sqlite3.Connection, chunk: list[AccountAction], cohort_ids,
                       now: str, uai: str | None = None) -> list[tuple[int, str]]:
    cohort_id = next((value for (_, code), value in cohort_ids.items() if code == STAFF_COHORT_CODE), None)
    inserts, updates, suspensions = [], [], []
    ids: list[tuple[int, str]] = []
    for action in chunk:
        account = action.account
        if action.category == "created":
            uid = new_uid()
            inserts.append((uid, uai, *(action.values[c] for c in _COLUMNS), cohort_id, action.username, now,
                            now))
            ids.append((0, uid))
            continue
        if action.category in ("updated", "reactivated", "transferred"):
            # A cité's shared teacher keeps the UAI and cohort of the establishment the account is in.
            updates.append((action.values.get("uai", uai), *(action.values[c] for c in _COLUMNS),
                            action.values.get("cohort_id", cohort_id), now, account.id))
        elif action.category == "suspended":
            suspensions.append((now, account.id))
        ids.append((account.id, account.uid))
    if inserts:
        conn.executemany(
            "INSERT INTO accounts (uid, origin, role, uai, sts_id, family_name, usage_name, first_name, "
            "birth_date, staff_function, cohort_id, username, status, protected, created_at, updated_at) "
            "VALUES (?, 'siecle', 'staff', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 0, ?, ?)",
            inserts,
        )
        uids = [row[0] for row in inserts]
        new_ids = dict(conn.execute(
            f"SELECT uid, id FROM accounts WHERE uid IN ({', '.join('?' * len(uids))})", uids  # noqa: S608
        ).fetchall())
        ids = [(new_ids[uid], uid) if account_id == 0 else (account_id, uid) for account_id, uid in ids]
    if updates:
        conn.executemany(
            "UPDATE accounts SET uai = ?, sts_id = ?, family_name = ?, usage_name = ?, first_name = ?, "
            "birth_date = ?, staff_function = ?, cohort_id = ?, status = 'active', updated_at = ? "
            "WHERE id = ?",
            updates,
        )
    if suspensions:
        conn.executemany("UPDATE accounts SET status = 'suspended', updated_at = ? WHERE id = ?", suspensions)
    return ids
