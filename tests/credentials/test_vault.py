"""The credential vault: AES-GCM at rest, key in the keyring or in an owner-only file, lost keys detected."""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from elea_desktop.credentials.keyring_backend import SERVICE, backend_label
from elea_desktop.credentials.vault import FALLBACK_WARNING, Vault
from elea_desktop.errors import VaultError


def _key_entries(memory_keyring):
    return {name: value for (service, name), value in memory_keyring.store.items() if service == SERVICE}


def _raw_key(memory_keyring) -> bytes:
    (encoded,) = _key_entries(memory_keyring).values()
    return base64.b64decode(encoded)


def _refusal(data_dir, blob: bytes) -> VaultError:
    """What a vault opened afresh on ``data_dir`` raises when asked to decrypt ``blob``."""
    with pytest.raises(VaultError) as caught:
        Vault(data_dir).decrypt(blob, aad=b"")
    return caught.value


class ForgetfulKeyring(KeyringBackend):
    """Accepts every write and reads nothing back, without being ``null.Keyring`` (a misconfigured store)."""

    priority = 1

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        pass

    def delete_password(self, service, username):
        pass


class LockedKeyring(KeyringBackend):
    priority = 1

    def get_password(self, service, username, *args):
        raise keyring.errors.KeyringLocked("locked")

    set_password = delete_password = get_password


# ------------------------------------------------------------------------------------------- keyring path


def test_round_trip_with_the_key_in_the_keyring(data_dir, memory_keyring):
    vault = Vault(data_dir)
    assert not vault.exists
    blob = vault.encrypt(b"mot de passe: 7kq4ztr9xa", aad=b"batch-1/account-7")
    assert vault.decrypt(blob, aad=b"batch-1/account-7") == b"mot de passe: 7kq4ztr9xa"
    assert vault.exists
    assert not vault.uses_fallback
    assert vault.take_warnings() == []
    meta = json.loads((data_dir / "vault.json").read_text())
    assert meta["key_location"] == "keyring"
    assert list(_key_entries(memory_keyring)) == [f"vault-{meta['vault_id']}"]
    assert len(_raw_key(memory_keyring)) == 32
    assert not (data_dir / "vault.key").exists()  # not on disk


def test_no_key_material_on_disk_or_in_repr(data_dir, memory_keyring):
    vault = Vault(data_dir)
    vault.encrypt(b"x", aad=b"")
    key = _raw_key(memory_keyring)
    encoded = base64.b64encode(key)
    for path in data_dir.rglob("*"):
        content = path.read_bytes()
        assert key not in content and encoded not in content, path
    assert encoded.decode() not in repr(vault) and key.hex() not in repr(vault)
    meta = json.loads((data_dir / "vault.json").read_text())
    assert set(meta) == {"format", "vault_id", "key_location", "created_at", "fallback_warned"}


def test_key_is_created_lazily(data_dir, memory_keyring):
    Vault(data_dir)
    assert not (data_dir / "vault.json").exists()
    assert _key_entries(memory_keyring) == {}


def test_blob_format_is_versioned_with_a_fresh_nonce(data_dir):
    vault = Vault(data_dir)
    first = vault.encrypt(b"same", aad=b"a")
    second = vault.encrypt(b"same", aad=b"a")
    assert first[0] == 1 and second[0] == 1
    assert first[1:13] != second[1:13]  # never the same nonce
    assert first != second
    assert len(first) == 1 + 12 + len(b"same") + 16


def test_two_vaults_on_one_folder_share_the_key(data_dir, memory_keyring):
    first = Vault(data_dir)
    blob_one = first.encrypt(b"one", aad=b"1")
    second = Vault(data_dir)
    blob_two = second.encrypt(b"two", aad=b"2")
    assert second.decrypt(blob_one, aad=b"1") == b"one"
    assert first.decrypt(blob_two, aad=b"2") == b"two"
    assert len(_key_entries(memory_keyring)) == 1


def test_each_data_folder_has_its_own_key(tmp_path, memory_keyring):
    one, two = Vault(tmp_path / "one"), Vault(tmp_path / "two")  # folders created on first use
    blob = one.encrypt(b"secret", aad=b"x")
    with pytest.raises(VaultError) as caught:
        two.decrypt(blob, aad=b"x")
    assert caught.value.code == "vault_decrypt"
    assert len(_key_entries(memory_keyring)) == 2


def test_backend_name_is_shown(data_dir):
    assert Vault(data_dir).backend_name == "trousseau « MemoryKeyring »"


