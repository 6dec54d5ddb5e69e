"""Reading rows of the directory into plain data (the SQL for reads lives here)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

from elea_desktop.directory.models import Account, DeclaredUai, Establishment, ImportRecord
from elea_desktop.directory.sqlite_errors import damaged_value
from elea_desktop.policies.passwords import DEFAULT_POLICY, PasswordPolicy
from elea_desktop.policies.usernames import DEFAULT_PATTERN
from elea_desktop.text import class_sort_key, fold

ACCOUNT_COLUMNS = (
    "id, uid, origin, eleve_id, ine, elenoet, family_name, usage_name, first_name, birth_date, class_code, "
    "cohort_id, username, status, protected, created_at, updated_at, uai, role, sts_id, staff_function, "
    "forgotten_at"
)
_IMPORT_COLUMNS = (
    "id, imported_at, digest, source_name, uai, school_year, exported_at, mode, counts, warnings"
)


def parse_time(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        raise damaged_value("une date", text) from None


def parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        raise damaged_value("une date", text) from None


def account_from_row(row) -> Account:
    return Account(
        id=row[0], uid=row[1], origin=row[2], eleve_id=row[3], ine=row[4], elenoet=row[5],
        family_name=row[6], usage_name=row[7], first_name=row[8], birth_date=parse_date(row[9]),
        class_code=row[10], cohort_id=row[11], username=row[12], status=row[13], protected=bool(row[14]),
        created_at=parse_time(row[15]), updated_at=parse_time(row[16]), uai=row[17], role=row[18],
        sts_id=row[19], function=row[20], forgotten_at=parse_time(row[21]),
    )


def read_establishment(conn: sqlite3.Connection) -> Establishment | None:
    row = conn.execute(
        "SELECT uai, name, platform_url, username_pattern, password_policy, email_domain, sheet_per_page, "
        "sheet_qr, sheet_roster, moodle_lang, staff_functions, forget_after_years, sheet_single "
        "FROM establishment WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    policy_data = json.loads(row[4] or "{}")
    return Establishment(
        uai=row[0], name=row[1], platform_url=row[2], username_pattern=row[3] or DEFAULT_PATTERN,
        password_policy=PasswordPolicy.from_dict(policy_data) if policy_data else DEFAULT_POLICY,
        email_domain=row[5], sheet_per_page=row[6], sheet_qr=bool(row[7]), sheet_roster=bool(row[8]),
        moodle_lang=row[9], other_uais=declared_uais(conn, row[0]),
        staff_functions=tuple(code for code in (row[10] or "").split(",") if code),
        forget_after_years=row[11], sheet_single=row[12],
    )


def declared_uais(conn: sqlite3.Connection, bound: str | None) -> tuple[DeclaredUai, ...]:
    """The UAIs declared beside the bound one, in the order they were declared."""
    rows = conn.execute("SELECT uai, name FROM establishment_uais ORDER BY added_at, uai").fetchall()
    return tuple(DeclaredUai(uai, name, False) for uai, name in rows if uai != bound)


def ensure_establishment(conn: sqlite3.Connection, now: datetime) -> None:
    stamp = now.isoformat()
    conn.execute(
        "INSERT OR IGNORE INTO establishment (id, created_at, updated_at) VALUES (1, ?, ?)", (stamp, stamp)
    )


def list_accounts(conn: sqlite3.Connection, *, class_code: str | None = None,
                  status: str | None = None, role: str | None = None) -> list[Account]:
    clauses, params = [], []
    if role is not None:
        clauses.append("role = ?")
        params.append(role)
    if class_code is not None:
        clauses.append("class_code = ?")
        params.append(class_code)
    if status is not None:
        clauses.append("status = ?")
        params.append(status)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = conn.execute(f"SELECT {ACCOUNT_COLUMNS} FROM accounts {where}", params).fetchall()  # noqa: S608
    accounts = [account_from_row(row) for row in rows]
    accounts.sort(key=lambda a: (class_sort_key(a.class_code), fold(a.last_name), fold(a.first_name),
                                 a.username))
    return accounts


def all_accounts(conn: sqlite3.Connection) -> list[Account]:
    return [account_from_row(row) for row in conn.execute(f"SELECT {ACCOUNT_COLUMNS} FROM accounts")]  # noqa: S608


def account_by_username(conn: sqlite3.Connection, username: str) -> Account | None:
    row = conn.execute(
        f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE username = ?", (username.strip().lower(),)  # noqa: S608
    ).fetchone()
    return account_from_row(row) if row else None


def _import_from_row(row) -> ImportRecord:
    return ImportRecord(
        id=row[0], imported_at=parse_time(row[1]), digest=row[2], source_name=row[3], uai=row[4],
        school_year=row[5], exported_at=parse_time(row[6]), mode=row[7], counts=json.loads(row[8]),
        warnings=json.loads(row[9]),
    )


def last_import(conn: sqlite3.Connection) -> ImportRecord | None:
    row = conn.execute(f"SELECT {_IMPORT_COLUMNS} FROM imports ORDER BY id DESC LIMIT 1").fetchone()  # noqa: S608
    return _import_from_row(row) if row else None


def latest_export_time(conn: sqlite3.Connection, kind: str = "students",
                       uai: str | None = None) -> datetime | None:
    """The most recent export timestamp ever imported of that kind ("students" or "staff"), of one UAI when
    given (an override may have imported an older one since)."""
    if uai is None:
        row = conn.execute("SELECT MAX(exported_at) FROM imports WHERE kind = ?", (kind,)).fetchone()
    else:
        row = conn.execute("SELECT MAX(exported_at) FROM imports WHERE kind = ? AND upper(uai) = ?",
                           (kind, uai.upper())).fetchone()
    return parse_time(row[0]) if row and row[0] else None


def latest_export_times(conn: sqlite3.Connection) -> dict[str, datetime]:
    """Per UAI, the most recent export timestamp imported: each export speaks for its own UAI only."""
    rows = conn.execute(
        "SELECT uai, MAX(exported_at) FROM import_exports WHERE exported_at IS NOT NULL GROUP BY uai"
    ).fetchall()
    return {uai.upper(): parse_time(stamp) for uai, stamp in rows if uai and stamp}


def list_imports(conn: sqlite3.Connection) -> list[ImportRecord]:
    return [_import_from_row(r) for r in conn.execute(f"SELECT {_IMPORT_COLUMNS} FROM imports ORDER BY id")]  # noqa: S608


def cohorts_of_year(conn: sqlite3.Connection, school_year: int,
                    uai: str | None = None) -> dict[str, tuple[int, str]]:
    """class code → (cohort id, idnumber) for one school year (of one UAI when given)."""
    if uai is None:
        rows = conn.execute(
            "SELECT class_code, id, idnumber FROM cohorts WHERE school_year = ?", (school_year,)
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT class_code, id, idnumber FROM cohorts WHERE school_year = ? AND upper(uai) = ?",
            (school_year, uai.upper()),
        ).fetchall()
    return {code: (cohort_id, idnumber) for code, cohort_id, idnumber in rows}


def cohort_idnumbers(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT idnumber FROM cohorts")}
