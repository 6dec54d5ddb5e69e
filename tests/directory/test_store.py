"""The SQLite directory: creation, migrations, settings, accounts, credential batches and their purge."""

from __future__ import annotations

import sqlite3
import stat
import sys
from datetime import UTC, datetime, timedelta

import pytest

from elea_desktop.directory.backups import list_backups
from elea_desktop.directory.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from elea_desktop.directory.store import DB_NAME, Directory
from elea_desktop.errors import DirectoryError, VaultError
from elea_desktop.importer.engine import run_import
from elea_desktop.policies.passwords import PasswordPolicy
from tests.importer.helpers import export_of, moved, year_kwargs
from tests.siecle_factory import generate_pupils

PUPILS = generate_pupils(30, classes=["6A", "6B"])


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 9, 16, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_open_creates_a_private_wal_database_with_foreign_keys(data_dir):
    with Directory.open(data_dir) as directory:
        conn = directory.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        assert directory.establishment() is None and not directory.has_accounts()
        with pytest.raises(sqlite3.IntegrityError):  # foreign keys are enforced
            conn.execute("INSERT INTO import_changes (import_id, account_id, category) "
                         "VALUES (42, 42, 'created')")
    if sys.platform != "win32":
        assert stat.S_IMODE((data_dir / DB_NAME).stat().st_mode) == 0o600


def test_migrations_run_forward_from_version_1(data_dir):
    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    assert migrate(conn, target=1) == 1
    conn.execute("INSERT INTO establishment (id, uai, name, created_at, updated_at) "
                 "VALUES (1, '0750680G', 'Collège Test', '2025-01-01T00:00:00+00:00', "
                 "'2025-01-01T00:00:00+00:00')")
    conn.close()
    with Directory.open(data_dir) as directory:
        establishment = directory.establishment()
        assert establishment.uai == "0750680G" and establishment.name == "Collège Test"
        assert establishment.email_domain is None  # the column added by migration 2
        version = directory.connection.execute("SELECT version FROM schema_version").fetchone()[0]
        assert version == len(MIGRATIONS)


def test_a_newer_schema_is_refused(data_dir):
    Directory.open(data_dir).close()
    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.close()
    with pytest.raises(DirectoryError, match="plus récente"):
        Directory.open(data_dir)


def test_settings_before_and_after_the_first_import(data_dir):
    with Directory.open(data_dir) as directory:
        assert directory.settings().username_pattern == "prenom.nom"
        directory.update_settings(name="Collège Jean Moulin", platform_url="https://elea.example/",
                                  username_pattern="p.nom", password_policy=PasswordPolicy(length=12))
        assert directory.establishment() is None  # no UAI bound yet
        report = run_import(directory, export_of(PUPILS[:1], **year_kwargs(2025)), None)
        establishment = directory.establishment()
        assert establishment.uai == "0750680G" and establishment.name == "Collège Jean Moulin"
        assert establishment.password_policy == PasswordPolicy(length=12)
        credential = directory.load_batch(report.batch_id).credentials[0]
        assert len(credential.password) == 12
        assert credential.username.startswith(credential.first_name[0].lower().replace("é", "e") + ".")
        assert directory.load_batch(report.batch_id).establishment_name == "Collège Jean Moulin"
        with pytest.raises(DirectoryError, match="Modèle d'identifiant inconnu"):
            directory.update_settings(username_pattern="nimporte")
        with pytest.raises(DirectoryError):
            directory.update_settings(password_policy={"length": 4})
        with pytest.raises(TypeError):
            directory.update_settings(uai="0931234L")  # the UAI is bound by the import, never set by hand


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def imported(data_dir, clock):
    with Directory.open(data_dir, clock=clock) as directory:
        report = run_import(directory, export_of(PUPILS, **year_kwargs(2025)), None)
        yield directory, report


