"""The directory's SQLite schema, as a list of forward migrations.

``MIGRATIONS[i]`` takes a database from version ``i`` to version ``i + 1``; a new database runs them all.
Never edit a released step: add a new one. The version lives in the ``schema_version`` table.

Identifiers kept in ``accounts``:

- ``uid`` is the account's **stable opaque identifier**: 32 random hexadecimal characters (UUID4) drawn
  when the account is created and never changed. It is what goes to Moodle as ``idnumber``; it is
  deliberately not derived from ``ELEVE_ID``/INE so that the platform never receives a national identifier.
- ``eleve_id``, ``ine`` and ``elenoet`` are SIECLE's, used to recognise the pupil from one export to the next.

No password, hashed or not, is ever stored in ``accounts``: generated passwords live only, encrypted, in
``batch_entries`` until the batch is distributed or 30 days old (see ``credential_batches``).
"""

from __future__ import annotations

import sqlite3

from elea_desktop.errors import DirectoryError

V1 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (0);

-- One row (id = 1): the establishment and its settings. ``uai`` is NULL until the first import binds it.
CREATE TABLE establishment (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uai TEXT,
    name TEXT,
    platform_url TEXT,
    username_pattern TEXT NOT NULL DEFAULT 'prenom.nom',
    password_policy TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    digest TEXT NOT NULL,
    source_name TEXT,
    uai TEXT NOT NULL,
    school_year INTEGER NOT NULL,
    exported_at TEXT,
    mode TEXT NOT NULL CHECK (mode IN ('new', 'keep')),
    counts TEXT NOT NULL,
    warnings TEXT NOT NULL
);

