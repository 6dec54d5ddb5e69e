"""Fixtures of the platform window tests: the fake Moodle in a thread, no back-off waits, a token check."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.platform.fake_moodle import FakeMoodle


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
