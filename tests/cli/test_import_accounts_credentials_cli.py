"""``import``, ``accounts`` and ``credentials`` on the command line: JSON shapes, exit codes, files."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from elea_desktop.policies.passwords import PasswordPolicy
from tests.cli.helpers import run, run_json
from tests.importer.helpers import JSON_KEYS, dump, moved, year_kwargs
from tests.siecle_factory import generate_pupils, write_export

ROOT = Path(__file__).resolve().parents[2]
PUPILS = generate_pupils(24, classes=["6A", "6B"])
ACCOUNT_KEYS = {"username", "first_name", "last_name", "class", "status", "protected", "eleve_id", "ine",
                "birth_date", "uai", "role"}


@pytest.fixture
def year1(tmp_path):
    return write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025))


def test_first_import_json_shape_and_data_dir_anywhere(capsys, tmp_path, year1):
    other = tmp_path / "elsewhere"
    code, out, err = run(capsys, "import", "--data-dir", other, year1, "--json")
    assert code == 0, err
    data = json.loads(out)  # stdout holds only the JSON document
    assert set(data) == JSON_KEYS
    assert data["users_created"] == 24 and data["passwords_generated"] == 24 and data["batch_id"] == 1
    assert data["uai"] == "0750680G" and data["school_year"] == 2025 and data["warnings"] == []
    assert (other / "comptes.sqlite3").exists()
    code, out, _ = run(capsys, "accounts", "--json", "--data-dir", other)
    assert len(json.loads(out)) == 24


def test_exit_codes_and_nothing_changed(capsys, tmp_path, data_dir, year1):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    assert run(capsys, "import", bad)[0] == 2
    assert not (data_dir / "comptes.sqlite3").exists()  # a refused file never touches the directory
    assert run(capsys, "import", year1, "--json")[0] == 0
    before = dump(data_dir)
    code, out, err = run(capsys, "import", year1, "--json")
    assert code == 3 and out == "" and "--passwords" in err
    other_school = write_export(tmp_path / "other.zip", PUPILS, uai="0931234L", **year_kwargs(2025))
    code, _, err = run(capsys, "import", other_school, "--passwords", "keep", "--yes")
    assert code == 3 and "0931234L" in err
    partial = write_export(tmp_path / "part.zip", PUPILS[:6], **year_kwargs(2025, day="20/09"))
    code, _, err = run(capsys, "import", partial, "--passwords", "keep")
    assert code == 3 and "--yes" in err
    assert dump(data_dir) == before
    data = run_json(capsys, "import", partial, "--passwords", "keep", "--yes")
    assert data["users_suspended"] == 18


def test_dry_run_writes_nothing(capsys, tmp_path, data_dir, year1):
    run_json(capsys, "import", year1)
    before = dump(data_dir)
    year2 = write_export(tmp_path / "y2.zip", [moved(p, class_code="5A") for p in PUPILS],
                         **year_kwargs(2026))
    pdf = tmp_path / "fiches.pdf"
    code, out, err = run(capsys, "import", year2, "--passwords", "new", "--dry-run", "--json", "--pdf", pdf)
    assert code == 0
    data = json.loads(out)
    assert data["users_updated"] == 24 and data["passwords_generated"] == 24 and data["batch_id"] is None
    assert not pdf.exists() and "Simulation" in err
    assert dump(data_dir) == before


def test_import_writes_sheets_and_moodle_csv(capsys, tmp_path, year1):
    pdf, moodle = tmp_path / "fiches.pdf", tmp_path / "moodle.csv"
    code, out, err = run(capsys, "import", year1, "--pdf", pdf, "--moodle-csv", moodle)
    assert code == 0, err
    assert "Importation terminée" in out and "Comptes créés : 24" in out
    assert pdf.read_bytes().startswith(b"%PDF")
    with moodle.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 24
    assert all(row["password"] and row["cohort1"].startswith("0750680G-2025-") for row in rows)
    assert (tmp_path / "moodle-LISEZMOI.txt").exists()


def test_an_output_that_cannot_be_written_cancels_the_import(capsys, tmp_path, data_dir, year1):
    run_json(capsys, "import", year1)
    before = dump(data_dir)
    moodle = tmp_path / "moodle.csv"
    year2 = write_export(tmp_path / "y2.zip", [moved(p, class_code="5A") for p in PUPILS],
                         **year_kwargs(2026))
    code, out, err = run(capsys, "import", year2, "--passwords", "new", "--moodle-csv", moodle,
                         "--pdf", tmp_path / "missing-folder" / "fiches.pdf")
    assert code == 1 and err.startswith("Erreur")
    assert dump(data_dir) == before
    assert not moodle.exists()


def test_accounts_listing_protection_and_reset(capsys, year1, tmp_path):
    run_json(capsys, "import", year1)
    accounts = run_json(capsys, "accounts", "--class", "6B")
    assert len(accounts) == 12 and set(accounts[0]) == ACCOUNT_KEYS
    assert {a["class"] for a in accounts} == {"6B"} and accounts[0]["protected"] is False
    username = accounts[0]["username"]
    assert run_json(capsys, "accounts", "protect", username) == {"username": username, "protected": True}
    assert run_json(capsys, "accounts", "--status", "suspended") == []
    code, out, _ = run(capsys, "accounts")
    assert "protégé" in out and "24 compte(s)" in out
    assert run_json(capsys, "accounts", "unprotect", "--data-dir", os.environ["ELEA_DESKTOP_DATA_DIR"],
                    username)["protected"] is False
    pdf = tmp_path / "one.pdf"
    reset = run_json(capsys, "accounts", "reset-password", username, "--pdf", pdf)
    assert reset["username"] == username and reset["batch_id"] == 2 \
        and len(reset["password"]) == PasswordPolicy().length
    assert reset["pdf"]["slips"] == 1 and pdf.exists()
    code, _, err = run(capsys, "accounts", "reset-password", "personne.inconnue")
    assert code == 1 and "Aucun compte" in err


def test_credentials_list_export_and_purge(capsys, tmp_path, year1):
    run_json(capsys, "import", year1)
    listing = run_json(capsys, "credentials", "--list")
    assert [(b["batch_id"], b["size"], b["purged"]) for b in listing] == [(1, 24, False)]
    moodle = tmp_path / "m.csv"
    data = run_json(capsys, "credentials", "1", "--moodle-csv", moodle, "--class", "6A")
    assert data["classes"] == {"6A": 12, "6B": 12} and data["moodle_csv"]["rows"] == 12
    assert run_json(capsys, "credentials", "--purge", "1") == {"batch_id": 1, "purged": True}
    code, _, err = run(capsys, "credentials", "1", "--pdf", tmp_path / "x.pdf")
    assert code == 1 and "effacés" in err
    assert run_json(capsys, "credentials", "--list")[0]["distributed"] is True


def test_subprocess_exit_codes_and_vault_fallback_warning(tmp_path, year1, data_dir):
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}

    def cli(*args):
        return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    first = cli("import", year1, "--json")
    assert first.returncode == 0, first.stderr
    assert set(json.loads(first.stdout)) == JSON_KEYS
    assert "vault.key" in first.stderr  # the key-file fallback is never silent
    again = cli("import", year1, "--json")
    assert again.returncode == 3 and again.stdout == ""
    keep = cli("import", year1, "--passwords", "keep", "--json")
    data = json.loads(keep.stdout)
    assert (data["users_created"], data["users_updated"], data["passwords_generated"]) == (0, 0, 0)
    # A second process decrypts what the first one encrypted (key file fallback).
    listing = cli("credentials", "1", "--json")
    assert listing.returncode == 0 and json.loads(listing.stdout)["size"] == 24
