"""Writing a plan into the directory, inside the caller's transaction, with progress and cancellation."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from elea_desktop.directory import batches, queries
from elea_desktop.directory.store import Directory
from elea_desktop.errors import ImportCancelled
from elea_desktop.importer import account_writes, testhooks
from elea_desktop.importer.outcomes import CATEGORIES
from elea_desktop.importer.plan import AccountAction, ImportPlan
from elea_desktop.importer.progress import STAGE_CLASSES, STAGE_USERS, ImportProgress
from elea_desktop.policies.passwords import generate_password

CHUNK = 50  # accounts between two progress events and cancellation checks
# What the import's Moodle CSV lists.
_RECORDED = ("created", "updated", "reactivated", "transferred", "suspended")
_COLUMNS = (
    "eleve_id", "ine", "elenoet", "family_name", "usage_name", "first_name", "birth_date", "class_code",
    "uai",
)
_INSERT = (
    "INSERT INTO accounts (uid, origin, eleve_id, ine, elenoet, family_name, usage_name, first_name, "
    "birth_date, class_code, uai, cohort_id, username, status, protected, created_at, updated_at) "
    "VALUES (?, 'siecle', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 0, ?, ?)"
)
_UPDATE = (
    "UPDATE accounts SET eleve_id = ?, ine = ?, elenoet = ?, family_name = ?, usage_name = ?, "
    "first_name = ?, birth_date = ?, class_code = ?, uai = ?, cohort_id = ?, status = 'active', "
    "updated_at = ? WHERE id = ?"
)
# import_changes keeps the Moodle CSV's four kinds: a transfer is an update there (new cohort, same login).
_CHANGE_KIND = {"transferred": "updated"}


def _check_cancel(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise ImportCancelled()


def apply_plan(directory: Directory, plan: ImportPlan, *, progress=None,
               cancel=None) -> tuple[int | None, int]:
    """Write ``plan``; returns ``(batch id or None, import id)``. The caller owns the transaction."""
    conn = directory.connection
    now, import_id = record_import(directory, plan)
    export = plan.export
    conn.executemany(
        "INSERT INTO import_exports (import_id, uai, school_year, exported_at, digest, source_name, counts) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(import_id, (e.uai or plan.uai or "").upper(), e.school_year,
          e.exported_at.isoformat() if e.exported_at else None, e.digest, e.source_name or None,
          json.dumps(plan.per_uai.get((e.uai or plan.uai or "").upper(), plan.counts)))
         for e in (plan.exports or (export,))],
    )

    return write_stages(directory, plan, import_id, now, progress, cancel, _write_chunk), import_id


def write_stages(directory: Directory, plan: ImportPlan, import_id: int, now: str, progress, cancel,
                 write_chunk) -> int | None:
    """The classes stage, then the users stage (``write_chunk`` writes the kind's account rows, see
    ``account_writes``); returns the password batch's id, None when no password is generated."""
    cohort_ids = _write_cohorts(directory.connection, plan, import_id, now, progress, cancel)
    testhooks.checkpoint("classes")
    batch_id = None
    if plan.counts["passwords_generated"]:
        batch_id = batches.create_batch(directory.connection, "import", import_id, directory.now())
    _write_accounts(directory, plan, import_id, batch_id, cohort_ids, now, progress, cancel, write_chunk)
    return batch_id


def record_import(directory: Directory, plan: ImportPlan) -> tuple[str, int]:
    """The establishment bound to its UAI (first import of either kind) and the import's history row;
    returns ``(now as text, import id)``."""
    conn = directory.connection
    assert conn.in_transaction, "an import is written inside Directory.transaction()"
    now = directory.now().isoformat()
    queries.ensure_establishment(conn, directory.now())
    conn.execute("UPDATE establishment SET uai = ?, updated_at = ? WHERE id = 1 AND uai IS NULL",
                 (plan.uai, now))
    export = plan.export
    import_id = conn.execute(
        "INSERT INTO imports (imported_at, digest, source_name, uai, school_year, exported_at, mode, counts, "
        "warnings, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (now, export.digest, export.source_name or None, plan.uai, plan.school_year,
         export.exported_at.isoformat() if export.exported_at else None, plan.mode or "new",
         json.dumps(plan.counts), json.dumps([n.as_dict() for n in plan.warnings], ensure_ascii=False),
         plan.kind),
    ).lastrowid
    return now, import_id


def _write_cohorts(conn, plan, import_id, now, progress, cancel) -> dict[tuple[str, str], int]:
    counts = {"classes_created": 0, "classes_total": len(plan.cohorts)}
    cohort_ids: dict[tuple[str, str], int] = {}
    if progress is not None and not plan.cohorts:
        progress(ImportProgress(STAGE_CLASSES, 0, 0, dict(counts)))
    for done, cohort in enumerate(plan.cohorts, start=1):
        _check_cancel(cancel)
        key = (cohort.uai, cohort.class_code)
        if cohort.created:
            cohort_ids[key] = conn.execute(
                "INSERT INTO cohorts (uai, school_year, class_code, idnumber, import_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (cohort.uai or plan.uai, cohort.school_year or plan.school_year, cohort.class_code,
                 cohort.idnumber, import_id, now),
            ).lastrowid
            counts["classes_created"] += 1
        else:
            cohort_ids[key] = cohort.cohort_id
        if progress is not None:
            progress(ImportProgress(STAGE_CLASSES, done, len(plan.cohorts), dict(counts), cohort.class_code))
    return cohort_ids


def _write_accounts(directory, plan, import_id, batch_id, cohort_ids, now, progress, cancel,
                    write_chunk) -> None:
    conn = directory.connection
    policy = directory.settings().password_policy
    counts = dict.fromkeys(CATEGORIES, 0)
    actions = plan.actions
    total = len(actions)
    if progress is not None and total == 0:
        progress(ImportProgress(STAGE_USERS, 0, 0, dict(counts)))
    for start in range(0, total, CHUNK):
        _check_cancel(cancel)
        chunk = actions[start:start + CHUNK]
        ids = write_chunk(conn, chunk, cohort_ids, now)
        conn.executemany(
            "INSERT INTO import_changes (import_id, account_id, category, detail, class_code) "
            "VALUES (?, ?, ?, ?, ?)",
            [(import_id, ids[i][0], _CHANGE_KIND.get(a.category, a.category), a.detail or None, a.class_code)
             for i, a in enumerate(chunk) if a.category in _RECORDED],
        )
        secrets_rows = [(*ids[i], generate_password(policy)) for i, a in enumerate(chunk) if a.new_password]
        if secrets_rows:
            batches.add_entries(conn, directory.vault, batch_id, secrets_rows)
        for action in chunk:
            counts[action.category] += 1
        done = start + len(chunk)
        testhooks.checkpoint("users", done)
        if progress is not None:
            progress(ImportProgress(STAGE_USERS, done, total, dict(counts), chunk[-1].username))


def _write_chunk(conn: sqlite3.Connection, chunk: list[AccountAction], cohort_ids,
                 now: str) -> list[tuple[int, str]]:
    """Write a chunk of actions with one statement per kind; returns (account id, uid) per action."""
    def row(action: AccountAction) -> tuple:
        values = action.values
        return (*(values[c] for c in _COLUMNS), cohort_ids.get((values["uai"], values["class_code"])))

    return account_writes.write_chunk(conn, chunk, now, row=row, insert_sql=_INSERT, update_sql=_UPDATE)
