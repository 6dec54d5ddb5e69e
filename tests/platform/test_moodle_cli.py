"""``moodle connect|status|sync|disconnect``: exit codes, JSON keys, the token never on disk or in argv."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from elea_desktop.directory.store import DB_NAME, Directory
from tests.cli.helpers import run
from tests.platform.conftest import import_pupils

ROOT = Path(__file__).resolve().parents[2]


def readme_keys(opening: str, closing: str) -> set[str]:
    """The JSON keys the README documents after ``opening`` (up to ``closing``): the CLI must give these."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(opening) + len(opening)
    return set(re.findall(r"`([a-z_]+)`", text[start : text.index(closing, start)]))


SYNC_KEYS = readme_keys("`python main.py moodle sync [--json]` : l'envoi. JSON :", "Codes")
PENDING_KEYS = readme_keys("et `pending` (", ")")


@pytest.fixture
def imported(directory, pupils):
    import_pupils(directory, pupils)
    return directory


def connect(capsys, monkeypatch, fake, token=None):
    monkeypatch.setattr(sys, "stdin", io.StringIO((token or fake.token) + "\n"))
    return run(capsys, "moodle", "connect", fake.url)


def test_connect_status_sync_disconnect(capsys, monkeypatch, imported, fake, data_dir, memory_keyring):
    code, out, err = connect(capsys, monkeypatch, fake)
    assert code == 0, err
    assert "Éléa de test" in out and "4.5.6" in out
    assert fake.token in memory_keyring.store.values()
    database = (data_dir / DB_NAME).read_bytes()
    assert fake.token.encode() not in database

    code, out, _ = run(capsys, "moodle", "status", "--json")
    status = json.loads(out)
    assert code == 0 and status["connected"] is True and status["url"] == fake.url
    assert status["site_name"] == "Éléa de test" and status["release"].startswith("4.5.6")
    assert status["missing_functions"] == [] and set(status["pending"]) == PENDING_KEYS
    assert status["pending"]["users_to_create"] == 60 and status["pending"]["memberships_to_add"] == 60

    code, out, _ = run(capsys, "moodle", "sync", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["users_created"] == 60 and fake.write_calls() == []

    code, out, err = run(capsys, "moodle", "sync", "--json")
    report = json.loads(out)
    assert code == 0, err
    assert set(report) >= SYNC_KEYS and report["users_created"] == 60 and report["batch_id"] is None

    code, out, _ = run(capsys, "moodle", "status", "--json")
    assert not any(json.loads(out)["pending"].values())

    code, out, _ = run(capsys, "moodle", "disconnect")
    assert code == 0 and fake.token not in memory_keyring.store.values()
    code, out, err = run(capsys, "moodle", "sync")
    assert code == 2 and "Aucune plateforme" in err


def test_connect_refusals_exit_2(capsys, monkeypatch, imported, fake):
    code, _, err = connect(capsys, monkeypatch, fake, token="wrong-token")
    assert code == 2 and "refuse le jeton" in err
    fake.functions.discard("core_user_update_users")
    code, _, err = connect(capsys, monkeypatch, fake)
    assert code == 2 and "core_user_update_users" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO(fake.token + "\n"))
    code, _, err = run(capsys, "moodle", "connect", "http://127.0.0.1:9/")
    assert code == 2 and "Impossible de joindre" in err


def test_token_file_and_fallback_file_is_private(capsys, tmp_path, imported, fake, data_dir, monkeypatch):
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    token_file = tmp_path / "jeton.txt"
    token_file.write_text(fake.token + "\n")
    code, _, err = run(capsys, "moodle", "connect", fake.url, "--token-file", token_file)
    assert code == 0 and "platform.token" in err
    stored = data_dir / "platform.token"
    # owner-only mode on POSIX (Windows has no such bits: the per-user folder's ACL protects it)
    assert stored.read_text() == fake.token and (os.name == "nt" or (stored.stat().st_mode & 0o077) == 0)
    code, _, _ = run(capsys, "moodle", "disconnect")
    assert code == 0 and not stored.exists()


def test_conflict_exits_3_and_is_named(capsys, monkeypatch, imported, fake):
    account = imported.list_accounts()[0]
    fake.add_user(username=account.username, firstname="Autre", lastname="Personne")
    connect(capsys, monkeypatch, fake)
    code, out, _ = run(capsys, "moodle", "sync", "--json")
    report = json.loads(out)
    assert code == 3 and report["conflicts"][0]["username"] == account.username


def test_a_killed_sync_process_is_completed_by_the_next_run(directory, pupils, fake, data_dir):
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    from elea_desktop.platform import connection

    # Like the subprocesses, no usable keyring: the vault key and the token take the file fallback.
    keyring.set_keyring(FailKeyring())
    import_pupils(directory, pupils)
    connection.connect(directory, fake.url, fake.token)
    connection.set_budget(directory, 200)
    env = dict(os.environ, ELEA_DESKTOP_TEST_HOOK="kill:platform_call:3", ELEA_DESKTOP_DATA_DIR=str(data_dir))
    killed = subprocess.run(
        [sys.executable, "main.py", "moodle", "sync"], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    # SIGKILL on POSIX; on Windows the hook's TerminateProcess exits with SIGTERM's 15
    assert killed.returncode == (15 if os.name == "nt" else -9)
    created = [u["username"] for u in fake.users.values() if u["idnumber"]]
    assert 0 < len(created) < 60
    env.pop("ELEA_DESKTOP_TEST_HOOK")
    done = subprocess.run(
        [sys.executable, "main.py", "moodle", "sync", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    users = [u["username"] for u in fake.users.values() if u["idnumber"]]
    assert len(users) == len(set(users)) == 60
    assert json.loads(done.stdout)["users_created"] == 60 - len(created)
    assert sum(len(fake.members_of(c["idnumber"])) for c in fake.cohorts.values()) == 60
    with Directory.open(data_dir) as directory:
        assert (
            directory.connection.execute(
                "SELECT COUNT(*) FROM platform_calls WHERE outcome = 'sent'"
            ).fetchone()[0]
            == 0
        )
