"""Which credential store a process uses, chosen from the platform instead of keyring's full detection.

keyring's detection imports and probes every backend it knows (about 110 ms here, the macOS module alone
about 60 ms on Linux) before picking one. Where the platform says which store it is, the application
names it directly:

- Windows: ``WinVaultKeyring`` (Credential Manager); macOS: ``macOS.Keyring`` (Keychain);
- Linux without a D-Bus session bus (SSH, a service, CI): no store can answer (Secret Service and KWallet
  both go through the session bus), so ``fail.Keyring``, which sends the vault to its key-file fallback
  exactly as keyring's own detection would have;
- anything else (a Linux desktop, other systems), or a named store that is not usable here (e.g.
  pywin32-ctypes missing): keyring's own detection.

The user's choice always wins: with ``PYTHON_KEYRING_BACKEND`` or a ``keyringrc.cfg``, keyring is left to
load it. The choice is made only in a process started by ``main.py`` (:func:`choose_at_first_use`), once,
at the first use of the store, so a backend set with ``keyring.set_keyring`` (tests, a program embedding
the core) is never replaced. Only keyring's public API is used (``keyring.core.load_keyring``,
``keyring.set_keyring``, ``keyring.util.platform_.config_root``).

This module imports keyring only when the store is used: ``main.py`` imports it at every start.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Mapping

WINDOWS_BACKEND = "keyring.backends.Windows.WinVaultKeyring"
MACOS_BACKEND = "keyring.backends.macOS.Keyring"
NO_STORE_BACKEND = "keyring.backends.fail.Keyring"

_lock = threading.Lock()
_pending = False


def has_session_bus(environ: Mapping[str, str]) -> bool:
    """Whether a D-Bus session bus can be reached (what Secret Service and KWallet need)."""
    if environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = environ.get("XDG_RUNTIME_DIR")
    return bool(runtime) and os.path.exists(os.path.join(runtime, "bus"))


def platform_backend_name(platform: str, environ: Mapping[str, str]) -> str | None:
    """The backend class for this platform, or ``None`` to let keyring detect one."""
    if platform == "win32":
        return WINDOWS_BACKEND
    if platform == "darwin":
        return MACOS_BACKEND
    if platform.startswith("linux") and not has_session_bus(environ):
        return NO_STORE_BACKEND
    return None


def user_configured(environ: Mapping[str, str]) -> bool:
    """``PYTHON_KEYRING_BACKEND`` or a ``keyringrc.cfg``: keyring loads that one itself, without scanning."""
    if "PYTHON_KEYRING_BACKEND" in environ:
        return True
    from keyring.util import platform_

    return (platform_.config_root() / "keyringrc.cfg").is_file()


def choose_at_first_use() -> None:
    """Called by the entry point: this process picks its store from the platform when it first needs one."""
    global _pending
    _pending = True


def chosen_backend_name(platform: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """What :func:`current_backend` sets in a process started by ``main.py`` (``None``: keyring decides)."""
    environ = os.environ if environ is None else environ
    if user_configured(environ):
        return None
    return platform_backend_name(sys.platform if platform is None else platform, environ)


def _detect_on_a_short_stack() -> None:
    """keyring's own detection, run in a thread of its own.

    The detection imports every backend, and those that cannot load here (the Windows one on Linux) keep
    their ImportError with its traceback (jaraco.context's ExceptionTrap). A traceback keeps every frame
    under it alive: run from deep inside an import, that would be the export and its plan, tens of MB at
    20,000 pupils, for the rest of the process. A thread's stack holds nothing of ours.
    """
    import keyring

    def detect() -> None:
        with contextlib.suppress(Exception):  # raised again, in the caller's thread, by its own call
            keyring.get_keyring()

    thread = threading.Thread(target=detect, name="keyring-detection", daemon=True)
    thread.start()
    thread.join()


def _apply_choice() -> None:
    import keyring
    import keyring.core

    if user_configured(os.environ):
        return  # keyring loads the named class alone, without scanning
    name = chosen_backend_name()
    try:
        # load_keyring evaluates the class's priority, which raises when it is not viable here.
        backend = keyring.core.load_keyring(name) if name else None
    except Exception:  # noqa: BLE001 - any failure means "not this one": keyring's detection decides
        backend = None
    if backend is None:
        _detect_on_a_short_stack()
    else:
        keyring.set_keyring(backend)


def current_backend():
    """keyring's backend, after the platform choice if this process asked for one (thread-safe: the window's
    workers may reach the store at the same time)."""
    global _pending
    if _pending:
        with _lock:
            if _pending:
                _apply_choice()
                _pending = False
    import keyring

    return keyring.get_keyring()
