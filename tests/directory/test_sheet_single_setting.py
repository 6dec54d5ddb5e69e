"""The ``sheet_single`` setting (migration v8): how a print of one slip is laid out."""

from __future__ import annotations

import sqlite3

import pytest

from elea_desktop.directory import sealed_file, transfer
from elea_desktop.directory.schema import SCHEMA_VERSION, migrate
from elea_desktop.directory.store import DB_NAME, Directory
from elea_desktop.errors import DirectoryError
from elea_desktop.importer.engine import run_import
from tests.importer.helpers import dump, export_of, year_kwargs
from tests.siecle_factory import generate_pupils


def test_a_version_7_database_gets_the_slip_layout_and_keeps_its_settings(data_dir):
    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    assert migrate(conn, target=7) == 7
    conn.execute("INSERT INTO establishment (id, uai, name, sheet_per_page, sheet_roster, created_at, "
                 "updated_at) VALUES (1, '0750680G', 'Collège Test', 8, 1, '2025-01-01T00:00:00+00:00', "
                 "'2025-01-01T00:00:00+00:00')")
    conn.close()
    with Directory.open(data_dir) as directory:
        version = directory.connection.execute("SELECT version FROM schema_version").fetchone()[0]
        assert version == SCHEMA_VERSION
        settings = directory.settings()
        assert (settings.name, settings.sheet_per_page, settings.sheet_roster) == ("Collège Test", 8, True)
        assert settings.sheet_single == "slip"
        with pytest.raises(sqlite3.IntegrityError):
            directory.connection.execute("UPDATE establishment SET sheet_single = 'poster'")


def test_saving_the_letter_layout_and_refusing_an_unknown_one_in_french(data_dir):
    with Directory.open(data_dir) as directory:
        assert directory.settings().sheet_single == "slip"
        directory.update_settings(sheet_single="letter")
        assert directory.settings().sheet_single == "letter"
        assert directory.settings().as_json()["sheet_single"] == "letter"
        before = dump(data_dir)
        with pytest.raises(DirectoryError, match="Présentation inconnue.*slip.*letter"):
            directory.update_settings(name="Autre nom", sheet_single="affiche")
        assert dump(data_dir) == before
        assert directory.settings().sheet_single == "letter"


def test_the_setting_survives_a_directory_export_and_restore(tmp_path, data_dir, monkeypatch):
    monkeypatch.setattr(sealed_file, "LOG2_N", 12)  # a cheap key derivation: the file records its cost
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(generate_pupils(2, classes=["6A"]), **year_kwargs(2025)), None)
        directory.update_settings(name="Collège Éole", sheet_single="letter")
    target = tmp_path / "annuaire.elea"
    transfer.export_directory(data_dir, target, "cartable vert sous la pluie")
    new_pc = tmp_path / "nouveau-poste"
    new_pc.mkdir(mode=0o700)
    transfer.restore_directory(new_pc, target, "cartable vert sous la pluie")
    with Directory.open(new_pc) as directory:
        assert directory.settings().sheet_single == "letter"
