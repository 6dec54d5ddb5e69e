"""A cité scolaire on the command line: declaring the UAIs, then several school years of imports, one file
or two at a time, with the JSON report's ``per_uai``, ``accounts --json``'s ``uai`` and the sheets."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from elea_desktop.directory.store import Directory
from tests.cli.helpers import run, run_json
from tests.importer.helpers import dump, moved, year_kwargs
from tests.importer.test_cite_scolaire import (
    COLLEGE,
    COLLEGE_2025,
    COLLEGE_2026,
    COLLEGE_2027,
    COLLEGE_NAME,
    LYCEE,
    LYCEE_2025,
    LYCEE_2026,
    LYCEE_2027,
    LYCEE_NAME,
)
from tests.siecle_factory import write_export


def export(tmp_path, name, pupils, uai, year, **kwargs):
    return write_export(tmp_path / name, pupils, uai=uai, **year_kwargs(year, **kwargs))


def declare(capsys):
    return run_json(capsys, "settings", "set", "--add-uai", COLLEGE, "--add-uai", LYCEE,
                    "--name-for", COLLEGE, COLLEGE_NAME, "--name-for", LYCEE, LYCEE_NAME)


def test_declaring_the_cite_lists_the_uais_with_their_names(capsys):
    data = declare(capsys)
    assert data["uai"] == COLLEGE and data["name"] == COLLEGE_NAME
    assert data["uais"] == [{"uai": COLLEGE, "name": COLLEGE_NAME, "primary": True},
                            {"uai": LYCEE, "name": LYCEE_NAME, "primary": False}]
    assert run_json(capsys, "settings")["uais"] == data["uais"]
    code, out, _ = run(capsys, "settings")
    assert code == 0 and "Cité scolaire : UAI rattachés" in out and f"{LYCEE} : {LYCEE_NAME}" in out
    renamed = run_json(capsys, "settings", "set", "--name-for", LYCEE.lower(), "Lycée Jean-Zay")
    assert renamed["uais"][1]["name"] == "Lycée Jean-Zay"


@pytest.mark.parametrize("argv, words", [
    (("--add-uai", "0752387A"), "n'est pas un UAI valable"),  # wrong check letter (M)
    (("--add-uai", "123ABC"), "7 chiffres"),
    (("--name-for", "0140070A", "Lycée"), "ajoutez-le d'abord"),
    (("--remove-uai", COLLEGE), "ne peut pas être retiré"),
])
def test_a_bad_declaration_is_refused_in_french_and_saves_nothing(capsys, data_dir, argv, words):
    declare(capsys)
    before = dump(data_dir)
    code, _, err = run(capsys, "settings", "set", "--platform-url", "https://elea.example", *argv)
    assert code == 1 and words in err
    assert dump(data_dir) == before


def test_an_uai_with_accounts_cannot_be_removed_but_an_unused_one_can(capsys, tmp_path):
    declare(capsys)
    run_json(capsys, "settings", "set", "--add-uai", "0140070A")
    assert len(run_json(capsys, "settings")["uais"]) == 3
    run_json(capsys, "import", export(tmp_path, "l.zip", LYCEE_2025, LYCEE, 2025))
    code, _, err = run(capsys, "settings", "set", "--remove-uai", LYCEE)
    assert code == 1 and "ne peut plus être retiré" in err
    assert [u["uai"] for u in run_json(capsys, "settings", "set", "--remove-uai", "0140070A")["uais"]] == [
        COLLEGE, LYCEE]


def test_three_years_of_a_cite_on_the_command_line(capsys, tmp_path):
    declare(capsys)
    college = export(tmp_path, "college-2025.zip", COLLEGE_2025, COLLEGE, 2025)
    lycee = export(tmp_path, "lycee-2025.zip", LYCEE_2025, LYCEE, 2025)
    pdf = tmp_path / "fiches.pdf"
    first = run_json(capsys, "import", college, lycee, "--pdf", pdf)
    assert first["users_created"] == 29 and first["users_transferred"] == 0
    assert {uai: data["users_created"] for uai, data in first["per_uai"].items()} == {COLLEGE: 15, LYCEE: 14}
    assert first["per_uai"][LYCEE]["source_name"] == "lycee-2025.zip"
    # Each pupil's sheet names the establishment they belong to.
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert any(COLLEGE_NAME in text and "Classe 3A" in text for text in pages)
    assert any(LYCEE_NAME in text and "Classe 2A" in text for text in pages)
    assert not any(COLLEGE_NAME in text and "Classe 2A" in text for text in pages)
    accounts = run_json(capsys, "accounts")
    assert {a["uai"] for a in accounts} == {COLLEGE, LYCEE}
    assert next(a for a in accounts if a["username"] == "alice.martin")["uai"] == COLLEGE

    # 2026, one after the other, keep mode: Alice and Camille suspended by the collège, then transferred.
    college = export(tmp_path, "college-2026.zip", COLLEGE_2026, COLLEGE, 2026)
    lycee = export(tmp_path, "lycee-2026.zip", LYCEE_2026, LYCEE, 2026)
    assert run_json(capsys, "import", college, "--passwords", "keep")["users_suspended"] == 2
    second = run_json(capsys, "import", lycee, "--passwords", "keep")
    assert (second["users_transferred"], second["users_reactivated"], second["batch_id"]) == (2, 0, None)
    assert set(second["per_uai"]) == {LYCEE}
    alice = next(a for a in run_json(capsys, "accounts") if a["username"] == "alice.martin")
    assert (alice["uai"], alice["class"], alice["status"]) == (LYCEE, "2A", "active")

    # 2027, both at once, in French this time.
    college = export(tmp_path, "college-2027.zip", COLLEGE_2027, COLLEGE, 2027)
    lycee = export(tmp_path, "lycee-2027.zip", LYCEE_2027, LYCEE, 2027)
    code, out, err = run(capsys, "import", college, lycee, "--passwords", "keep")
    assert code == 0, err
    assert f"établissements {COLLEGE} et {LYCEE}" in out
    assert "Comptes transférés d'un établissement à l'autre : 3" in out
    with Directory.open() as directory:
        assert directory.get_account("yann.lambert").uai == COLLEGE
        assert len(directory.list_accounts()) == 29


def test_an_undeclared_second_export_is_refused_and_nothing_is_imported(capsys, tmp_path, data_dir):
    college = export(tmp_path, "c.zip", COLLEGE_2025, COLLEGE, 2025)
    lycee = export(tmp_path, "l.zip", LYCEE_2025, LYCEE, 2025)
    code, _, err = run(capsys, "import", college, lycee)
    assert code == 3 and "Cité scolaire" in err and f"--add-uai {LYCEE}" in err
    with Directory.open() as directory:
        assert not directory.has_accounts()


def test_an_unreadable_second_file_imports_nothing(capsys, tmp_path):
    declare(capsys)
    college = export(tmp_path, "c.zip", COLLEGE_2025, COLLEGE, 2025)
    broken = tmp_path / "l.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    code, _, _ = run(capsys, "import", college, broken)
    assert code == 2
    with Directory.open() as directory:
        assert not directory.has_accounts()


def test_a_single_export_report_has_its_uai_in_per_uai(capsys, tmp_path):
    data = run_json(capsys, "import", export(tmp_path, "c.zip", [moved(p) for p in COLLEGE_2025], COLLEGE,
                                             2025))
    assert list(data["per_uai"]) == [COLLEGE]
    assert data["per_uai"][COLLEGE]["users_created"] == data["users_created"] == 15
