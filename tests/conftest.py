"""Root test configuration: headless Qt, a memory keyring, and a private data folder per test."""

from __future__ import annotations

import os

# Before anything imports Qt: the whole suite runs without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Subprocesses started by tests (CLI, kill tests) never reach the developer's real keyring: with no
# usable backend the application takes its documented key-file fallback in the data folder.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import keyring  # noqa: E402
import pytest  # noqa: E402

from tests.fakes import MemoryKeyring  # noqa: E402


@pytest.fixture(autouse=True)
def memory_keyring():
    """Each test starts with an empty in-memory keyring."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A private data folder: no test ever writes to the real per-user folder."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)  # private whatever the umask: a shared data folder is refused
    monkeypatch.setenv("ELEA_DESKTOP_DATA_DIR", str(folder))
    return folder
