"""Writing one chunk of account actions with one statement per kind: inserts, refreshes, suspensions.

Pupils (SIECLE) and staff (STS-web) fill different columns the same way, so the caller gives its two
statements and a ``row`` function; this module keeps the returned ids in the actions' order, which the
change list and the password batch rely on (an inserted account's id is only known once inserted).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from elea_desktop.directory.store import new_uid
from elea_desktop.importer.plan import AccountAction

# The categories whose account row takes the export's values again (and becomes active).
REFRESHED = ("updated", "reactivated", "transferred")


def write_chunk(conn: sqlite3.Connection, chunk: Sequence[AccountAction], now: str, *,
                row: Callable[[AccountAction], tuple], insert_sql: str,
                update_sql: str) -> list[tuple[int, str]]:
    """Write ``chunk``; returns (account id, uid) per action.

    ``row(action)``: the kind's columns. ``insert_sql`` takes ``(uid, *row, username, created_at,
    updated_at)``; ``update_sql`` takes ``(*row, updated_at, id)``.
    """
    inserts, updates, suspensions = [], [], []
    ids: list[tuple[int, str]] = []
    for action in chunk:
        account = action.account
        if action.category == "created":
            uid = new_uid()
            inserts.append((uid, *row(action), action.username, now, now))
            ids.append((0, uid))  # id known once inserted
            continue
        if action.category in REFRESHED:
            updates.append((*row(action), now, account.id))
        elif action.category == "suspended":
            suspensions.append((now, account.id))
        ids.append((account.id, account.uid))
    if inserts:
        conn.executemany(insert_sql, inserts)
        uids = [values[0] for values in inserts]
        placeholders = ", ".join("?" * len(uids))
        new_ids = dict(conn.execute(
            f"SELECT uid, id FROM accounts WHERE uid IN ({placeholders})", uids  # noqa: S608
        ).fetchall())
        ids = [(new_ids[uid], uid) if account_id == 0 else (account_id, uid) for account_id, uid in ids]
    if updates:
        conn.executemany(update_sql, updates)
    if suspensions:
        conn.executemany("UPDATE accounts SET status = 'suspended', updated_at = ? WHERE id = ?", suspensions)
    return ids
