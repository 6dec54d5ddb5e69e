"""Moving the directory to another PC (issue 11): the sealed export, its restore, nothing lost on refusal."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from elea_desktop.directory import sealed_file, transfer
from elea_desktop.directory.backups import list_backups
from elea_desktop.directory.store import Directory
from elea_desktop.errors import DirectoryError, ExportError, SafetyRefusal
from tests.cli.helpers import run
from tests.importer.helpers import dump
from tests.importer.test_leftovers import KILLED, cli
from tests.siecle_factory import fake_ine, generate_pupils, write_export

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "cartable vert sous la pluie"
PUPILS = generate_pupils(30, classes=["6A", "6B"])


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch):
    # The file records its own cost: a small one keeps the suite fast and changes nothing else.
    monkeypatch.setattr(sealed_file, "LOG2_N", 12)


@pytest.fixture
def source(capsys, tmp_path, data_dir):
    """A directory with an import batch and a reset batch, both still held."""
    export = write_export(tmp_path / "y1.zip", PUPILS)
    assert run(capsys, "import", export)[0] == 0
    with Directory.open(data_dir) as directory:
        directory.reset_password(directory.list_accounts()[0].username)
    return data_dir


def folder(tmp_path, name: str) -> Path:
    path = tmp_path / name
    path.mkdir(mode=0o700)
    return path


def passwords(data_dir: Path, batch_id: int) -> dict[str, str]:
    with Directory.open(data_dir) as directory:
        return {c.username: c.password for c in directory.load_batch(batch_id).credentials}


def without_secrets(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith('INSERT INTO "batch_entries"')]


def listing(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_round_trip_to_a_new_pc_keeps_accounts_and_held_passwords_under_its_own_key(
        tmp_path, source, memory_keyring):
    target = tmp_path / "annuaire.elea"
    summary = transfer.export_directory(source, target, PASSPHRASE, repeated=PASSPHRASE)
    assert (summary.accounts, summary.held_batches, summary.held_passwords) == (30, 2, 31)
    sealed = target.read_bytes()
    assert sealed.startswith(sealed_file.MAGIC)
    # nothing readable: no SQL, no name, no INE (long enough not to turn up by chance in random bytes)
    assert b"CREATE TABLE" not in sealed and b"accounts" not in sealed
    assert all(fake_ine(p.eleve_id).encode() not in sealed and p.family_name.encode("utf-8") not in sealed
               for p in PUPILS if len(p.family_name) >= 5)

    new_pc = folder(tmp_path, "nouveau-poste")
    restored = transfer.restore_directory(new_pc, target, PASSPHRASE)
    assert restored.accounts == 30 and restored.backup is None
    # the same base, row for row, but for the ciphertexts: re-encrypted on the way in
    assert without_secrets(dump(new_pc)) == without_secrets(dump(source))
    with Directory.open(source) as old, Directory.open(new_pc) as new:
        assert [a.as_json() for a in new.list_accounts()] == [a.as_json() for a in old.list_accounts()]
        assert new.settings() == old.settings()
    assert passwords(new_pc, 1) == passwords(source, 1) and len(passwords(new_pc, 2)) == 1
    # the new PC has its own key, in its keyring: the old PC's key was only carried inside the file
    old_id = json.loads((source / "vault.json").read_text())["vault_id"]
    new_id = json.loads((new_pc / "vault.json").read_text())["vault_id"]
    assert old_id != new_id and ("elea-desktop", f"vault-{new_id}") in memory_keyring.store


def test_an_export_file_is_written_owner_only_and_never_half(tmp_path, source):
    target = tmp_path / "annuaire.elea"
    transfer.export_directory(source, target, PASSPHRASE)
    if os.name != "nt":
        assert target.stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".annuaire")] == []


@pytest.mark.parametrize(("passphrase", "repeated", "code"), [
    ("court", None, "passphrase_short"),
    (PASSPHRASE, PASSPHRASE + " ", "passphrase_mismatch"),
])
def test_a_short_or_mistyped_passphrase_writes_nothing(tmp_path, source, passphrase, repeated, code):
    target = tmp_path / "annuaire.elea"
    with pytest.raises(sealed_file.PassphraseRefused) as refused:
        transfer.export_directory(source, target, passphrase, repeated=repeated)
    assert refused.value.code == code
    assert not target.exists()
    if code == "passphrase_short":
        assert "au moins 12 caractères" in refused.value.message


def test_an_empty_directory_has_nothing_to_export(tmp_path, data_dir):
    with pytest.raises(DirectoryError) as refused:
        transfer.export_directory(data_dir, tmp_path / "vide.elea", PASSPHRASE)
    assert refused.value.code == "nothing_to_export"


def _restore_fails(file: Path, target: Path, passphrase: str = PASSPHRASE, **kw) -> ExportError:
    before = listing(target)
    with pytest.raises(ExportError) as refused:
        transfer.restore_directory(target, file, passphrase, **kw)
    assert listing(target) == before  # not one byte changed, no file added (no key made for nothing)
    return refused.value


def test_a_wrong_passphrase_is_refused_in_french_and_changes_nothing(tmp_path, source):
    file = tmp_path / "annuaire.elea"
    transfer.export_directory(source, file, PASSPHRASE)
    for target in (folder(tmp_path, "neuf"), source):
        error = _restore_fails(file, target, "cartable vert sous la neige", replace=True)
        assert error.code == "wrong_passphrase" and "phrase de passe ne correspond pas" in error.message


@pytest.mark.parametrize("cut", [0, 5, sealed_file.HEADER_SIZE - 1, sealed_file.HEADER_SIZE + 3, -1, -200])
def test_a_truncated_file_is_refused_and_changes_nothing(tmp_path, source, cut):
    file = tmp_path / "annuaire.elea"
    transfer.export_directory(source, file, PASSPHRASE)
    data = file.read_bytes()
    file.write_bytes(data[:cut] if cut >= 0 else data[:len(data) + cut])
    error = _restore_fails(file, source, replace=True)
    assert error.code in {"export_damaged", "not_directory_export"}
    assert "Rien n'a été modifié" in error.message


@pytest.mark.parametrize("where", ["version", "cost", "salt", "nonce", "middle", "tag"])
def test_a_flipped_bit_anywhere_is_refused_and_changes_nothing(tmp_path, source, where):
    file = tmp_path / "annuaire.elea"
    transfer.export_directory(source, file, PASSPHRASE)
    data = bytearray(file.read_bytes())
    offset = {"version": 8, "cost": 10, "salt": 20, "nonce": 60, "middle": len(data) // 2,
              "tag": len(data) - 1}[where]
    data[offset] ^= 0x04
    file.write_bytes(bytes(data))
    error = _restore_fails(file, source, replace=True)
    # a changed salt gives another key: it reads as a wrong passphrase, whose message names damage too
    assert error.code in {"export_damaged", "export_newer", "wrong_passphrase"}
    assert "endommagé" in error.message or "plus récente" in error.message


def test_a_file_that_is_not_an_export_is_named_as_such(tmp_path, data_dir):
    file = tmp_path / "fiches.pdf"
    file.write_bytes(b"%PDF-1.7\n" + os.urandom(300))
    assert _restore_fails(file, data_dir).code == "not_directory_export"


def test_restoring_over_a_directory_asks_first_then_keeps_a_backup_of_it(capsys, tmp_path, source):
    file = tmp_path / "annuaire.elea"
    transfer.export_directory(source, file, PASSPHRASE)
    other = folder(tmp_path, "autre-poste")
    export = write_export(tmp_path / "autre.zip", generate_pupils(8, classes=["3A"], id_start=500))
    assert run(capsys, "import", export, "--data-dir", other)[0] == 0
    before, files = dump(other), listing(other)
    with pytest.raises(SafetyRefusal) as asked:
        transfer.restore_directory(other, file, PASSPHRASE)
    assert asked.value.code == "confirm_replace" and "8 compte(s)" in asked.value.message
    assert "30 compte(s)" in asked.value.message and dump(other) == before and listing(other) == files

    restored = transfer.restore_directory(other, file, PASSPHRASE, replace=True)
    with Directory.open(other) as directory:
        assert len(directory.list_accounts()) == 30
    assert restored.backup == list_backups(other)[-1]
    import sqlite3

    copy = sqlite3.connect(restored.backup)
    assert list(copy.iterdump()) == before  # the replaced directory, whole
    copy.close()
    assert passwords(other, 1) == passwords(source, 1)  # re-encrypted with this PC's existing key


def test_a_kill_mid_restore_leaves_the_old_directory_exactly_as_it_was(tmp_path, source):
    file = tmp_path / "annuaire.elea"
    transfer.export_directory(source, file, PASSPHRASE)
    other = folder(tmp_path, "autre-poste")
    export = write_export(tmp_path / "autre.zip", generate_pupils(8, classes=["3A"], id_start=500))
    assert cli("import", export, "--data-dir", other).returncode == 0
    before, files = dump(other), listing(other)
    phrase = tmp_path / "phrase.txt"
    phrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    killed = cli("directory", "restore", file, "--replace", "--passphrase-file", phrase, "--data-dir", other,
                  hook="kill:restore")
    assert killed.returncode == KILLED, killed.stderr
    assert dump(other) == before
    (leftover,) = [name for name in listing(other) if name not in files]
    assert leftover.endswith(transfer.STAGED)  # the staged base, in backups/, deleted at the next start
    os.utime(other / leftover, (time.time() - 120, time.time() - 120))
    assert cli("accounts", "--json", "--data-dir", other).returncode == 0
    assert sorted(listing(other)) == sorted(files)
    done = cli("directory", "restore", file, "--replace", "--passphrase-file", phrase, "--data-dir", other)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(cli("accounts", "--json", "--data-dir", other).stdout)) == 30


def test_a_new_pc_whose_window_was_opened_first_is_not_asked_about_replacing(tmp_path, source):
    file = tmp_path / "annuaire.elea"
    transfer.export_directory(source, file, PASSPHRASE)
    new_pc = folder(tmp_path, "nouveau-poste")
    with Directory.open(new_pc) as directory:  # the window's first start: an empty base, a name typed
        directory.update_settings(name="Collège du nouveau poste")
    restored = transfer.restore_directory(new_pc, file, PASSPHRASE)
    assert restored.accounts == 30 and restored.backup is not None
    with Directory.open(new_pc) as directory:
        assert len(directory.list_accounts()) == 30
