"""``directory export`` / ``restore`` as support types them: exit codes, French messages, no argv secret."""

from __future__ import annotations

import json

import pytest

from elea_desktop.directory import sealed_file
from tests.cli.helpers import run
from tests.cli.test_startup_imports import heavy, loaded_modules
from tests.importer.helpers import dump
from tests.siecle_factory import generate_pupils, write_export

PASSPHRASE = "cartable vert sous la pluie"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch):
    monkeypatch.setattr(sealed_file, "LOG2_N", 12)


@pytest.fixture
def imported(capsys, tmp_path, data_dir):
    export = write_export(tmp_path / "y1.zip", generate_pupils(12, classes=["6A"]))
    assert run(capsys, "import", export)[0] == 0
    phrase = tmp_path / "phrase.txt"
    phrase.write_text(PASSPHRASE + "\r\n", encoding="utf-8")  # a Windows editor's line end
    return phrase


def typed(monkeypatch, *answers):
    """What the user types at getpass's prompts, in order."""
    import getpass

    replies = iter(answers)
    prompts = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": prompts.append(prompt) or next(replies))
    return prompts


def test_export_then_restore_with_a_passphrase_file(capsys, tmp_path, imported):
    file = tmp_path / "annuaire.elea"
    code, out, err = run(capsys, "directory", "export", file, "--passphrase-file", imported)
    assert code == 0, err
    assert "12 compte(s)" in out and "12 mot(s) de passe encore à distribuer" in out
    new_pc = tmp_path / "neuf"
    new_pc.mkdir(mode=0o700)
    code, out, err = run(capsys, "directory", "restore", file, "--passphrase-file", imported,
                         "--data-dir", new_pc, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["accounts"] == 12 and result["held_passwords"] == 12 and result["backup"] is None
    code, out, _ = run(capsys, "accounts", "--json", "--data-dir", new_pc)
    assert len(json.loads(out)) == 12


def test_the_passphrase_is_typed_twice_at_the_terminal(capsys, monkeypatch, tmp_path, imported):
    file = tmp_path / "annuaire.elea"
    prompts = typed(monkeypatch, PASSPHRASE, PASSPHRASE + "!")
    code, _, err = run(capsys, "directory", "export", file)
    assert code == 1 and "Les deux phrases de passe saisies sont différentes" in err
    assert len(prompts) == 2 and not file.exists()
    typed(monkeypatch, "trop court", "trop court")
    code, _, err = run(capsys, "directory", "export", file)
    assert code == 1 and "au moins 12 caractères" in err and not file.exists()
    typed(monkeypatch, PASSPHRASE, PASSPHRASE)
    assert run(capsys, "directory", "export", file)[0] == 0
    prompts = typed(monkeypatch, PASSPHRASE)
    code, _, err = run(capsys, "directory", "restore", file)
    assert code == 3 and len(prompts) == 1  # asked once to restore; then the question about replacing


def test_restore_over_a_directory_needs_replace_and_a_wrong_passphrase_is_exit_2(capsys, tmp_path, data_dir,
                                                                                 imported):
    file = tmp_path / "annuaire.elea"
    assert run(capsys, "directory", "export", file, "--passphrase-file", imported)[0] == 0
    before = dump(data_dir)
    code, _, err = run(capsys, "directory", "restore", file, "--passphrase-file", imported)
    assert code == 3 and "Ce poste a déjà un annuaire" in err and "--replace" in err
    wrong = tmp_path / "faux.txt"
    wrong.write_text("cartable vert sous la neige\n", encoding="utf-8")
    code, _, err = run(capsys, "directory", "restore", file, "--passphrase-file", wrong, "--replace")
    assert code == 2 and err.startswith("Erreur : La phrase de passe ne correspond pas")
    file.write_bytes(file.read_bytes()[:-10])
    code, _, err = run(capsys, "directory", "restore", file, "--passphrase-file", imported, "--replace")
    assert code == 2 and "endommagé ou incomplet" in err
    assert dump(data_dir) == before
    code, _, err = run(capsys, "directory", "restore", tmp_path / "absent.elea",
                       "--passphrase-file", imported)
    assert code == 2 and "n'existe pas" in err


def test_the_passphrase_is_never_an_argument(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "directory", "export", "x.elea", "--passphrase", PASSPHRASE)
    assert "--passphrase" in capsys.readouterr().err


def test_directory_help_loads_no_cryptography():
    assert heavy(loaded_modules("directory", "--help")) == []
    assert heavy(loaded_modules("directory", "export", "--help")) == []