-- One cohort per class AND school year: Moodle's upload only adds members, so last year's cohort can simply
-- be deleted on the platform while this year's is new.
CREATE TABLE cohorts (
    id INTEGER PRIMARY KEY,
    school_year INTEGER NOT NULL,
    class_code TEXT NOT NULL,
    idnumber TEXT NOT NULL UNIQUE,
    import_id INTEGER REFERENCES imports(id),
    created_at TEXT NOT NULL,
    UNIQUE (school_year, class_code)
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL CHECK (origin IN ('siecle', 'manual')),
    eleve_id TEXT,
    ine TEXT,
    elenoet TEXT,
    family_name TEXT NOT NULL,
    usage_name TEXT,
    first_name TEXT NOT NULL,
    birth_date TEXT,
    class_code TEXT,
    cohort_id INTEGER REFERENCES cohorts(id),
    username TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
    protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX accounts_eleve_id ON accounts (eleve_id) WHERE eleve_id IS NOT NULL;
CREATE INDEX accounts_ine ON accounts (ine) WHERE ine IS NOT NULL;
CREATE INDEX accounts_class ON accounts (class_code);

-- What each import did to each account: the Moodle CSV of an import lists these rows.
CREATE TABLE import_changes (
    import_id INTEGER NOT NULL REFERENCES imports(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    category TEXT NOT NULL CHECK (category IN ('created', 'updated', 'reactivated', 'suspended')),
    PRIMARY KEY (import_id, account_id)
) WITHOUT ROWID;

CREATE TABLE credential_batches (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('import', 'reset')),
    import_id INTEGER REFERENCES imports(id),
    size INTEGER NOT NULL,
    distributed_at TEXT,
    purged_at TEXT
);

-- ``secret`` is the password encrypted by the vault (AES-GCM, associated data = batch id + account uid);
-- NULL once the batch is purged.
CREATE TABLE batch_entries (
    batch_id INTEGER NOT NULL REFERENCES credential_batches(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    secret BLOB,
    PRIMARY KEY (batch_id, account_id)
) WITHOUT ROWID;
"""

# v2: where the Moodle CSV's e-mail addresses come from (NULL: ``username@<uai>.invalid``).
V2 = """
ALTER TABLE establishment ADD COLUMN email_domain TEXT;
"""

# v3: the defaults of the credential sheets and of the Moodle CSV become the establishment's settings.
# ``moodle_lang`` NULL: no ``lang`` column (``lang=fr`` on a site without the French pack warns on every row).
V3 = """
ALTER TABLE establishment ADD COLUMN sheet_per_page INTEGER NOT NULL DEFAULT 10
    CHECK (sheet_per_page IN (8, 10, 12));
ALTER TABLE establishment ADD COLUMN sheet_qr INTEGER NOT NULL DEFAULT 0 CHECK (sheet_qr IN (0, 1));
ALTER TABLE establishment ADD COLUMN sheet_roster INTEGER NOT NULL DEFAULT 0 CHECK (sheet_roster IN (0, 1));
ALTER TABLE establishment ADD COLUMN moodle_lang TEXT;
"""

# v4: cités scolaires. A directory serves its bound UAI (``establishment.uai``) plus the UAIs declared in
# ``establishment_uais``; each account and each cohort belongs to one UAI, ELEVE_ID is unique per UAI only
# (each establishment's SIECLE numbers its pupils), and one import may bring several exports
# (``import_exports``: one row per file, which the older-export rule reads per UAI). SQLite cannot drop the
# cohorts' UNIQUE (school_year, class_code): the table is rebuilt, its ids kept; the accounts' links are set
# aside and put back so that no foreign key ever points to a dropped row.
V4 = """
CREATE TABLE establishment_uais (
    uai TEXT PRIMARY KEY,
    name TEXT,
    added_at TEXT NOT NULL
) WITHOUT ROWID;
ALTER TABLE accounts ADD COLUMN uai TEXT;
UPDATE accounts SET uai = (SELECT uai FROM establishment WHERE id = 1);
DROP INDEX accounts_eleve_id;
CREATE UNIQUE INDEX accounts_uai_eleve_id ON accounts (uai, eleve_id) WHERE eleve_id IS NOT NULL;
CREATE TABLE import_exports (
    import_id INTEGER NOT NULL REFERENCES imports(id),
    uai TEXT NOT NULL,
    school_year INTEGER NOT NULL,
    exported_at TEXT,
    digest TEXT NOT NULL,
    source_name TEXT,
    counts TEXT NOT NULL,
    PRIMARY KEY (import_id, uai)
) WITHOUT ROWID;
INSERT INTO import_exports (import_id, uai, school_year, exported_at, digest, source_name, counts)
    SELECT id, uai, school_year, exported_at, digest, source_name, counts FROM imports;
CREATE TABLE v4_cohort_links AS SELECT id, cohort_id FROM accounts WHERE cohort_id IS NOT NULL;
UPDATE accounts SET cohort_id = NULL WHERE cohort_id IS NOT NULL;
CREATE TABLE cohorts_v4 (
    id INTEGER PRIMARY KEY,
    uai TEXT,
    school_year INTEGER NOT NULL,
    class_code TEXT NOT NULL,
    idnumber TEXT NOT NULL UNIQUE,
    import_id INTEGER REFERENCES imports(id),
    created_at TEXT NOT NULL,
    UNIQUE (uai, school_year, class_code)
);
INSERT INTO cohorts_v4 (id, uai, school_year, class_code, idnumber, import_id, created_at)
    SELECT id, (SELECT uai FROM establishment WHERE id = 1), school_year, class_code, idnumber, import_id,
           created_at FROM cohorts;
DROP TABLE cohorts;
ALTER TABLE cohorts_v4 RENAME TO cohorts;
UPDATE accounts SET cohort_id = (SELECT l.cohort_id FROM v4_cohort_links l WHERE l.id = accounts.id)
    WHERE id IN (SELECT id FROM v4_cohort_links);
DROP TABLE v4_cohort_links;
"""

# v5: staff accounts from STS-web (issue 15). ``role`` tells pupils from staff; ``sts_id`` is STS's
# INDIVIDU@ID (how a staff member is recognised from one export to the next); ``staff_function`` the
# FONCTION code (ENS, EDU…). ``imports.kind`` keeps the "older export" rule per kind of export;
# ``staff_functions`` is who gets an account (comma-separated FONCTION codes). Staff accounts keep
# ``origin = 'siecle'`` (from an official export: the CHECK of v1 cannot change without rebuilding the table).
V5 = """
ALTER TABLE accounts ADD COLUMN role TEXT NOT NULL DEFAULT 'student' CHECK (role IN ('student', 'staff'));
ALTER TABLE accounts ADD COLUMN sts_id TEXT;
ALTER TABLE accounts ADD COLUMN staff_function TEXT;
CREATE UNIQUE INDEX accounts_sts_id ON accounts (sts_id) WHERE sts_id IS NOT NULL;
CREATE INDEX accounts_role ON accounts (role);
ALTER TABLE imports ADD COLUMN kind TEXT NOT NULL DEFAULT 'students' CHECK (kind IN ('students', 'staff'));
ALTER TABLE establishment ADD COLUMN staff_functions TEXT NOT NULL DEFAULT 'ENS,EDU,DOC,DIR';
"""

# v6: the platform sync (issue 13). What the platform holds of ours as last seen or sent (a mirror, so that
# the window can say offline what is not sent yet), and a journal of every write call, recorded as it
# returns. The web-service token is never stored in the database (it lives in the OS keyring).
V6 = """
CREATE TABLE platform_connection (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    url TEXT NOT NULL,
    token_ref TEXT NOT NULL,
    token_location TEXT NOT NULL CHECK (token_location IN ('keyring', 'file')),
    field_budget INTEGER NOT NULL DEFAULT 1000,
    site_name TEXT,
    release TEXT,
    site_user TEXT,
    missing_functions TEXT NOT NULL DEFAULT '[]',
    checked_at TEXT NOT NULL
);

-- One row per account the platform holds (matched by idnumber = accounts.uid, or adopted by username).
-- ``password_batch``: the newest credential batch whose password the platform received.
CREATE TABLE platform_accounts (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    moodle_id INTEGER NOT NULL,
    firstname TEXT NOT NULL,
    lastname TEXT NOT NULL,
    email TEXT NOT NULL,
    idnumber TEXT NOT NULL,
    suspended INTEGER NOT NULL CHECK (suspended IN (0, 1)),
    password_batch INTEGER,
    synced_at TEXT NOT NULL
);

CREATE TABLE platform_cohorts (
    idnumber TEXT PRIMARY KEY,
    moodle_id INTEGER NOT NULL,
    name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE platform_memberships (
    cohort_idnumber TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (cohort_idnumber, account_id)
) WITHOUT ROWID;

CREATE TABLE platform_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT,
    report TEXT
);

-- ``outcome``: 'sent' until the answer is recorded ('done'), 'refused' (the platform's exception, nothing
-- of the call was done), or still 'sent' when the program stopped before the answer: the next run reads
-- the platform's state again. ``platform_pending`` keeps which password each user creation carried.
CREATE TABLE platform_calls (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES platform_runs(id),
    function TEXT NOT NULL,
    items INTEGER NOT NULL,
    fields INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'done', 'refused')),
    detail TEXT
);