@pytest.mark.parametrize(
    ("module", "name", "label"),
    [
        ("keyring.backends.Windows", "WinVaultKeyring", "Gestionnaire d'identifiants Windows"),
        ("keyring.backends.macOS", "Keyring", "Trousseau d'accès macOS"),
        ("keyring.backends.SecretService", "Keyring", "Trousseau du bureau (Secret Service)"),
    ],
)
def test_backend_labels_are_french(module, name, label):
    fake = type(name, (), {"__module__": module})()
    assert backend_label(fake) == label


# ------------------------------------------------------------------------------------------ tampering


@pytest.mark.parametrize("position", [0, 5, 20, -1])
def test_tampered_blob_is_refused(data_dir, position):
    vault = Vault(data_dir)
    blob = bytearray(vault.encrypt(b"7kq4ztr9xa", aad=b"row-1"))
    blob[position] ^= 0x01
    with pytest.raises(VaultError) as caught:
        vault.decrypt(bytes(blob), aad=b"row-1")
    assert caught.value.code in ("vault_decrypt", "vault_corrupt")
    assert "déchiffr" in caught.value.message or "illisibles" in caught.value.message


def test_wrong_associated_data_is_refused(data_dir):
    vault = Vault(data_dir)
    blob = vault.encrypt(b"7kq4ztr9xa", aad=b"account-1")
    with pytest.raises(VaultError, match="ne peuvent pas être déchiffrés"):
        vault.decrypt(blob, aad=b"account-2")


@pytest.mark.parametrize("blob", [b"", b"\x01", b"\x02" + bytes(40), b"\x01" + bytes(12)])
def test_truncated_or_unknown_blobs_are_refused(data_dir, blob):
    assert _refusal(data_dir, blob).code == "vault_corrupt"


# ------------------------------------------------------------------------------------- fallback key file


def test_fail_keyring_falls_back_to_an_owner_only_key_file_and_warns_once(data_dir):
    keyring.set_keyring(fail.Keyring())
    vault = Vault(data_dir)
    blob = vault.encrypt(b"secret", aad=b"a")
    assert vault.uses_fallback
    assert vault.backend_name == "fichier de clé local"
    key_file = data_dir / "vault.key"
    assert key_file.exists()
    if sys.platform != "win32":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert vault.take_warnings() == [FALLBACK_WARNING]
    assert "vault.key" in FALLBACK_WARNING
    assert vault.take_warnings() == []
    # Once per data folder, not once per object or per run.
    again = Vault(data_dir)
    assert again.take_warnings() == []
    assert again.decrypt(blob, aad=b"a") == b"secret"
    assert json.loads((data_dir / "vault.json").read_text())["fallback_warned"] is True


def test_fallback_warning_is_given_even_before_the_first_take(data_dir):
    keyring.set_keyring(fail.Keyring())
    Vault(data_dir).encrypt(b"x", aad=b"")  # e.g. a run that ended before showing its warnings
    assert Vault(data_dir).take_warnings() == [FALLBACK_WARNING]


def test_null_keyring_is_detected(data_dir):
    keyring.set_keyring(null.Keyring())
    vault = Vault(data_dir)
    vault.encrypt(b"x", aad=b"")
    assert vault.uses_fallback
    assert (data_dir / "vault.key").exists()


def test_a_store_that_forgets_what_it_was_given_is_detected(data_dir):
    keyring.set_keyring(ForgetfulKeyring())
    vault = Vault(data_dir)
    blob = vault.encrypt(b"x", aad=b"")
    assert vault.uses_fallback
    assert vault.take_warnings() == [FALLBACK_WARNING]
    assert Vault(data_dir).decrypt(blob, aad=b"") == b"x"


def test_key_file_readable_by_others_is_tightened_with_a_warning(data_dir):
    keyring.set_keyring(fail.Keyring())
    Vault(data_dir).encrypt(b"x", aad=b"")
    os.chmod(data_dir / "vault.key", 0o644)
    vault = Vault(data_dir)
    vault.encrypt(b"y", aad=b"")
    tightened = any("droits ont été restreints" in w for w in vault.take_warnings())
    if sys.platform == "win32":
        # POSIX modes mean nothing there: the per-user profile's ACLs protect the file.
        assert not tightened
    else:
        assert stat.S_IMODE((data_dir / "vault.key").stat().st_mode) == 0o600
        assert tightened


