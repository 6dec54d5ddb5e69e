"""SQLite errors reach the user in French: what happened, that nothing changed, what to do (issue 12, 12)."""

from __future__ import annotations

import sqlite3

import pytest

from elea_desktop.importer import engine
from tests.cli.helpers import run
from tests.importer.helpers import dump, year_kwargs
from tests.siecle_factory import generate_pupils, write_export

PUPILS = generate_pupils(12, classes=["6A"])


@pytest.mark.parametrize(("raw", "said"), [
    ("database or disk is full", "Le disque est plein"),
    ("attempt to write a readonly database", "le dossier de données est en lecture seule"),
])
def test_a_database_failure_during_an_import_is_explained_in_french(capsys, monkeypatch, tmp_path, data_dir,
                                                                    raw, said):
    year1 = write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025))
    assert run(capsys, "import", year1)[0] == 0
    before = dump(data_dir)

    def failing(*args, **kwargs):
        raise sqlite3.OperationalError(raw)

    monkeypatch.setattr(engine, "apply_plan", failing)
    year2 = write_export(tmp_path / "y2.zip", PUPILS, **year_kwargs(2026))
    code, out, err = run(capsys, "import", year2, "--passwords", "new")
    assert code == 1 and out == ""
    assert said in err and "rien n'a été modifié" in err
    assert "Erreur inattendue" not in err and "OperationalError" not in err
    assert dump(data_dir) == before


def test_a_damaged_timestamp_is_a_french_error_not_a_value_error(capsys, tmp_path, data_dir):
    year1 = write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025))
    assert run(capsys, "import", year1)[0] == 0
    conn = sqlite3.connect(data_dir / "comptes.sqlite3")
    conn.execute("UPDATE credential_batches SET created_at = '2025-0\x019-15T10:00:00+00:00'")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "credentials", "--list")
    assert code == 1
    assert "contient une date illisible" in err and "Restaurez la dernière sauvegarde" in err
    assert "ValueError" not in err and "Erreur inattendue" not in err


def test_the_window_gets_the_same_french_message(qtbot):
    from elea_desktop.errors import DirectoryError
    from ui.workers import Job

    def work(report, cancelled):
        raise sqlite3.OperationalError("database or disk is full")

    job = Job("write", work)
    with qtbot.waitSignal(job.failed) as failed:
        job.run()
    (error,) = failed.args
    assert isinstance(error, DirectoryError) and "Le disque est plein" in error.message
