"""``settings set --single`` and what it changes in a one-slip print from the command line."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from elea_desktop.credentials.sheets_letter import TITLE_FR
from tests.cli.helpers import run, run_json
from tests.importer.helpers import year_kwargs
from tests.siecle_factory import generate_pupils, write_export


def test_set_and_show_the_one_slip_layout(capsys):
    assert run_json(capsys, "settings")["sheet_single"] == "slip"
    code, out, _ = run(capsys, "settings")
    assert code == 0 and "Une seule fiche à imprimer : la fiche seule en haut de la page [slip]" in out
    assert run_json(capsys, "settings", "set", "--single", "letter")["sheet_single"] == "letter"
    code, out, _ = run(capsys, "settings")
    assert "Une seule fiche à imprimer : une fiche individuelle pleine page [letter]" in out


def test_an_unknown_layout_is_refused_by_the_command_line(capsys):
    with pytest.raises(SystemExit) as stopped:
        run(capsys, "settings", "set", "--single", "affiche")
    assert stopped.value.code == 2
    assert run_json(capsys, "settings")["sheet_single"] == "slip"


def test_a_new_password_prints_as_a_letter_when_the_setting_says_so(capsys, tmp_path):
    run_json(capsys, "import", write_export(tmp_path / "y1.zip", generate_pupils(4, classes=["6A"]),
                                            **year_kwargs(2025)))
    username = run_json(capsys, "accounts")[0]["username"]
    slip, letter = tmp_path / "fiche.pdf", tmp_path / "lettre.pdf"
    run_json(capsys, "accounts", "reset-password", username, "--pdf", slip)
    assert TITLE_FR not in PdfReader(slip).pages[0].extract_text()
    run_json(capsys, "settings", "set", "--single", "letter")
    reset = run_json(capsys, "accounts", "reset-password", username, "--pdf", letter)
    [page] = PdfReader(letter).pages
    text = page.extract_text()
    assert TITLE_FR in text and reset["password"] in text and username in text
