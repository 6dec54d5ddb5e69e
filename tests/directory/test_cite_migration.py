"""Schema v4 (cités scolaires) on a directory made before it: every account, cohort and link kept."""

from __future__ import annotations

import sqlite3

from elea_desktop.directory.schema import SCHEMA_VERSION, migrate
from elea_desktop.directory.store import DB_NAME, Directory
from elea_desktop.importer.engine import run_import
from tests.importer.helpers import export_of, year_kwargs
from tests.siecle_factory import FakePupil

STAMP = "2025-09-15T10:00:00+00:00"
EXPORTED = "2025-09-15T10:42:17"  # SIECLE's local time, as the reader gives it


def test_a_directory_from_before_cites_scolaires_keeps_its_accounts_cohorts_and_history(data_dir):
    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    assert migrate(conn, target=3) == 3
    conn.execute("INSERT INTO establishment (id, uai, name, created_at, updated_at) "
                 "VALUES (1, '0750680G', 'Collège Test', ?, ?)", (STAMP, STAMP))
    conn.execute("INSERT INTO imports (id, imported_at, digest, source_name, uai, school_year, exported_at, "
                 "mode, counts, warnings) VALUES (1, ?, 'abc', 'e.zip', '0750680G', 2025, ?, 'new', '{}', "
                 "'[]')", (STAMP, EXPORTED))
    conn.execute("INSERT INTO cohorts (id, school_year, class_code, idnumber, import_id, created_at) "
                 "VALUES (7, 2025, '4A', '0750680G-2025-4A', 1, ?)", (STAMP,))
    conn.execute("INSERT INTO accounts (id, uid, origin, eleve_id, ine, family_name, first_name, birth_date, "
                 "class_code, cohort_id, username, status, created_at, updated_at) VALUES (3, 'u1', "
                 "'siecle', '1', '070000001AA', 'MARTIN', 'Alice', '2012-06-05', '4A', 7, 'alice.martin', "
                 "'active', ?, ?)", (STAMP, STAMP))
    conn.close()

    with Directory.open(data_dir) as directory:
        conn = directory.connection
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        account = directory.get_account("alice.martin")
        assert (account.uai, account.cohort_id) == ("0750680G", 7)
        assert conn.execute("SELECT uai, idnumber FROM cohorts WHERE id = 7").fetchone() == (
            "0750680G", "0750680G-2025-4A")
        assert conn.execute("SELECT import_id, uai, exported_at FROM import_exports").fetchall() == [
            (1, "0750680G", EXPORTED)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert not conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'v4_%'").fetchall()
        # The next import recognises the account and reuses the cohort.
        alice = FakePupil("1", "MARTIN", "Alice", "05/06/2012", "4A", ine="070000001AA")
        report = run_import(directory, export_of([alice], **year_kwargs(2025, day="20/09")), "keep")
        assert report.counts["users_unchanged"] == 1 and report.counts["classes_created"] == 0
