"""``accounts class-list`` (names and usernames for a teacher, never a password) and ``accounts reprint``
(the slips of chosen accounts from the batches that still hold their passwords)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from elea_desktop.credentials.sheets_letter import TITLE_FR
from elea_desktop.directory.store import Directory
from tests.cli.helpers import run, run_json
from tests.importer.helpers import year_kwargs
from tests.siecle_factory import generate_pupils, write_export

# 60 pupils in 4A (two pages of the class list), 4 in 4B, 2 in 4C who lose their class (below).
PUPILS = (generate_pupils(60, classes=["4A"])
          + generate_pupils(4, classes=["4B"], seed=1, id_start=100)
          + generate_pupils(2, classes=["4C"], seed=2, id_start=200))


@pytest.fixture
def imported(capsys, tmp_path):
    run_json(capsys, "import", write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025)))
    with Directory.open() as directory, directory.transaction() as conn:
        # An export never brings a pupil without a class; older directories and manual accounts may hold some.
        conn.execute("UPDATE accounts SET class_code = NULL, cohort_id = NULL WHERE class_code = '4C'")
    return {c.username: c.password for c in _batch(1).credentials}


def _batch(batch_id):
    with Directory.open() as directory:
        return directory.load_batch(batch_id)


def _pdf_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_class_list_prints_one_line_per_pupil_and_a_count(capsys, imported):
    code, out, err = run(capsys, "accounts", "class-list", "4B")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 5 and lines[-1] == "4 élève(s) — Liste de la classe 4B."
    with Directory.open() as directory:
        expected = [a.username for a in directory.list_accounts(class_code="4B")]
    assert sorted(line.split()[1] for line in lines[:4]) == sorted(expected)
    assert [line.split()[0] for line in lines[:4]] == ["1", "2", "3", "4"]
    assert not any(imported[name] in out for name in expected)  # no password, ever


def test_class_list_json_and_the_pupils_without_a_class(capsys, imported):
    data = run_json(capsys, "accounts", "class-list", "4b")  # the directory's spelling is found
    assert len(data) == 4 and set(data[0]) == {"last_name", "first_name", "username"}
    assert data == sorted(data, key=lambda d: (d["last_name"].casefold(), d["first_name"].casefold()))
    without = run_json(capsys, "accounts", "class-list", "Sans classe")
    assert len(without) == 2 and run_json(capsys, "accounts", "class-list", "") == without


def test_class_list_pdf_is_multi_page_and_holds_no_password(capsys, imported, tmp_path):
    pdf = tmp_path / "4A.pdf"
    code, out, _ = run(capsys, "accounts", "class-list", "4A", "--pdf", pdf)
    assert code == 0 and f"{pdf} (2 page(s))" in out
    pages = _pdf_text(pdf)
    assert len(pages) == 2
    assert "Liste de la classe 4A — page 1 sur 2" in pages[0] and "page 2 sur 2" in pages[1]
    text = "\n".join(pages)
    usernames = [line.split()[1] for line in out.splitlines()[:60]]
    assert all(name in text for name in usernames)
    assert not any(imported[name] in text for name in usernames)
    assert "60 élèves" in pages[0] and "Année scolaire 2025-2026" in pages[0]


def test_an_unknown_class_or_a_class_with_no_active_pupil_is_a_french_error(capsys, imported, tmp_path):
    code, out, err = run(capsys, "accounts", "class-list", "9Z", "--pdf", tmp_path / "x.pdf")
    assert code == 1 and out == ""
    assert "La classe « 9Z » n'existe pas" in err and "4A, 4B" in err
    assert not (tmp_path / "x.pdf").exists()
    # 4B's pupils left: the class is still known (their suspended accounts) but lists nobody.
    with Directory.open() as directory, directory.transaction() as conn:
        conn.execute("UPDATE accounts SET status = 'suspended' WHERE class_code = '4B'")
    code, _, err = run(capsys, "accounts", "class-list", "4B")
    assert code == 1 and "Aucun élève actif dans la classe « 4B »" in err


def test_reprint_writes_the_held_slips_and_names_the_ones_no_longer_held(capsys, imported, tmp_path):
    with Directory.open() as directory:
        first, second, third = (a.username for a in directory.list_accounts(class_code="4B")[:3])
    reset = run_json(capsys, "accounts", "reset-password", first)
    with Directory.open() as directory:
        directory.purge_batch(1)  # the import's passwords are gone; the reset's remain
    pdf = tmp_path / "reprise.pdf"
    code, out, err = run(capsys, "accounts", "reprint", first, second, third, "--pdf", pdf)
    assert code == 0, err
    assert "(1 fiche(s), 1 page(s) ; lot(s) n° 2)" in out
    assert f"Mot de passe plus conservé pour : {second}, {third}." in out and "reset-password" in out
    [text] = _pdf_text(pdf)
    assert reset["password"] in text and first in text and second not in text


def test_reprint_json_and_the_one_slip_layout(capsys, imported, tmp_path):
    with Directory.open() as directory:
        one, other = (a.username for a in directory.list_accounts(class_code="4B")[:2])
    run_json(capsys, "settings", "set", "--single", "letter")
    pdf = tmp_path / "une.pdf"
    data = run_json(capsys, "accounts", "reprint", one, "--pdf", pdf)
    assert data == {"pdf": {"path": str(pdf), "pages": 1, "slips": 1}, "usernames": [one], "missing": [],
                    "batch_ids": [1]}
    [text] = _pdf_text(pdf)
    assert TITLE_FR in text and imported[one] in text
    data = run_json(capsys, "accounts", "reprint", one, other, "--pdf", pdf, "--per-page", "8")
    assert data["pdf"] == {"path": str(pdf), "pages": 1, "slips": 2}
    assert TITLE_FR not in _pdf_text(pdf)[0]


def test_reprint_with_no_password_held_fails_and_says_what_to_do(capsys, imported, tmp_path):
    username = next(iter(imported))
    with Directory.open() as directory:
        directory.purge_batch(1)
    pdf = tmp_path / "rien.pdf"
    code, out, err = run(capsys, "accounts", "reprint", username, "--pdf", pdf)
    assert code == 1 and out == ""
    assert "Aucun des comptes demandés n'a plus de mot de passe conservé" in err
    assert "accounts reset-password" in err and not pdf.exists()
    code, _, err = run(capsys, "accounts", "reprint", "personne.inconnue", "--pdf", pdf)
    assert code == 1 and "Aucun compte ne porte l'identifiant « personne.inconnue »" in err