CREATE TABLE platform_pending (
    call_id INTEGER NOT NULL REFERENCES platform_calls(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    password_batch INTEGER,
    PRIMARY KEY (call_id, account_id)
) WITHOUT ROWID;
"""

# v7 (accounts workspace, issue 11): what each import changed for an account, in words (class move, new
# name …) and the class it put the account in, for the account's history; the class a slip belongs to on the
# day its batch was made (a batch reprinted in March keeps September's classes); when an account was
# anonymised (``forget-leavers``: names, birth date and SIECLE identifiers erased, the username kept
# reserved); how many school years a suspended account is kept before it may be anonymised.
V7 = """
ALTER TABLE import_changes ADD COLUMN detail TEXT;
ALTER TABLE import_changes ADD COLUMN class_code TEXT;
ALTER TABLE batch_entries ADD COLUMN class_code TEXT;
UPDATE batch_entries SET class_code =
    (SELECT a.class_code FROM accounts a WHERE a.id = batch_entries.account_id);
ALTER TABLE accounts ADD COLUMN forgotten_at TEXT;
ALTER TABLE establishment ADD COLUMN forget_after_years INTEGER NOT NULL DEFAULT 1
    CHECK (forget_after_years BETWEEN 1 AND 10);
"""

# v8 (issue 11): how a print of ONE slip is laid out (a new password, one pupil's reprint): the slip alone
# at the top of the page ('slip', the rest of the sheet stays usable) or a whole-page letter ('letter').
V8 = """
ALTER TABLE establishment ADD COLUMN sheet_single TEXT NOT NULL DEFAULT 'slip'
    CHECK (sheet_single IN ('slip', 'letter'));
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V5, V6, V7, V8)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def _statements(script: str) -> list[str]:
    """Split a migration script into complete SQL statements (executescript would commit on its own)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Bring the database to ``target``, each step in its own transaction; returns the version reached."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise DirectoryError(
            f"La base des comptes a été créée par une version plus récente d'Éléa Desktop "
            f"(schéma {version}, cette version connaît le schéma {SCHEMA_VERSION}). "
            "Installez la dernière version de l'application."
        )
    while version < target:
        try:
            # The write lock first, then the version again: another process or thread opening the same
            # folder at the same moment may have run this step while we waited for the lock.
            conn.execute("BEGIN IMMEDIATE")
            version = current_version(conn)
            if version < target:
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute("UPDATE schema_version SET version = ?", (version + 1,))
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            if conn.in_transaction:
                conn.rollback()
            raise DirectoryError(
                f"La mise à jour de la base des comptes (schéma {version} → {version + 1}) a échoué : "
                f"{error}. "
                "La base est restée dans son état précédent ; une copie se trouve dans le dossier « "
                "backups »."
            ) from error
        version = current_version(conn)
    return version
