"""Encryption at rest for the passwords kept until they are distributed, and the management of its key.

Design
------
- One random 256-bit AES-GCM key per data folder. Blobs are ``version (1 byte) | nonce (12 bytes) |
  ciphertext``; the nonce is random for every encryption, and the caller's ``aad`` (e.g. the batch and
  account ids) is authenticated, so a ciphertext moved to another row fails to decrypt.
- The key is kept in the operating system's credential store through ``keyring`` (service ``elea-desktop``,
  entry ``vault-<vault id>``): Windows Credential Manager, macOS Keychain, Secret Service/KWallet on Linux.
  It never goes into the database, a log or ``vault.json``.
- ``vault.json`` (not secret) records the vault id and where the key lives, so a key that has disappeared is
  *detected* instead of being silently replaced: replacing it would make every saved password unreadable
  without anyone noticing. Creating a new key over an existing one only happens through :meth:`Vault.reset`,
  on purpose.
- Without a usable credential store (headless Linux, ``fail.Keyring``, ``null.Keyring`` which accepts writes
  but reads back nothing, or the plaintext backends of ``keyrings.alt``) the key goes into ``vault.key`` in
  the data folder, readable by the owner only, and the user is warned once per data folder.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from elea_desktop.credentials.keyring_backend import (
    backend_label,
    delete_entry,
    read_entry,
    store_entry,
)
from elea_desktop.credentials.keyring_choice import current_backend
from elea_desktop.credentials.private_files import replace_file, write_new_file
from elea_desktop.errors import VaultError

META_NAME = "vault.json"
KEY_FILE_NAME = "vault.key"
KEYRING = "keyring"
FILE = "file"

_FORMAT = 1
_BLOB_VERSION = 1
_NONCE_SIZE = 12
_KEY_SIZE = 32
# Binds every ciphertext to this application and blob version on top of the caller's associated data.
_AAD_PREFIX = b"elea-desktop/vault/v1\x00"

FILE_BACKEND_NAME = "fichier de clé local"

FALLBACK_WARNING = (
    "Aucun gestionnaire d'identifiants sécurisé n'est disponible sur ce poste : la clé qui chiffre les mots "
    "de passe en attente de distribution est enregistrée dans le fichier « vault.key » du dossier de "
    "données, lisible par votre seul compte. Ne copiez pas ce dossier sur un support partagé et supprimez "
    "les lots de mots de passe dès qu'ils ont été distribués."
)


def _lost_key_message(where: str) -> str:
    return (
        f"Les mots de passe enregistrés précédemment ne peuvent plus être déchiffrés : leur clé de "
        f"chiffrement ({where}) est introuvable. Cela arrive par exemple après la réinitialisation du mot de "
        f"passe Windows par un administrateur ou la suppression d'un fichier du dossier de données. Les "
        f"comptes des élèves ne sont pas touchés : pour leur redonner des mots de passe, créez une nouvelle "
        f"clé puis lancez une nouvelle importation en mode « nouveaux mots de passe »."
    )


class Vault:
    """AES-GCM encryption with a per-data-folder key kept in the OS credential store (or a fallback file)."""

    def __init__(self, data_dir: Path) -> None:
        self._dir = Path(data_dir)
        self._key: bytes | None = None
        self._meta: dict | None = None
        # One AES-GCM object per key, not per entry: a batch of 5,000 passwords used to build 5,000 of them
        # (about half the cost of each encryption; see bench/bench_process.py's vault line).
        self._aead: tuple[bytes, AESGCM] | None = None
        self._warnings: list[str] = []

    def __repr__(self) -> str:  # never the key
        return f"Vault({str(self._dir)!r})"

    # ------------------------------------------------------------------------------------------- public API

    def encrypt(self, plaintext: bytes, *, aad: bytes) -> bytes:
        aesgcm = self._cipher()
        nonce = secrets.token_bytes(_NONCE_SIZE)
        return bytes([_BLOB_VERSION]) + nonce + aesgcm.encrypt(nonce, plaintext, _AAD_PREFIX + aad)

    def decrypt(self, blob: bytes, *, aad: bytes) -> bytes:
        if len(blob) < 1 + _NONCE_SIZE + 16 or blob[0] != _BLOB_VERSION:
            raise VaultError(
                "Des identifiants enregistrés sont illisibles (format inconnu ou données tronquées).",
                code="vault_corrupt",
            )
        aesgcm = self._cipher()
        nonce = blob[1 : 1 + _NONCE_SIZE]
        try:
            return aesgcm.decrypt(nonce, blob[1 + _NONCE_SIZE :], _AAD_PREFIX + aad)
        except InvalidTag:
            raise VaultError(
                "Des identifiants enregistrés ne peuvent pas être déchiffrés : la clé ne correspond pas ou "
                "les données ont été modifiées en dehors de l'application.",
                code="vault_decrypt",
            ) from None

    def raw_key(self) -> bytes:
        """The key itself, for a directory export only: it travels sealed under the user's passphrase."""
        return self._ensure_key()

    @classmethod
    def holding(cls, key: bytes) -> Vault:
        """A vault around a key kept in no store (an export's): it decrypts and never touches a file."""
        if len(key) != _KEY_SIZE:
            raise VaultError("La clé des mots de passe de l'export est illisible.", code="vault_corrupt")
        vault = cls(Path(os.devnull))
        vault._key = key
        return vault

    @property
    def backend_name(self) -> str:
        """Where the key lives, in French, for the settings and the messages."""
        meta = self._read_meta() or self._ensure_meta()
        if meta["key_location"] == FILE:
            return FILE_BACKEND_NAME
        return backend_label(current_backend())

    @property
    def uses_fallback(self) -> bool:
        meta = self._read_meta() or self._ensure_meta()
        return meta["key_location"] == FILE

    @property
    def exists(self) -> bool:
        """Whether this data folder already has a vault (``vault.json``), without touching the key."""
        return (self._dir / META_NAME).exists()

    def take_warnings(self) -> list[str]:
        """French warnings not yet shown; the fallback warning is given once per data folder, ever."""
        taken, self._warnings = self._warnings, []
        # Showing warnings must never fail: a damaged vault.json is reported when the key is needed.
        meta = self._read_meta_lenient()
        if meta is not None and meta["key_location"] == FILE and not meta.get("fallback_warned"):
            taken.append(FALLBACK_WARNING)
            meta = dict(meta, fallback_warned=True)
            self._write_meta(meta, replace=True)
        return taken

    def check(self) -> None:
        """Raises the ``VaultError`` that using the key would raise (lost, damaged), creating none."""
        if self._key is None and self.exists:
            self._load_or_create()

    def reset(self) -> None:
        """Deliberately replace the key: every blob encrypted so far becomes unreadable."""
        old = self._read_meta_lenient()
        self._key = None
        self._meta = None
        self._create(replace=True)
        new = self._meta or {}
        new_id = new.get("vault_id")
        if old and old.get("fallback_warned") and new.get("key_location") == FILE:
            # Same folder, same fallback: the user was already told once.
            self._meta = dict(new, fallback_warned=True)
            self._write_meta(self._meta, replace=True)
        if old and old.get("key_location") == KEYRING and old.get("vault_id") != new_id:
            delete_entry(f"vault-{old['vault_id']}")

    # --------------------------------------------------------------------------------------- key management

    @property
    def _meta_path(self) -> Path:
        return self._dir / META_NAME

    @property
    def _key_path(self) -> Path:
        return self._dir / KEY_FILE_NAME

    def _ensure_key(self) -> bytes:
        if self._key is None:
            self._load_or_create()
        assert self._key is not None
        return self._key

    def _cipher(self) -> AESGCM:
        key = self._ensure_key()
        if self._aead is None or self._aead[0] is not key:  # a new key (reset) gets its own object
            self._aead = (key, AESGCM(key))
        return self._aead[1]

    def _ensure_meta(self) -> dict:
        self._ensure_key()
        assert self._meta is not None
        return self._meta

    def _read_meta_lenient(self) -> dict | None:
        try:
            return self._read_meta()
        except VaultError:
            return None

    def _read_meta(self) -> dict | None:
        try:
            raw = self._meta_path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise VaultError(
                f"Le fichier « {META_NAME} » du dossier de données ne peut pas être lu ({exc.strerror}).",
                code="vault_unavailable",
            ) from exc
        try:
            meta = json.loads(raw)
            valid = (
                isinstance(meta, dict)
                and isinstance(meta.get("vault_id"), str)
                and meta.get("key_location") in (KEYRING, FILE)
            )
        except ValueError:
            valid = False
        if not valid:
            raise VaultError(
                f"Le fichier « {META_NAME} » du dossier de données est endommagé : la clé des mots de passe "
                f"enregistrés ne peut pas être retrouvée.",
                code="vault_corrupt",
            )
        return meta

    def _write_meta(self, meta: dict, *, replace: bool) -> bool:
        data = (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode("utf-8")
        if replace:
            replace_file(self._meta_path, data, private=False)
            return True
        return write_new_file(self._meta_path, data, private=False)

    def _load_or_create(self) -> None:
        meta = self._read_meta()
        if meta is None:
            adopted = self._adopt_orphan_key_file()
            if adopted is None:
                self._create(replace=False)
                return
            meta = adopted
        self._key = self._load_key(meta)
        self._meta = meta

    def _adopt_orphan_key_file(self) -> dict | None:
        """``vault.key`` without ``vault.json``: keep using that key rather than replace it.

        This happens when the program stopped between writing the two files, or when ``vault.json`` alone was
        deleted; either way the key file names its vault, so the metadata can be rebuilt.
        """
        try:
            raw = self._key_path.read_bytes()
        except FileNotFoundError:
            return None
        vault_id, _ = self._parse_key_file(raw)
        meta = self._new_meta(vault_id, FILE)
        if not self._write_meta(meta, replace=False):
            return self._read_meta()  # another process rebuilt it first
        return meta

    def _parse_key_file(self, raw: bytes) -> tuple[str, bytes]:
        try:
            content = json.loads(raw)
            key = base64.b64decode(content["key"], validate=True)
            vault_id = content["vault_id"]
            if not isinstance(vault_id, str) or len(key) != _KEY_SIZE:
                raise ValueError
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise VaultError(
                f"Le fichier de clé « {KEY_FILE_NAME} » du dossier de données est endommagé : les mots de "
                f"passe enregistrés ne peuvent pas être déchiffrés.",
                code="vault_corrupt",
            ) from None
        return vault_id, key

    def _load_key(self, meta: dict) -> bytes:
        if meta["key_location"] == FILE:
            try:
                raw = self._key_path.read_bytes()
            except FileNotFoundError:
                raise VaultError(
                    _lost_key_message(f"fichier « {KEY_FILE_NAME} » du dossier de données"),
                    code="vault_key_lost",
                ) from None
            vault_id, key = self._parse_key_file(raw)
            if vault_id != meta["vault_id"]:
                raise VaultError(
                    _lost_key_message(f"le fichier « {KEY_FILE_NAME} » appartient à un autre coffre"),
                    code="vault_key_lost",
                )
            self._tighten_key_file()
            return key
        backend = current_backend()
        encoded = read_entry(f"vault-{meta['vault_id']}")
        if encoded is None:
            raise VaultError(
                _lost_key_message(f"entrée « vault-{meta['vault_id']} » du {backend_label(backend)}"),
                code="vault_key_lost",
            )
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != _KEY_SIZE:
            raise VaultError(
                "La clé des mots de passe enregistrés a été modifiée dans le gestionnaire d'identifiants : "
                "ils ne peuvent plus être déchiffrés.",
                code="vault_corrupt",
            )
        return key

    def _tighten_key_file(self) -> None:
        if sys.platform == "win32":
            return
        mode = self._key_path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(self._key_path, 0o600)
            self._warnings.append(
                f"Le fichier de clé « {KEY_FILE_NAME} » était lisible par d'autres comptes de ce poste ; ses "
                f"droits ont été restreints à votre seul compte."
            )

    @staticmethod
    def _new_meta(vault_id: str, location: str) -> dict:
        return {
            "format": _FORMAT,
            "vault_id": vault_id,
            "key_location": location,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "fallback_warned": False,
        }

    def _create(self, *, replace: bool) -> None:
        self._dir.mkdir(parents=True, exist_ok=True)
        vault_id = secrets.token_hex(16)
        key = AESGCM.generate_key(bit_length=256)
        encoded = base64.b64encode(key).decode("ascii")
        location = KEYRING if store_entry(f"vault-{vault_id}", encoded) else FILE
        if location == FILE:
            content = json.dumps({"vault_id": vault_id, "key": encoded}).encode("ascii")
            if replace:
                replace_file(self._key_path, content, private=True)
            elif not write_new_file(self._key_path, content, private=True):
                # Another process created a key file meanwhile: use its key, never overwrite it.
                self._load_or_create()
                return
        meta = self._new_meta(vault_id, location)
        if not self._write_meta(meta, replace=replace):
            # Another process won the race to create this vault: forget our key and use theirs.
            if location == KEYRING:
                delete_entry(f"vault-{vault_id}")
            self._load_or_create()
            return
        if location == KEYRING and replace:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._key_path)  # a key file from an earlier fallback is no longer needed
        self._key = key
        self._meta = meta
