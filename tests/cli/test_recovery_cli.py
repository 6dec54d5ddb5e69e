"""Ways out of a lost key and a lost database (issue 12, items 1 and 4), as a script or support types them."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import run
from tests.importer.helpers import dump, year_kwargs
from tests.siecle_factory import generate_pupils, write_export

PUPILS = generate_pupils(12, classes=["6A", "6B"])


@pytest.fixture
def imported(capsys, tmp_path, data_dir, memory_keyring):
    year1 = write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025))
    assert run(capsys, "import", year1)[0] == 0
    return year1


def _lose_key(how: str, data_dir, memory_keyring) -> None:
    meta = json.loads((data_dir / "vault.json").read_text())
    if how == "keyring entry gone":
        memory_keyring.delete_password("elea-desktop", f"vault-{meta['vault_id']}")
    elif how == "garbage vault.json":
        (data_dir / "vault.json").write_bytes(b"\x00garbage{")
    else:  # a wrong vault id
        (data_dir / "vault.json").write_text(json.dumps(dict(meta, vault_id="0" * 32)))


@pytest.mark.parametrize("how", ["keyring entry gone", "garbage vault.json", "wrong vault id"])
def test_a_lost_key_has_a_way_out_and_the_next_import_works(capsys, tmp_path, data_dir, memory_keyring,
                                                              imported, how):
    _lose_key(how, data_dir, memory_keyring)
    code, _, err = run(capsys, "import", imported, "--passwords", "new")
    assert code != 0 and "recover new-key" in err  # the old wall, now with the way out named
    before = dump(data_dir)
    code, _, err = run(capsys, "recover", "new-key")  # explained, not done, without confirmation
    assert code == 3 and "définitivement perdus" in err and "--yes" in err
    assert dump(data_dir) == before

    code, out, err = run(capsys, "recover", "new-key", "--yes", "--json")
    assert code == 0, err
    assert json.loads(out) == {"new_key": True, "batches_lost": [1]}
    code, out, err = run(capsys, "import", imported, "--passwords", "new", "--json")
    assert code == 0, err
    assert json.loads(out)["passwords_generated"] == 12
    code, _, err = run(capsys, "accounts", "reset-password", json.loads(
        run(capsys, "accounts", "--json")[1])[0]["username"])
    assert code == 0, err
    # and a working key is never replaced
    code, out, _ = run(capsys, "recover", "new-key", "--yes")
    assert code == 0 and "rien à faire" in out


@pytest.mark.parametrize("state", ["empty", "missing"])
def test_an_empty_or_missing_base_beside_backups_is_refused_and_restored(capsys, tmp_path, data_dir, imported,
                                                                         state):
    year2 = write_export(tmp_path / "y2.zip", PUPILS, **year_kwargs(2026))
    assert run(capsys, "import", year2, "--passwords", "keep")[0] == 0  # a backup now holds year 1
    accounts = json.loads(run(capsys, "accounts", "--json")[1])
    db = data_dir / "comptes.sqlite3"
    for side in ("-wal", "-shm"):
        (data_dir / f"comptes.sqlite3{side}").unlink(missing_ok=True)
    if state == "empty":
        db.write_bytes(b"")
    else:
        db.unlink()

    code, out, err = run(capsys, "import", year2, "--passwords", "new")
    assert code == 1 and "Restaurer la dernière sauvegarde du" in err and "recover restore-backup" in err
    assert not db.exists() or db.stat().st_size == 0  # no fresh, empty directory was made
    code, _, err = run(capsys, "accounts", "--json")
    assert code == 1 and "rien n'a été créé" in err

    assert run(capsys, "recover", "restore-backup")[0] == 3
    code, out, err = run(capsys, "recover", "restore-backup", "--yes")
    assert code == 0, err
    restored = json.loads(run(capsys, "accounts", "--json")[1])
    assert [a["username"] for a in restored] == [a["username"] for a in accounts]  # same ids, same names
