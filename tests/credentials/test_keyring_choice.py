"""The credential store is chosen from the platform, without keyring's scan of every backend, and never
over the user's configuration or a backend set with ``keyring.set_keyring``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.util import platform_

from elea_desktop.credentials import keyring_choice
from elea_desktop.credentials.keyring_choice import (
    MACOS_BACKEND,
    NO_STORE_BACKEND,
    WINDOWS_BACKEND,
    chosen_backend_name,
    platform_backend_name,
)

ROOT = Path(__file__).resolve().parents[2]


def test_windows_and_macos_name_their_store():
    assert platform_backend_name("win32", {}) == WINDOWS_BACKEND
    assert platform_backend_name("darwin", {"DBUS_SESSION_BUS_ADDRESS": "x"}) == MACOS_BACKEND


def test_linux_without_a_session_bus_has_no_store(tmp_path):
    assert platform_backend_name("linux", {}) == NO_STORE_BACKEND
    assert platform_backend_name("linux", {"XDG_RUNTIME_DIR": str(tmp_path)}) == NO_STORE_BACKEND


def test_linux_with_a_session_bus_lets_keyring_detect(tmp_path):
    assert platform_backend_name("linux", {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/bus"}) is None
    (tmp_path / "bus").write_text("")  # the socket systemd puts there; its presence is what counts
    assert platform_backend_name("linux", {"XDG_RUNTIME_DIR": str(tmp_path)}) is None
    assert platform_backend_name("freebsd14", {}) is None


def test_the_users_choice_wins(tmp_path, monkeypatch):
    for variable in ("XDG_CONFIG_HOME", "LOCALAPPDATA", "APPDATA"):
        monkeypatch.setenv(variable, str(tmp_path))
    assert chosen_backend_name("win32", {}) == WINDOWS_BACKEND
    assert chosen_backend_name("win32", {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}) is None
    config = platform_.config_root() / "keyringrc.cfg"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[backend]\ndefault-keyring=keyring.backends.null.Keyring\n")
    assert chosen_backend_name("win32", {}) is None


def test_a_backend_set_with_set_keyring_is_never_replaced(memory_keyring, monkeypatch, tmp_path):
    # Even when the platform would name another store (here one that is usable anywhere).
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr(keyring_choice, "platform_backend_name", lambda platform, environ: NO_STORE_BACKEND)
    assert keyring_choice.current_backend() is memory_keyring  # no main.py: no choice at all
    keyring_choice.choose_at_first_use()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", NO_STORE_BACKEND)  # what the test suite's processes have
    assert keyring_choice.current_backend() is memory_keyring


def test_a_named_store_that_is_not_usable_here_falls_back_to_keyring(memory_keyring, monkeypatch, tmp_path):
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    monkeypatch.setattr(keyring_choice, "platform_backend_name", lambda platform, environ: "no.such.Keyring")
    keyring_choice.choose_at_first_use()
    assert keyring_choice.current_backend() is memory_keyring  # not replaced, and no error


PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from elea_desktop.credentials.keyring_choice import choose_at_first_use, current_backend
choose_at_first_use()
backend = current_backend()
print(json.dumps([type(backend).__module__ + "." + type(backend).__name__, sorted(sys.modules)]))
"""


def started_process_backend(**env: str) -> tuple[str, set[str]]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR")}
    result = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], env={**clean, **env},
                            capture_output=True, text=True, check=True, timeout=60)
    name, modules = json.loads(result.stdout.splitlines()[-1])
    return name, set(modules)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux headless case")
def test_a_headless_linux_process_takes_the_key_file_path_without_scanning(tmp_path):
    name, modules = started_process_backend(XDG_CONFIG_HOME=str(tmp_path))
    assert name == NO_STORE_BACKEND  # the vault then keeps its key in vault.key, as keyring's detection did
    scanned = {"keyring.backends.macOS", "keyring.backends.SecretService", "keyring.backends.kwallet"}
    assert not scanned & modules


def test_a_started_process_honours_python_keyring_backend(tmp_path):
    name, _ = started_process_backend(PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
                                      XDG_CONFIG_HOME=str(tmp_path), LOCALAPPDATA=str(tmp_path))
    assert name == "keyring.backends.null.Keyring"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux desktop case")
def test_with_a_session_bus_the_choice_is_keyrings_own(tmp_path):
    env = {"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}", "XDG_CONFIG_HOME": str(tmp_path)}
    name, _ = started_process_backend(**env)
    clean = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    plain = subprocess.run([sys.executable, "-c", "import keyring; b = keyring.get_keyring(); "
                            "print(type(b).__module__ + '.' + type(b).__name__)"],
                           env={**clean, **env}, capture_output=True, text=True, check=True, timeout=60)
    assert name == plain.stdout.strip()
