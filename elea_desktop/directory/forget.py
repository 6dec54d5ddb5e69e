"""Former pupils' personal data: the accounts of pupils gone for more than N school years are anonymised.

- **Who**: pupils' accounts (not staff), suspended, not protected (protection is the user's explicit "leave
  this account alone"), not anonymised yet, suspended for N rentrées at least (N =
  ``establishment.forget_after_years``, default 1): suspended during school year Y, the account may be
  anonymised once the current school year is Y + N. A pupil missing from the September 2025 export is
  kept suspended through 2025-2026 (he may come back: the account would be reactivated) and anonymised from
  the 2026 rentrée; one who left in February 2025 from the 2025 rentrée.
- **School years**: an account's suspension year is that of the import that suspended it (``imports.
  school_year``, read from SIECLE's ANNEE_SCOLAIRE); the current one is the latest import's, or the
  calendar's when later (:func:`school_year_of`, the August 1st boundary of the SIECLE rentrée).
- **What is erased**: names (replaced by « Élève » « Anonymisé », since names are required and Moodle
  requires them too: the next platform sync gives the suspended platform account these neutral names),
  birth date, ELEVE_ID, INE, ELENOET, class and cohort; the wording and class of its import history; its
  passwords still held in batches (a slip without a name is useless, and the account is suspended anyway);
  the platform mirror's copy of its names; in every backup copy of ``backups/`` too (a copy that cannot be
  cleaned is deleted). The **username stays**, so it is never given to anyone else (the allocator sees
  every account's), and so does the opaque ``uid`` (Moodle's idnumber): the platform account can still be
  found and deleted there.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from elea_desktop.directory.backups import rewrite_backups

FIRST_NAME = "Élève"
FAMILY_NAME = "Anonymisé"
RENTREE_MONTH = 8  # SIECLE switches to the new school year over the summer: August belongs to the new one


def school_year_of(day: date | datetime) -> int:
    """The school year (its starting calendar year: 2025 for 2025-2026) a day belongs to."""
    return day.year if day.month >= RENTREE_MONTH else day.year - 1


def year_label(year: int) -> str:
    return f"{year}-{year + 1}"


@dataclass(frozen=True)
class Leaver:
    username: str
    first_name: str
    last_name: str
    class_code: str | None
    suspended_year: int  # the school year of the suspension

    def as_json(self) -> dict:
        return {"username": self.username, "first_name": self.first_name, "last_name": self.last_name,
                "class": self.class_code, "suspended_school_year": year_label(self.suspended_year)}


@dataclass(frozen=True)
class ForgetResult:
    leavers: tuple[Leaver, ...]
    current_year: int
    after_years: int
    done: bool  # False for a dry run: nothing was written

    @property
    def latest_eligible_year(self) -> int:
        """Pupils suspended during this school year or before are concerned."""
        return self.current_year - self.after_years

    def as_json(self) -> dict:
        return {"dry_run": not self.done, "count": len(self.leavers),
                "current_school_year": year_label(self.current_year), "forget_after_years": self.after_years,
                "suspended_until": year_label(self.latest_eligible_year),
                "accounts": [leaver.as_json() for leaver in self.leavers]}


_CANDIDATES = """
SELECT a.id, a.username, a.first_name, COALESCE(a.usage_name, a.family_name), a.class_code, a.updated_at,
       (SELECT MAX(i.school_year) FROM import_changes ch JOIN imports i ON i.id = ch.import_id
         WHERE ch.account_id = a.id AND ch.category = 'suspended')
