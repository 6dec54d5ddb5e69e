"""A file sealed with a passphrase: the container of a directory export (``directory export``).

Layout (all integers big-endian)::

    magic "ELEA-ANN" (8) | version (1) | kdf = 1, scrypt (1) | log2 N (1) | r (1) | p (1)
    | salt (16) | check (16) | nonce (12) | AES-256-GCM ciphertext + tag

- The key comes from the passphrase through **scrypt** (memory-hard: 128 MiB with N = 2^17, r = 8), with
  a random salt per file. scrypt gives 48 bytes: the first 32 are the AES key, the last 16 the ``check``
  stored in the header, so that a wrong passphrase is told apart from a damaged file (both would otherwise
  fail the same way in AES-GCM) without weakening anything: an attacker testing passphrases gains nothing
  over trying to decrypt.
- The whole header is the AES-GCM associated data: changing the version, the cost or the salt makes the
  file fail to open, like changing one byte of the content; a truncated file fails the tag.
- The cost read from a file is bounded before scrypt runs: a forged header cannot make the restore use
  gigabytes of memory.
"""

from __future__ import annotations

import secrets
import struct

from elea_desktop.errors import EleaError, ExportError

MAGIC = b"ELEA-ANN"
VERSION = 1
KDF_SCRYPT = 1
LOG2_N = 17  # 128 MiB, about half a second: what a secretariat PC spends once per export or restore
R, P = 8, 1
MIN_LOG2_N, MAX_LOG2_N = 10, 20  # the range a file may ask for (2^20: 1 GiB, still bearable)
_HEADER = struct.Struct(">8sBBBBB16s16s12s")
HEADER_SIZE = _HEADER.size
TAG_SIZE = 16
MIN_PASSPHRASE = 12  # a file can be attacked offline: CNIL's « mot de passe seul » case, with scrypt's cost

NOT_OURS = ("Ce fichier n'est pas un export d'annuaire d'Éléa Desktop (fichier .elea créé par « Exporter "
            "l'annuaire… »). Choisissez le bon fichier. Rien n'a été modifié.")
DAMAGED = ("Le fichier d'export de l'annuaire est endommagé ou incomplet (copie interrompue, clé USB "
           "défectueuse ?) : il ne peut pas être restauré. Refaites l'export sur l'ancien poste, ou utilisez "
           "une autre copie. Rien n'a été modifié.")
MISMATCH_MESSAGE = (
    "La phrase de passe ne correspond pas à ce fichier d'export. Vérifiez-la (majuscules, accents, espaces) "
    "et recommencez ; si vous en êtes sûr, le fichier est peut-être endommagé : utilisez une autre copie. "
    "Rien n'a été modifié.")


class PassphraseError(ExportError):
    code = "wrong_passphrase"


class PassphraseRefused(EleaError):
    """A passphrase not fit to seal an export (too short, typed differently twice)."""

    code = "passphrase_refused"


def check_passphrase(passphrase: str, repeated: str | None = None) -> None:
    """Refuse a passphrase too short to protect pupils' data, or two entries that differ (French)."""
    if repeated is not None and passphrase != repeated:
        raise PassphraseRefused("Les deux phrases de passe saisies sont différentes : saisissez deux fois "
                                "la même.", code="passphrase_mismatch")
    if len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseRefused(
            f"La phrase de passe doit compter au moins {MIN_PASSPHRASE} caractères (elle en a "
            f"{len(passphrase)}). Plusieurs mots faciles à retenir font une bonne phrase de passe, par "
            "exemple « cartable vert sous la pluie ».",
            code="passphrase_short",
        )


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    material = Scrypt(salt=salt, length=48, n=2 ** log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return material[:32], material[32:]


def seal(payload: bytes, passphrase: str, *, log2_n: int | None = None) -> bytes:
    """``payload`` encrypted under ``passphrase`` (checked first), header included."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase)
    cost = LOG2_N if log2_n is None else log2_n
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key, check = _derive(passphrase, salt, cost, R, P)
    header = _HEADER.pack(MAGIC, VERSION, KDF_SCRYPT, cost, R, P, salt, check, nonce)
    return header + AESGCM(key).encrypt(nonce, payload, header)


def is_sealed(head: bytes) -> bool:
    return head[: len(MAGIC)] == MAGIC


def unseal(data: bytes, passphrase: str) -> bytes:
    """The payload; ``ExportError`` (French) for another kind of file, a damaged one, a wrong passphrase."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(data):
        raise ExportError(NOT_OURS, code="not_directory_export")
    if len(data) < HEADER_SIZE + TAG_SIZE:
        raise ExportError(DAMAGED, code="export_damaged")
    magic, version, kdf, log2_n, r, p, salt, check, nonce = _HEADER.unpack_from(data)
    if version != VERSION:
        raise ExportError(
            f"Ce fichier d'export de l'annuaire a été créé par une version plus récente d'Éléa Desktop "
            f"(format {version}). Installez la dernière version de l'application, puis recommencez. Rien "
            "n'a été modifié.", code="export_newer")
    if kdf != KDF_SCRYPT or not MIN_LOG2_N <= log2_n <= MAX_LOG2_N or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise ExportError(DAMAGED, code="export_damaged")
    key, expected = _derive(passphrase, salt, log2_n, r, p)
    if not secrets.compare_digest(expected, check):
        raise PassphraseError(MISMATCH_MESSAGE)
    try:
        return AESGCM(key).decrypt(nonce, data[HEADER_SIZE:], data[:HEADER_SIZE])
    except InvalidTag:
        raise ExportError(DAMAGED, code="export_damaged") from None