def test_no_plaintext_password_anywhere_on_disk(imported, data_dir):
    directory, report = imported
    passwords = [c.password for c in directory.load_batch(report.batch_id).credentials]
    reset_id = directory.reset_password(directory.list_accounts()[0].username)
    passwords += [c.password for c in directory.load_batch(reset_id).credentials]
    run_import(directory, export_of(PUPILS, **year_kwargs(2025, day="20/09")), "new")  # one more backup
    columns = [row[1] for row in directory.connection.execute("PRAGMA table_info(accounts)")]
    assert not [c for c in columns if "pass" in c or "secret" in c]
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.parent.name == "backups" for p in files)
    for path in files:
        content = path.read_bytes()
        for password in passwords:
            assert password.encode() not in content, path.name


def test_batches_are_purged_after_30_days(imported, data_dir, clock):
    directory, report = imported
    clock.now += timedelta(days=29, hours=23)
    assert directory.purge_expired() == 0
    assert len(directory.load_batch().credentials) == 30
    directory.close()
    clock.now += timedelta(hours=2)
    with Directory.open(data_dir, clock=clock) as reopened:  # the purge happens at opening
        info = reopened.list_batches()[0]
        assert info.purged and not info.distributed and info.age_days == 30
        secrets = reopened.connection.execute("SELECT secret FROM batch_entries").fetchall()
        assert secrets and all(row[0] is None for row in secrets)
        with pytest.raises(DirectoryError, match="effacés"):
            reopened.load_batch(report.batch_id)
        with pytest.raises(DirectoryError, match="Aucun lot"):
            reopened.load_batch()


def test_purge_on_distribution_erases_the_ciphertexts(imported, data_dir):
    directory, report = imported
    blobs = [row[0] for row in directory.connection.execute("SELECT secret FROM batch_entries")]
    directory.purge_batch(report.batch_id)
    info = directory.list_batches()[0]
    assert info.purged and info.distributed and not info.held
    with pytest.raises(DirectoryError):
        directory.moodle_users_for_batch(report.batch_id)
    directory.close()
    content = (data_dir / DB_NAME).read_bytes()
    assert not any(blob in content for blob in blobs)  # secure_delete: overwritten, not just unlinked


def test_purged_passwords_are_erased_from_the_backup_copies_too(imported, data_dir, clock):
    directory, report = imported
    blobs = [row[0] for row in directory.connection.execute("SELECT secret FROM batch_entries")]
    run_import(directory, export_of(PUPILS, **year_kwargs(2025, day="20/09")), "keep")  # copies the batch
    backups = list_backups(data_dir)
    assert any(blobs[0] in path.read_bytes() for path in backups)
    clock.now += timedelta(days=31)
    run_import(directory, export_of(PUPILS, **year_kwargs(2025, day="21/09")), "keep")  # purges after it
    for path in list_backups(data_dir):
        content = path.read_bytes()
        assert not any(blob in content for blob in blobs), path.name


def test_latest_held_batch_and_reset_password(imported):
    directory, report = imported
    account = directory.list_accounts()[3]
    reset_id = directory.reset_password(account.username)
    batch = directory.load_batch()
    assert batch.batch_id == reset_id and batch.origin == "reset"
    assert [c.username for c in batch.credentials] == [account.username]
    (user,) = directory.moodle_users_for_batch(reset_id)
    assert user.password == batch.credentials[0].password and user.idnumber == account.uid
    directory.purge_batch(reset_id)
    assert directory.load_batch().batch_id == report.batch_id  # the latest one still held
    with pytest.raises(DirectoryError, match="Aucun compte"):
        directory.reset_password("personne.inconnue")


def test_reset_password_refuses_a_suspended_account(imported):
    directory, _ = imported
    run_import(directory, export_of(PUPILS[:25], **year_kwargs(2025, day="20/09")), "keep")
    suspended = directory.list_accounts(status="suspended")
    assert len(suspended) == 5
    with pytest.raises(DirectoryError, match="suspendu"):
        directory.reset_password(suspended[0].username)


