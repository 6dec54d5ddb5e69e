"""The window's way out of a lost base and a lost key (issue 12, items 1 and 4), asked in French."""

from __future__ import annotations

import json

import pytest

from tests.gui.conftest import WAIT_MS, make_export


def _import_twice(tmp_path, data_dir):
    from elea_desktop.directory.store import Directory
    from elea_desktop.importer.engine import run_import
    from elea_desktop.siecle.reader import read_export

    with Directory.open(data_dir) as directory:
        run_import(directory, read_export(make_export(tmp_path / "a", 20)), None)
        run_import(directory, read_export(make_export(tmp_path / "b", 20)), "keep")


@pytest.fixture
def emptied_base(tmp_path, data_dir):
    _import_twice(tmp_path, data_dir)
    for side in ("-wal", "-shm"):
        (data_dir / f"comptes.sqlite3{side}").unlink(missing_ok=True)
    (data_dir / "comptes.sqlite3").write_bytes(b"")


def test_an_emptied_base_is_restored_from_the_latest_backup_after_asking(emptied_base, qtbot, window, dialogs,
                                                                         data_dir):
    (title, text, _), = [q for q in dialogs.questions if q[0] == "Base des comptes perdue"]
    assert "Restaurer la dernière sauvegarde du" in text and "rien n'a été créé" in text
    assert [t for t, _ in dialogs.infos] == ["Sauvegarde restaurée"]
    assert (data_dir / "comptes.sqlite3").stat().st_size > 0
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        assert directory.connection.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == 20


@pytest.fixture
def lost_key(tmp_path, data_dir, memory_keyring):
    _import_twice(tmp_path, data_dir)
    meta = json.loads((data_dir / "vault.json").read_text())
    memory_keyring.delete_password("elea-desktop", f"vault-{meta['vault_id']}")


def test_a_lost_key_offers_a_new_key_when_an_import_needs_it(lost_key, qtbot, window, dialogs, data_dir,
                                                             tmp_path):
    from tests.gui.conftest import drop_file

    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone, make_export(tmp_path / "c", 20))
    with qtbot.waitSignal(window.importer.import_failed, timeout=WAIT_MS):
        window.importer.run_import("new", True)
    (title, text, informative), = [q for q in dialogs.questions if q[0] == "Clé des mots de passe perdue"]
    assert "introuvable" in text and "définitivement perdus" in informative
    assert [t for t, _ in dialogs.infos] == ["Nouvelle clé créée"]
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
        window.importer.run_import("new", True)