FROM accounts a
WHERE a.role = 'student' AND a.status = 'suspended' AND a.protected = 0 AND a.forgotten_at IS NULL
"""


def current_school_year(conn: sqlite3.Connection, now: datetime) -> int:
    row = conn.execute("SELECT MAX(school_year) FROM imports WHERE kind = 'students'").fetchone()
    calendar = school_year_of(now)
    return max(calendar, row[0]) if row and row[0] is not None else calendar


def find_leavers(conn: sqlite3.Connection, now: datetime, after_years: int) -> tuple[ForgetResult, list[int]]:
    """The leavers due for anonymisation, and their account ids."""
    current = current_school_year(conn, now)
    found = []
    for account_id, username, first, last, class_code, updated_at, year in conn.execute(_CANDIDATES):
        if year is None:  # suspended before the history recorded it: the day of its last change
            year = school_year_of(datetime.fromisoformat(updated_at))
        if current - year >= after_years:
            found.append((account_id, Leaver(username, first, last, class_code, year)))
    found.sort(key=lambda item: (item[1].suspended_year, item[1].username))
    result = ForgetResult(tuple(leaver for _, leaver in found), current, after_years, done=False)
    return result, [account_id for account_id, _ in found]


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}  # noqa: S608 (our names)


def erase(conn: sqlite3.Connection, account_ids: list[int], now: datetime) -> None:
    """Anonymise ``account_ids`` in ``conn``: the live base, or a backup copy of any schema version."""
    if not account_ids:
        return
    marks = ", ".join("?" * len(account_ids))
    people = conn.execute(f"SELECT eleve_id, first_name, COALESCE(usage_name, family_name) FROM accounts "  # noqa: S608
                          f"WHERE id IN ({marks})", account_ids).fetchall()
    stamp = now.isoformat()
    forgotten = ", forgotten_at = ?" if "forgotten_at" in _columns(conn, "accounts") else ""
    conn.execute(
        f"UPDATE accounts SET family_name = ?, first_name = ?, usage_name = NULL, birth_date = NULL, "  # noqa: S608
        f"eleve_id = NULL, ine = NULL, elenoet = NULL, class_code = NULL, cohort_id = NULL, updated_at = ?"
        f"{forgotten} WHERE id IN ({marks})",
        [FAMILY_NAME, FIRST_NAME, stamp, *([stamp] if forgotten else []), *account_ids])
    if "detail" in _columns(conn, "import_changes"):
        conn.execute(f"UPDATE import_changes SET detail = NULL, class_code = NULL "  # noqa: S608
                     f"WHERE account_id IN ({marks})", account_ids)
    entries = "secret = NULL, class_code = NULL" if "class_code" in _columns(conn, "batch_entries") \
        else "secret = NULL"
    conn.execute(f"UPDATE batch_entries SET {entries} WHERE account_id IN ({marks})", account_ids)  # noqa: S608
    _erase_mentions(conn, account_ids, people)


def _erase_mentions(conn: sqlite3.Connection, account_ids: list[int], people) -> None:
    """Where the pupils are named in free text: import warnings (by ELEVE_ID), the platform's mirror and
    journal (by name)."""
    eleve_ids = {eleve_id for eleve_id, _, _ in people if eleve_id}
    for import_id, text in conn.execute("SELECT id, warnings FROM imports").fetchall():
        notices = json.loads(text or "[]")
        kept = [dict(n, message="Remarque sur un élève anonymisé depuis.", eleve_id=None)
                if isinstance(n, dict) and n.get("eleve_id") in eleve_ids else n for n in notices]
        if kept != notices:
            conn.execute("UPDATE imports SET warnings = ? WHERE id = ?",
                         (json.dumps(kept, ensure_ascii=False), import_id))
    if not _columns(conn, "platform_accounts"):
        return
    marks = ", ".join("?" * len(account_ids))
    conn.execute(f"UPDATE platform_accounts SET firstname = '', lastname = '' "  # noqa: S608
                 f"WHERE account_id IN ({marks})", account_ids)
    names = [name for _, first, last in people for name in (f"{first} {last}", f"{last} {first}")]
    for table, column in (("platform_runs", "report"), ("platform_calls", "detail")):
        for row_id, text in conn.execute(f"SELECT id, {column} FROM {table} "  # noqa: S608
                                         f"WHERE {column} IS NOT NULL").fetchall():
            cleaned = text
            for name in names:
                cleaned = cleaned.replace(name, f"{FIRST_NAME} {FAMILY_NAME}")
            if cleaned != text:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (cleaned, row_id))  # noqa: S608


def forget_leavers(directory, *, dry_run: bool = False) -> ForgetResult:
    """The leavers to anonymise (``dry_run``: only listed), else anonymised in one transaction."""
    after_years = directory.settings().forget_after_years
    now = directory.now()
    with directory.transaction() as conn:
        result, ids = find_leavers(conn, now, after_years)
        if dry_run or not ids:
            return result
        erase(conn, ids, now)
    directory.after_purge()  # folds the WAL (the erased values are overwritten: secure_delete)
    scrub_backups(directory.data_dir, ids, now)
    return ForgetResult(result.leavers, result.current_year, result.after_years, done=True)


def scrub_backups(data_dir: Path, account_ids: list[int], now: datetime) -> None:
    """The same erasure in every backup copy; a copy that cannot be cleaned is deleted, not left whole."""
    rewrite_backups(data_dir, lambda conn: erase(conn, account_ids, now))
