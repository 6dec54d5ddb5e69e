"""``settings`` and ``settings set`` on the command line; the sheets and Moodle CSV follow the settings."""

from __future__ import annotations

import csv
import json

import pytest
from pypdf import PdfReader

import main as entry_point
from elea_desktop.credentials.sheets import count_pages
from elea_desktop.directory.store import Directory
from elea_desktop.policies.passwords import DEFAULT_POLICY, PasswordPolicy
from tests.cli.helpers import run, run_json
from tests.importer.helpers import dump, year_kwargs
from tests.siecle_factory import generate_pupils, write_export

# 33 pupils a class: 5, 4 or 3 pages a class with 8, 10 or 12 slips a page.
PUPILS = generate_pupils(66, classes=["6A", "6B"])
SETTING_KEYS = {"name", "platform_url", "username_pattern", "password_length", "password_uppercase",
                "password_symbol", "email_domain", "sheet_per_page", "sheet_qr", "sheet_roster",
                "moodle_lang", "password_entropy_bits"}


@pytest.fixture
def imported(capsys, tmp_path):
    run_json(capsys, "import", write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025)))


def test_show_before_the_first_import_in_french_and_json(capsys):
    data = run_json(capsys, "settings")
    assert set(data) >= SETTING_KEYS
    assert data["uai"] is None and data["sheet_per_page"] == 10 and data["moodle_lang"] is None
    assert data["password_entropy_bits"] == pytest.approx(DEFAULT_POLICY.entropy_bits, abs=0.01)
    assert data["password_uppercase"] and data["password_symbol"]  # passes Moodle's default policy
    code, out, err = run(capsys, "settings")
    assert code == 0 and err == ""
    assert "11 caractères" in out and "62,9 bits" in out
    assert "La CNIL recommande au moins 50 bits" not in out  # the default meets it
    assert "prénom.nom (jean.dupont)" in out and "ne changent jamais" in out
    assert "Fiches par page : 10" in out and "Colonne lang : non" in out


def test_set_every_option_with_data_dir_and_json_anywhere(capsys, tmp_path):
    other = tmp_path / "ailleurs"
    data = run_json(capsys, "settings", "--data-dir", other, "set", "--name", "Collège Éole",
                    "--platform-url", "https://elea.ac-test.fr", "--username-pattern", "p.nom",
                    "--password-length", "12", "--uppercase", "--symbol", "--email-domain", "exemple.invalid",
                    "--per-page", "8", "--qr", "--roster", "--moodle-lang", "fr")
    assert data["name"] == "Collège Éole" and data["platform_url"] == "https://elea.ac-test.fr"
    assert data["username_pattern"] == "p.nom" and data["email_domain"] == "exemple.invalid"
    assert (data["password_length"], data["password_uppercase"], data["password_symbol"]) == (12, True, True)
    assert data["password_entropy_bits"] == pytest.approx(
        PasswordPolicy(length=12, uppercase=True, symbol=True).entropy_bits, abs=0.01)
    assert (data["sheet_per_page"], data["sheet_qr"], data["sheet_roster"], data["moodle_lang"]) == (
        8, True, True, "fr")
    with Directory.open(other) as directory:  # written where --data-dir said, not in the default folder
        assert directory.settings().sheet_per_page == 8
    data = run_json(capsys, "settings", "set", "--no-qr", "--no-roster", "--no-symbol", "--no-moodle-lang",
                    "--data-dir", other)
    assert (data["sheet_qr"], data["sheet_roster"], data["password_symbol"], data["moodle_lang"]) == (
        False, False, False, None)
    assert data["password_length"] == 12 and data["password_uppercase"] is True  # untouched


def test_a_new_pattern_says_existing_usernames_never_change(capsys):
    code, out, _ = run(capsys, "settings", "set", "--username-pattern", "nom.prenom")
    assert code == 0 and "Réglages enregistrés" in out
    assert "ne s'applique qu'aux comptes créés à partir de maintenant" in out
    code, out, err = run(capsys, "settings", "set", "--username-pattern", "p.nom", "--json")
    assert json.loads(out)["username_pattern"] == "p.nom" and "ne changent jamais" in err


