"""Fixtures of the platform window tests: the fake Moodle in a thread, no back-off waits, a token check."""

from __future__ import annotations

from pathlib import Path

import pytest

from elea_desktop.directory.store import Directory
from elea_desktop.platform import connection
from tests.importer.helpers import export_of
from tests.platform.fake_moodle import FakeMoodle
from tests.siecle_factory import generate_pupils


@pytest.fixture
def fake():
    server = FakeMoodle().start()
    yield server
    server.stop()


@pytest.fixture
def no_backoff(monkeypatch):
    """A refused connection is retried with waits of 1, 3 and 8 s: none in tests (same retries)."""
    from elea_desktop.platform import client

    monkeypatch.setattr(client, "BACKOFF", (0.0,))


def token_nowhere_but_keyring(folder: Path, token: str, keyring_backend) -> None:
    """The token is in the credential store and in no file under ``folder`` (the test's whole temporary
    folder: data folder with its database, backups and logs, and the window's QSettings)."""
    assert token in keyring_backend.store.values()
    for path in Path(folder).rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), f"token written to {path}"


@pytest.fixture
def pupils():
    return generate_pupils(60, classes=("6A", "6B", "5A"))


@pytest.fixture
def seeded(data_dir, pupils):
    """A September import made by the real engine, before the window opens."""
    from elea_desktop.importer.engine import run_import

    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(pupils), None)
    return data_dir


@pytest.fixture
def connected(seeded, fake):
    with Directory.open(seeded) as directory:
        connection.connect(directory, fake.url, fake.token)
    return seeded
