"""Writing a staff plan (STS-web) into the directory, inside the caller's transaction.

The cohort stage, the per-chunk progress, the import's change list and the password batch are the pupils'
(``apply``); only the account rows differ: ``role = 'staff'``, the STS ID and the FONCTION, no class.
"""

from __future__ import annotations

import sqlite3

from elea_desktop.directory.store import Directory
from elea_desktop.importer import account_writes
from elea_desktop.importer.apply import record_import, write_stages
from elea_desktop.importer.plan import AccountAction, ImportPlan
from elea_desktop.importer.staff_plan import STAFF_COHORT_CODE

_COLUMNS = ("sts_id", "family_name", "usage_name", "first_name", "birth_date", "staff_function")
_INSERT = (
    "INSERT INTO accounts (uid, origin, role, uai, sts_id, family_name, usage_name, first_name, "
    "birth_date, staff_function, cohort_id, username, status, protected, created_at, updated_at) "
    "VALUES (?, 'siecle', 'staff', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 0, ?, ?)"
)
_UPDATE = (
    "UPDATE accounts SET uai = ?, sts_id = ?, family_name = ?, usage_name = ?, first_name = ?, "
    "birth_date = ?, staff_function = ?, cohort_id = ?, status = 'active', updated_at = ? "
    "WHERE id = ?"
)


def apply_staff_plan(directory: Directory, plan: ImportPlan, *, progress=None,
                     cancel=None) -> tuple[int | None, int]:
    """Write ``plan``; returns ``(batch id or None, import id)``. The caller owns the transaction."""
    # No ``import_exports`` row: that history is the pupils' (the older-export rule per UAI reads it).
    now, import_id = record_import(directory, plan)

    def write_chunk(conn, chunk, cohort_ids, now):
        return _write_staff_chunk(conn, chunk, cohort_ids, now, uai=plan.uai)

    return write_stages(directory, plan, import_id, now, progress, cancel, write_chunk), import_id


def _write_staff_chunk(conn: sqlite3.Connection, chunk: list[AccountAction], cohort_ids,
                       now: str, uai: str | None = None) -> list[tuple[int, str]]:
    cohort_id = next((value for (_, code), value in cohort_ids.items() if code == STAFF_COHORT_CODE), None)

    def row(action: AccountAction) -> tuple:
        # A cité's shared teacher keeps the UAI and cohort of the establishment the account is in
        # (``staff_plan._shared_action`` puts them in the values; a new account has neither).
        values = action.values
        return (values.get("uai", uai), *(values[c] for c in _COLUMNS), values.get("cohort_id", cohort_id))

    return account_writes.write_chunk(conn, chunk, now, row=row, insert_sql=_INSERT, update_sql=_UPDATE)