@pytest.mark.parametrize("argv", [
    ("--platform-url", "elea.ac-test.fr"),
    ("--email-domain", "pas un domaine"),
    ("--moodle-lang", "français"),
    ("--password-length", "30"),
])
def test_a_bad_value_changes_nothing(capsys, data_dir, argv):
    run(capsys, "settings", "set", "--name", "Collège Éole")
    before = dump(data_dir)
    code, out, err = run(capsys, "settings", "set", "--per-page", "12", *argv)
    assert code == 1 and out == "" and err.startswith("Erreur : ")
    assert dump(data_dir) == before


def test_set_without_option_is_an_error(capsys):
    code, _, err = run(capsys, "settings", "set")
    assert code == 1 and "au moins une option" in err


def test_main_routes_settings_to_the_command_line(capsys):
    assert entry_point.main(["settings", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sheet_per_page"] == 10


def test_the_sheets_follow_the_layout_setting_unless_overridden(capsys, tmp_path, imported, data_dir):
    with Directory.open(data_dir) as directory:
        batch = directory.load_batch()
    assert len({count_pages(batch, per_page=n) for n in (8, 10, 12)}) == 3
    pdf = tmp_path / "fiches.pdf"
    assert run_json(capsys, "credentials", "--pdf", pdf)["pdf"]["pages"] == count_pages(batch, per_page=10)
    run(capsys, "settings", "set", "--per-page", "8")
    assert run_json(capsys, "credentials", "--pdf", pdf)["pdf"]["pages"] == count_pages(batch, per_page=8)
    run(capsys, "settings", "set", "--per-page", "12", "--roster")
    assert run_json(capsys, "credentials", "--pdf", pdf)["pdf"]["pages"] == count_pages(
        batch, per_page=12, roster=True)
    # The command line wins over the setting, both ways.
    data = run_json(capsys, "credentials", "--pdf", pdf, "--per-page", "8", "--no-roster")
    assert data["pdf"]["pages"] == count_pages(batch, per_page=8)


def test_the_qr_setting_reaches_the_sheets(capsys, tmp_path, imported, monkeypatch):
    from elea_desktop.credentials import sheets

    seen = []
    real = sheets.write_credential_sheets

    def spy(path, batch, **options):
        seen.append(options)
        return real(path, batch, **options)

    monkeypatch.setattr(sheets, "write_credential_sheets", spy)
    run(capsys, "settings", "set", "--qr", "--platform-url", "https://elea.ac-test.fr")
    run_json(capsys, "credentials", "--pdf", tmp_path / "a.pdf")
    run_json(capsys, "credentials", "--pdf", tmp_path / "b.pdf", "--no-qr")
    assert [options["qr"] for options in seen] == [True, False]


def _header(path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def test_the_moodle_csv_has_a_lang_column_only_when_set(capsys, tmp_path, imported):
    plain, with_lang = tmp_path / "a.csv", tmp_path / "b.csv"
    run_json(capsys, "credentials", "--moodle-csv", plain)
    assert "lang" not in _header(plain)
    run(capsys, "settings", "set", "--moodle-lang", "fr")
    run_json(capsys, "credentials", "--moodle-csv", with_lang)
    assert _header(with_lang)[-1] == "lang"
    with with_lang.open(encoding="utf-8", newline="") as handle:
        assert {row["lang"] for row in csv.DictReader(handle)} == {"fr"}


def test_import_and_reset_follow_the_settings_too(capsys, tmp_path, data_dir):
    run(capsys, "settings", "set", "--per-page", "8", "--moodle-lang", "en", "--email-domain",
        "exemple.invalid")
    moodle, pdf = tmp_path / "m.csv", tmp_path / "f.pdf"
    data = run_json(capsys, "import", write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025)),
                    "--moodle-csv", moodle, "--pdf", pdf)
    assert data["users_created"] == 66
    with Directory.open(data_dir) as directory:
        batch = directory.load_batch()
    assert len(PdfReader(pdf).pages) == count_pages(batch, per_page=8) == 10  # 33 + 33 slips, 8 a page
    with moodle.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["lang"] for row in rows} == {"en"}
    assert all(row["email"] == f"{row['username']}@exemple.invalid" for row in rows)
    username = rows[0]["username"]
    reset_csv = tmp_path / "r.csv"
    run_json(capsys, "accounts", "reset-password", username, "--moodle-csv", reset_csv)
    assert _header(reset_csv)[-1] == "lang"