def test_a_subprocess_without_keyring_uses_the_key_file(data_dir):
    # conftest sets PYTHON_KEYRING_BACKEND=fail.Keyring for subprocesses: the documented headless path.
    code = (
        "import sys, pathlib\n"
        "from elea_desktop.credentials.vault import Vault\n"
        "v = Vault(pathlib.Path(sys.argv[1]))\n"
        "sys.stdout.write(v.encrypt(b'from child', aad=b'c').hex())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)], capture_output=True, text=True, check=True
    )
    blob = bytes.fromhex(done.stdout)
    keyring.set_keyring(fail.Keyring())
    assert Vault(data_dir).decrypt(blob, aad=b"c") == b"from child"


def test_orphan_key_file_is_adopted_not_replaced(data_dir):
    keyring.set_keyring(fail.Keyring())
    blob = Vault(data_dir).encrypt(b"kept", aad=b"")
    (data_dir / "vault.json").unlink()  # e.g. a crash between the two writes
    vault = Vault(data_dir)
    assert vault.decrypt(blob, aad=b"") == b"kept"
    assert json.loads((data_dir / "vault.json").read_text())["key_location"] == "file"


# ----------------------------------------------------------------------------------------------- lost key


def test_lost_keyring_entry_is_an_error_never_a_new_key(data_dir, memory_keyring):
    blob = Vault(data_dir).encrypt(b"secret", aad=b"")
    memory_keyring.store.clear()  # e.g. Windows password reset by an administrator
    vault = Vault(data_dir)
    with pytest.raises(VaultError) as caught:
        vault.decrypt(blob, aad=b"")
    assert caught.value.code == "vault_key_lost"
    assert "nouveaux mots de passe" in caught.value.message
    assert "ne peuvent plus être déchiffrés" in caught.value.message
    with pytest.raises(VaultError):
        vault.encrypt(b"new", aad=b"")  # encrypting must not quietly create another key either
    assert memory_keyring.store == {}


def test_lost_key_file_is_an_error(data_dir):
    keyring.set_keyring(fail.Keyring())
    blob = Vault(data_dir).encrypt(b"secret", aad=b"")
    (data_dir / "vault.key").unlink()
    assert _refusal(data_dir, blob).code == "vault_key_lost"
    assert not (data_dir / "vault.key").exists()


def test_reset_creates_a_new_key_deliberately(data_dir, memory_keyring):
    old_blob = Vault(data_dir).encrypt(b"old", aad=b"")
    old_entries = set(_key_entries(memory_keyring))
    memory_keyring.store.clear()
    vault = Vault(data_dir)
    with pytest.raises(VaultError):
        vault.decrypt(old_blob, aad=b"")
    vault.reset()
    new_blob = vault.encrypt(b"new", aad=b"")
    assert Vault(data_dir).decrypt(new_blob, aad=b"") == b"new"
    assert not set(_key_entries(memory_keyring)) & old_entries
    with pytest.raises(VaultError) as caught:
        vault.decrypt(old_blob, aad=b"")
    assert caught.value.code == "vault_decrypt"


def test_reset_removes_the_previous_keyring_entry(data_dir, memory_keyring):
    vault = Vault(data_dir)
    vault.encrypt(b"x", aad=b"")
    (old,) = _key_entries(memory_keyring)
    vault.reset()
    (new,) = _key_entries(memory_keyring)
    assert new != old


def test_keyring_that_became_unavailable_is_not_a_lost_key(data_dir):
    blob = Vault(data_dir).encrypt(b"secret", aad=b"")
    keyring.set_keyring(fail.Keyring())  # e.g. the same folder opened over SSH
    assert _refusal(data_dir, blob).code == "vault_unavailable"
    assert not (data_dir / "vault.key").exists()


def test_locked_keyring_is_a_clear_error(data_dir, memory_keyring):
    blob = Vault(data_dir).encrypt(b"secret", aad=b"")
    keyring.set_keyring(LockedKeyring())
    refusal = _refusal(data_dir, blob)
    assert refusal.code == "vault_locked"
    assert "verrouillé" in refusal.message


def test_locked_keyring_at_creation_does_not_fall_back_silently(data_dir):
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(VaultError) as caught:
        Vault(data_dir).encrypt(b"x", aad=b"")
    assert caught.value.code == "vault_locked"
    assert not (data_dir / "vault.key").exists()
    assert not (data_dir / "vault.json").exists()


