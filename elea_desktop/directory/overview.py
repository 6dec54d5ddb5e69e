"""What the accounts workspace lists: every account with its last password batch, every batch with its
classes. Read-only SQL, shared by the window and the command line."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from elea_desktop.directory.queries import parse_time
from elea_desktop.text import class_sort_key, fold


@dataclass(slots=True)
class AccountRow:
    """One line of the Comptes table (no password: those stay in the batches)."""

    id: int
    username: str
    first_name: str
    last_name: str
    class_code: str | None
    status: str
    protected: bool
    last_batch_id: int | None  # the latest batch that gave this account a password
    last_batch_at: datetime | None
    uai: str | None = None  # the pupil's establishment (a cité scolaire has several)
    role: str = "student"  # or "staff" (STS-web)
    function: str | None = None  # staff: the STS-web FONCTION code
    forgotten: bool = False  # anonymised: names and identifiers erased, the username kept reserved

    @property
    def is_active(self) -> bool:
        return self.status == "active"


_ROWS = """
SELECT a.id, a.username, a.first_name, COALESCE(a.usage_name, a.family_name), a.class_code, a.status,
       a.protected, last.batch_id, b.created_at, a.uai, a.role, a.staff_function, a.forgotten_at IS NOT NULL
FROM accounts a
LEFT JOIN (SELECT account_id, MAX(batch_id) AS batch_id FROM batch_entries GROUP BY account_id) last
       ON last.account_id = a.id
LEFT JOIN credential_batches b ON b.id = last.batch_id
"""


def account_rows(conn: sqlite3.Connection) -> list[AccountRow]:
    """Every account, by class (natural order), last name, first name."""
    rows = [
        AccountRow(id=r[0], username=r[1], first_name=r[2], last_name=r[3], class_code=r[4], status=r[5],
                   protected=bool(r[6]), last_batch_id=r[7], last_batch_at=parse_time(r[8]), uai=r[9],
                   role=r[10], function=r[11], forgotten=bool(r[12]))
        for r in conn.execute(_ROWS)
    ]
    rows.sort(key=lambda a: (class_sort_key(a.class_code), fold(a.last_name), fold(a.first_name), a.username))
    return rows


def batch_classes(conn: sqlite3.Connection) -> dict[int, list[str]]:
    """batch id → the classes of its pupils when it was made (the classes its slips are grouped by, in
    natural order), « Personnels » for its staff."""
    found: dict[int, set[str]] = {}
    for batch_id, code in conn.execute(
        # Staff accounts have no class: their group is « Personnels », as on their sheets (STAFF_FR).
        "SELECT DISTINCT e.batch_id, CASE WHEN a.role = 'staff' THEN 'Personnels' "
        "ELSE COALESCE(e.class_code, a.class_code) END "
        "FROM batch_entries e JOIN accounts a ON a.id = e.account_id"
    ):
        found.setdefault(batch_id, set()).add(code or "")
    return {batch_id: sorted(codes, key=class_sort_key) for batch_id, codes in found.items()}


def batch_departures(conn: sqlite3.Connection) -> dict[int, int]:
    """batch id → how many of its held passwords belong to pupils who left since (suspended accounts)."""
    return dict(conn.execute(
        "SELECT e.batch_id, COUNT(*) FROM batch_entries e JOIN accounts a ON a.id = e.account_id "
        "WHERE e.secret IS NOT NULL AND a.status != 'active' GROUP BY e.batch_id"
    ).fetchall())