def test_moodle_rows_of_an_import(imported):
    directory, _ = imported
    year2 = [moved(p, class_code="5A") for p in PUPILS[:25]]
    year2 += generate_pupils(2, classes=["6A"], id_start=900)
    report = run_import(directory, export_of(year2, **year_kwargs(2026)), "keep")
    users = {u.username: u for u in directory.moodle_users_for_import(report.import_id)}
    assert len(users) == 25 + 2 + 5  # updated + created + suspended; unchanged accounts are not listed
    created = {line.username for line in report.entries["created"]}
    for username, user in users.items():
        assert (user.password is not None) == (username in created)
        assert user.email == f"{username}@0750680g.invalid"
        assert len(user.idnumber) == 32
    suspended = [u for u in users.values() if u.suspended]
    assert len(suspended) == 5 and all(u.cohort is None for u in suspended)
    assert {u.cohort for u in users.values() if not u.suspended} == {"0750680G-2026-5A", "0750680G-2026-6A"}
    by_import = directory.moodle_users_for_import(report.import_id)
    assert directory.moodle_users_for_batch(report.batch_id) == by_import
    only_6a = directory.moodle_users_for_import(report.import_id, class_code="6A")
    assert {u.username for u in only_6a} == created


def test_a_ciphertext_moved_to_another_account_does_not_decrypt(imported):
    directory, report = imported
    conn = directory.connection
    first, second = conn.execute("SELECT account_id, secret FROM batch_entries LIMIT 2").fetchall()
    conn.execute("UPDATE batch_entries SET secret = ? WHERE account_id = ?", (first[1], second[0]))
    with pytest.raises(VaultError):
        directory.load_batch(report.batch_id)


def test_list_accounts_filters_and_json_shape(imported):
    directory, _ = imported
    assert len(directory.list_accounts()) == 30
    assert {a.class_code for a in directory.list_accounts(class_code="6B")} == {"6B"}
    assert directory.list_accounts(status="suspended") == []
    data = directory.list_accounts()[0].as_json()
    assert set(data) == {"username", "first_name", "last_name", "class", "status", "protected", "eleve_id",
                         "ine", "birth_date", "uai", "role"}
    assert isinstance(data["protected"], bool) and isinstance(data["eleve_id"], str)
    assert len(data["birth_date"]) == 10 and data["birth_date"][4] == "-"


def test_opening_does_not_wait_for_an_import_in_progress(imported, data_dir, clock):
    directory, report = imported
    clock.now += timedelta(days=31)  # a purge is due at the next opening
    other = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is importing
    try:
        with Directory.open(data_dir, clock=clock) as reader:
            assert len(reader.list_accounts()) == 30
            assert not reader.list_batches()[0].purged  # skipped for now, not waited for
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Directory.open(data_dir, clock=clock) as reopened:
        assert reopened.list_batches()[0].purged


def test_a_damaged_database_is_refused_with_a_french_message(data_dir):
    (data_dir / DB_NAME).write_bytes(b"not a database at all" * 100)
    with pytest.raises(DirectoryError, match="backups"):
        Directory.open(data_dir)


def test_accounts_are_listed_by_natural_class_then_accent_insensitive_name(data_dir):
    from tests.siecle_factory import FakePupil

    pupils = [
        FakePupil("1", "BOUCHÉ", "Chloé", class_code="10A"),
        FakePupil("2", "BÉNÉZET", "Léon", class_code="10A"),
        FakePupil("3", "BERTRAND", "Hugo", class_code="6A"),
        FakePupil("4", "ANDRÉ", "Hugo", class_code="6A"),
        FakePupil("5", "ANDRÉ", "Héloïse", class_code="6A"),
    ]
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(pupils), None)
        listed = [(a.class_code, a.last_name, a.first_name) for a in directory.list_accounts()]
    assert listed == [
        ("6A", "ANDRÉ", "Héloïse"),
        ("6A", "ANDRÉ", "Hugo"),
        ("6A", "BERTRAND", "Hugo"),
        ("10A", "BÉNÉZET", "Léon"),
        ("10A", "BOUCHÉ", "Chloé"),
    ]


def test_two_openings_at_once_migrate_a_new_folder_once(data_dir):
    """The window may open the directory on two threads at start-up; a command may run meanwhile."""
    import threading

    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def open_it() -> None:
        barrier.wait()
        try:
            Directory.open(data_dir).close()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    conn = sqlite3.connect(data_dir / DB_NAME)
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    conn.close()