@pytest.mark.parametrize(
    "content", [b"{not json", b'{"vault_id": 3}', b'{"vault_id": "x", "key_location": "usb"}']
)
def test_damaged_metadata_is_an_error(data_dir, content):
    (data_dir / "vault.json").write_bytes(content)
    with pytest.raises(VaultError) as caught:
        Vault(data_dir).encrypt(b"x", aad=b"")
    assert caught.value.code == "vault_corrupt"
    assert (data_dir / "vault.json").read_bytes() == content


def test_damaged_key_file_is_an_error(data_dir):
    keyring.set_keyring(fail.Keyring())
    Vault(data_dir).encrypt(b"x", aad=b"")
    (data_dir / "vault.key").write_text('{"vault_id": "x", "key": "short"}')
    with pytest.raises(VaultError) as caught:
        Vault(data_dir).encrypt(b"x", aad=b"")
    assert caught.value.code == "vault_corrupt"


def test_modified_keyring_entry_is_an_error(data_dir, memory_keyring):
    Vault(data_dir).encrypt(b"x", aad=b"")
    (name,) = _key_entries(memory_keyring)
    memory_keyring.store[(SERVICE, name)] = base64.b64encode(b"short").decode()
    with pytest.raises(VaultError) as caught:
        Vault(data_dir).encrypt(b"x", aad=b"")
    assert caught.value.code == "vault_corrupt"


def _stale_first_look(monkeypatch, method: str) -> list[int]:
    """``Vault.<method>`` finds nothing the first time (the winner of a creation race had not written
    yet), then looks for real; returns the list of calls."""
    real = getattr(Vault, method)
    calls: list[int] = []

    def stale_first(self):
        calls.append(1)
        return None if len(calls) == 1 else real(self)

    monkeypatch.setattr(Vault, method, stale_first)
    return calls


def test_losing_the_creation_race_uses_the_winners_key(data_dir, memory_keyring, monkeypatch):
    winner = Vault(data_dir)
    blob = winner.encrypt(b"winner", aad=b"")
    loser = Vault(data_dir)
    _stale_first_look(monkeypatch, "_read_meta")  # the loser looked before the winner wrote vault.json
    assert loser.decrypt(blob, aad=b"") == b"winner"
    assert len(_key_entries(memory_keyring)) == 1  # the loser's own key was withdrawn


def test_take_warnings_never_fails_on_damaged_metadata(data_dir):
    (data_dir / "vault.json").write_text("{")
    assert Vault(data_dir).take_warnings() == []


def test_losing_the_creation_race_in_file_mode_never_overwrites_the_key_file(data_dir, monkeypatch):
    keyring.set_keyring(fail.Keyring())
    blob = Vault(data_dir).encrypt(b"winner", aad=b"")
    key_file = (data_dir / "vault.key").read_bytes()
    (data_dir / "vault.json").unlink()  # the winner has written its key file but not yet vault.json
    calls = _stale_first_look(monkeypatch, "_adopt_orphan_key_file")
    loser = Vault(data_dir)
    assert loser.decrypt(blob, aad=b"") == b"winner"
    assert len(calls) == 2  # it did try to create, found the key file, and adopted it
    assert (data_dir / "vault.key").read_bytes() == key_file


def test_reset_in_fallback_mode_does_not_repeat_the_warning(data_dir):
    keyring.set_keyring(fail.Keyring())
    vault = Vault(data_dir)
    old_blob = vault.encrypt(b"x", aad=b"")
    assert vault.take_warnings() == [FALLBACK_WARNING]
    vault.reset()
    assert vault.uses_fallback
    assert Vault(data_dir).take_warnings() == []
    with pytest.raises(VaultError):
        Vault(data_dir).decrypt(old_blob, aad=b"")


def test_reset_moves_a_fallback_key_into_a_keyring_that_now_works(data_dir, memory_keyring):
    keyring.set_keyring(fail.Keyring())
    Vault(data_dir).encrypt(b"x", aad=b"")
    keyring.set_keyring(memory_keyring)
    vault = Vault(data_dir)
    vault.reset()
    assert not vault.uses_fallback
    assert not (data_dir / "vault.key").exists()
    assert Vault(data_dir).decrypt(vault.encrypt(b"y", aad=b""), aad=b"") == b"y"


def test_reset_never_keeps_encrypting_with_the_old_key(data_dir):
    vault = Vault(data_dir)
    old_blob = vault.encrypt(b"old", aad=b"1")  # the cipher of the first key is built and kept
    vault.reset()
    with pytest.raises(VaultError):
        vault.decrypt(old_blob, aad=b"1")
    assert Vault(data_dir).decrypt(vault.encrypt(b"new", aad=b"1"), aad=b"1") == b"new"
