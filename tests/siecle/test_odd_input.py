"""Odd input found by the attack battery (issue 12, items 9-11): each was read without a word before."""

from __future__ import annotations

import json
from datetime import date

from elea_desktop.policies.usernames import base_username
from elea_desktop.siecle.reader import read_export
from tests.cli.helpers import run
from tests.siecle_factory import FakePupil, build_xml, write_export


def _cp1252_declared_latin9(pupils) -> bytes:
    """What an editor produces when it saves as Windows-1252 and keeps the ISO-8859-15 declaration."""
    xml = build_xml(pupils, encoding="utf-8", declared_encoding="ISO-8859-15").decode("utf-8")
    return xml.encode("cp1252")


def test_windows_1252_mislabelled_as_latin9_is_read_as_windows_1252_with_a_warning(tmp_path):
    path = tmp_path / "export.xml"
    path.write_bytes(_cp1252_declared_latin9([FakePupil("1", "CŒUR", "Jules"),
                                             FakePupil("2", "D’ALMEIDA", "Léa")]))
    export = read_export(path)
    assert [p.family_name for p in export.pupils] == ["CŒUR", "D’ALMEIDA"]
    assert "mislabelled_cp1252" in [w.code for w in export.warnings]
    assert base_username("Jules", export.pupils[0].family_name, None) == "jules.coeur"


def test_control_and_bidi_override_characters_are_stripped_with_a_warning_naming_the_pupil(tmp_path):
    path = write_export(tmp_path / "export.zip", [
        FakePupil("1", "DUPONT\u202e", "Lou\u0092is", usage_name="MAR\u200fTIN"),
        FakePupil("2", "PETIT", "Anna"),
    ], encoding="UTF-8")  # C0 controls are not even XML; C1 and bidi marks are
    export = read_export(path)
    louis = export.pupils[0]
    assert (louis.family_name, louis.first_name, louis.usage_name) == ("DUPONT", "Louis", "MARTIN")
    warnings = [w for w in export.warnings if w.code == "control_character"]
    assert [w.eleve_id for w in warnings] == ["1"]
    assert "Louis DUPONT" in warnings[0].message


def test_a_removed_invisible_character_leaves_no_double_space():
    """Found by hypothesis: "0 \u202e 0" became "0  0" (spaces collapsed before the character was removed)."""
    xml = build_xml([FakePupil("1", "LE \u202e GALL", "Zoé")], encoding="UTF-8")
    (pupil,) = read_export(xml, name="ElevesSansAdresses.xml", today=date(2025, 9, 20)).pupils
    assert pupil.family_name == "LE GALL"


def test_implausible_birth_dates_are_warned(tmp_path):
    path = write_export(tmp_path / "export.zip", [
        FakePupil("1", "FUTUR", "Léo", birth_date="01/01/2031"),
        FakePupil("2", "ANCIEN", "Max", birth_date="01/01/1850"),
        FakePupil("3", "NORMAL", "Eva", birth_date="01/01/2012"),
        FakePupil("4", "IMPOSSIBLE", "Zoé", birth_date="31/02/2012"),
    ], export_date="15/09/2025")
    export = read_export(path, today=date(2025, 9, 16))
    by_code = {}
    for warning in export.warnings:
        by_code.setdefault(warning.code, []).append(warning.eleve_id)
    assert sorted(by_code["implausible_birth_date"]) == ["1", "2"]
    assert by_code["invalid_date"] == ["4"]
    assert next(p for p in export.pupils if p.eleve_id == "1").birth_date == date(2031, 1, 1)


def test_an_invalid_uai_is_read_by_inspect_but_refused_by_import(capsys, tmp_path, data_dir):
    path = write_export(tmp_path / "export.zip", [FakePupil("1", "DUPONT", "Louis")],
                        uai="../../../../tmp/evil")
    code, out, err = run(capsys, "inspect", path, "--json")
    assert code == 0, err
    assert "invalid_uai" in [w["code"] for w in json.loads(out)["warnings"]]
    code, out, err = run(capsys, "import", path, "--json")
    assert code == 3 and out == ""
    assert "« ../../../../tmp/evil » du fichier n'est pas un UAI valide" in err
    code, out, _ = run(capsys, "accounts", "--json")
    assert code == 0 and json.loads(out) == []  # nothing created, nothing bound
    code, out, err = run(capsys, "settings", "--json")
    assert "evil" not in out
