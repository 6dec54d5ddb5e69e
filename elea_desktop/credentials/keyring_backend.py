"""The operating system's credential store as the vault sees it: which backends can be trusted with a key,
what they are called in French, and reading or writing one key entry.

Only ``keyring``'s module-level functions are called, so a backend set with ``keyring.set_keyring`` (tests,
a user's configuration) is the one used; every use goes through ``keyring_choice.current_backend`` first,
so that a process started by ``main.py`` uses its platform's store without scanning them all.
"""

from __future__ import annotations

import contextlib

import keyring
import keyring.errors

from elea_desktop.credentials.keyring_choice import current_backend
from elea_desktop.errors import VaultError

SERVICE = "elea-desktop"

_BACKEND_NAMES = {
    "WinVaultKeyring": "Gestionnaire d'identifiants Windows",
    "macOS.Keyring": "Trousseau d'accès macOS",
    "SecretService.Keyring": "Trousseau du bureau (Secret Service)",
    "kwallet.DBusKeyring": "Portefeuille KDE (KWallet)",
    "libsecret.Keyring": "Trousseau du bureau (libsecret)",
}


def backend_label(backend: object) -> str:
    cls = type(backend)
    if cls.__name__ == "ChainerBackend":
        inner = getattr(backend, "backends", None) or []
        if inner:
            return backend_label(inner[0])
    qualified = f"{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__}"
    for suffix, label in _BACKEND_NAMES.items():
        if qualified.endswith(suffix):
            return label
    return f"trousseau « {cls.__name__} »"


def backend_is_unusable(backend: object) -> bool:
    """Backends known not to keep a secret safely, before even trying them."""
    module = type(backend).__module__
    if module.startswith("keyrings.alt"):
        # keyrings.alt's file backends store in plain text (or with a password nobody will type): a key there
        # would be no safer than our own file, and the user would not be warned.
        return True
    if module in ("keyring.backends.fail", "keyring.backends.null"):
        return True
    if type(backend).__name__ == "ChainerBackend":
        inner = getattr(backend, "backends", None) or []
        return not inner or all(backend_is_unusable(b) for b in inner)
    return False


def locked_message(backend: object) -> str:
    return (
        f"Le gestionnaire d'identifiants du système ({backend_label(backend)}) est verrouillé : "
        f"déverrouillez-le (par exemple en ouvrant votre session ou votre trousseau), puis recommencez."
    )


def read_entry(name: str) -> str | None:
    """Entry ``name`` (``None`` if absent); ``VaultError`` if the store is locked or out of reach."""
    backend = current_backend()
    try:
        return keyring.get_password(SERVICE, name)
    except keyring.errors.KeyringLocked:
        raise VaultError(locked_message(backend), code="vault_locked") from None
    except (keyring.errors.KeyringError, OSError, RuntimeError) as exc:
        # Unavailable is not lost: the key may come back when the credential store does (e.g. a desktop
        # session instead of SSH), so no new key is proposed here.
        raise VaultError(
            f"La clé des mots de passe enregistrés est conservée dans le gestionnaire d'identifiants "
            f"du système, qui n'est pas accessible en ce moment ({backend_label(backend)}). Ouvrez une "
            f"session normale sur ce poste (pas une connexion à distance) et réessayez.",
            code="vault_unavailable",
            details=type(exc).__name__,
        ) from None


def store_entry(name: str, encoded: str) -> bool:
    """``True`` when ``encoded`` is stored *and reads back* from the credential store; else fall back."""
    backend = current_backend()
    if backend_is_unusable(backend):
        return False
    try:
        keyring.set_password(SERVICE, name, encoded)
        readback = keyring.get_password(SERVICE, name)
    except keyring.errors.KeyringLocked:
        # A locked store is usable once unlocked: falling back to a file would weaken protection silently.
        raise VaultError(locked_message(backend), code="vault_locked") from None
    except (keyring.errors.KeyringError, OSError, RuntimeError):
        return False
    if readback != encoded:
        delete_entry(name)  # accepted the write but kept nothing (null.Keyring and the like)
        return False
    return True


def delete_entry(name: str) -> None:
    """Best effort: an orphan entry holds nothing usable, and a store out of reach keeps it harmlessly."""
    with contextlib.suppress(Exception):
        current_backend()
        keyring.delete_password(SERVICE, name)
