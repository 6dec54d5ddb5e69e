"""What the reader makes of the content of an export, stated with the fixture generator."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import replace
from datetime import date, datetime

import pytest

from elea_desktop.errors import ExportError
from elea_desktop.siecle.model import ACTIVE, LEFT, WITHOUT_CLASS
from elea_desktop.siecle.reader import read_export
from tests.siecle_factory import FakePupil, build_xml, build_zip, fake_ine, generate_pupils, write_export


def read(pupils, today=date(2025, 9, 20), **kwargs):
    return read_export(
        build_zip(build_xml(pupils, **kwargs)), name="ExportXML_ElevesSansAdresses.zip", today=today
    )


def warnings_of(export, code):
    return [w for w in export.warnings if w.code == code]


def test_every_pupil_field_is_read():
    pupil = FakePupil(
        "1826500",
        "LECŒUR",
        "Zoé",
        birth_date="22/12/2011",
        class_code="3 A",
        ine="070832327JA",
        usage_name="DURAND-LEFÈVRE",
        first_name2="Anaïs",
        first_name3="Françoise",
        groups=("3A_LV2", "_3AP1"),
        elenoet="5496",
        sex="2",
        mef="10310019110",
    )
    export = read([pupil])
    (p,) = export.pupils
    assert p.eleve_id == "1826500" and p.elenoet == "5496" and p.ine == "070832327JA"
    assert (p.family_name, p.usage_name, p.first_name) == ("LECŒUR", "DURAND-LEFÈVRE", "Zoé")
    assert (p.first_name2, p.first_name3) == ("Anaïs", "Françoise")
    assert p.birth_date == date(2011, 12, 22) and p.sex == "2" and p.mef == "10310019110"
    assert p.class_code == "3 A" and p.groups == ("3A_LV2", "_3AP1")
    assert p.status == ACTIVE and p.exit_date is None and p.exit_reason is None
    assert p.last_name == "DURAND-LEFÈVRE"
    assert export.groups == ("3A_LV2", "_3AP1")
    assert export.warnings == ()


def test_parameters_and_digest():
    data = build_zip(
        build_xml(
            generate_pupils(3),
            uai="0752387M",
            school_year=2025,
            export_date="15/09/2025",
            horodatage="15/09/2025 19:01:46",
        )
    )
    export = read_export(data, name="x.zip")
    assert export.uai == "0752387M" and export.school_year == 2025
    assert export.export_date == date(2025, 9, 15)
    assert export.exported_at == datetime(2025, 9, 15, 19, 1, 46)
    assert export.digest == hashlib.sha256(data).hexdigest()
    assert export.source_name == "x.zip"


def test_exported_at_falls_back_to_the_export_date():
    export = read(generate_pupils(2), export_date="01/10/2025", horodatage="")
    assert export.exported_at == datetime(2025, 10, 1, 0, 0)


def test_reads_from_a_path(tmp_path):
    path = write_export(tmp_path / "ExportXML_ElevesSansAdresses.zip", generate_pupils(30))
    export = read_export(path)
    assert export.students_total == 30
    assert export.source_name == "ExportXML_ElevesSansAdresses.zip"
    assert export.digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_bare_xml_is_accepted(tmp_path):
    path = write_export(tmp_path / "ElevesSansAdresses.xml", generate_pupils(4))
    assert read_export(path).students_total == 4


def test_invalid_uai_is_a_warning_not_a_refusal():
    export = read(generate_pupils(2), uai="0750001A")
    assert [w.code for w in export.warnings] == ["invalid_uai"]
    assert "0750001A" in export.warnings[0].message
    assert read(generate_pupils(2), uai="0750680G").warnings == ()


def test_missing_parameters_are_warnings():
    export = read(generate_pupils(2), uai=None, school_year=None, export_date=None, horodatage="")
    assert {w.code for w in export.warnings} >= {"missing_uai", "missing_school_year", "missing_export_date"}
    assert export.uai is None and export.school_year is None and export.exported_at is None
    assert export.school_year_label == "inconnue"


def test_class_comes_from_the_division_never_from_last_year():
    pupils = [FakePupil("1", "A", "B", class_code="4B", groups=("4B_ESP",))]
    for kwargs in ({}, {"groups_first": True}, {"structures_first": True}):
        (p,) = read(pupils, last_year_structure="5Z", **kwargs).pupils
        assert p.class_code == "4B" and p.groups == ("4B_ESP",)


def test_no_division_means_without_class_even_with_last_year_structure():
    pupils = [
        FakePupil("1", "A", "B", class_code=None, groups=("LATIN",)),
        FakePupil("2", "C", "D", class_code=None),
    ]
    export = read(pupils, last_year_structure="4A")
    assert [p.status for p in export.pupils] == [WITHOUT_CLASS, WITHOUT_CLASS]
    assert [p.class_code for p in export.pupils] == [None, None]
    assert export.pupils[0].groups == ("LATIN",)
    assert export.classes() == {}


def test_inactifs_is_not_a_class():
    (p,) = read([FakePupil("1", "A", "B", class_code="Inactifs")]).pupils
    assert p.class_code is None and p.status == WITHOUT_CLASS


def test_several_divisions_take_the_last_and_warn():
    export = read([FakePupil("7", "MARTIN", "Léa", class_code="4C", earlier_divisions=("4A",))])
    assert export.pupils[0].class_code == "4C"
    (warning,) = warnings_of(export, "several_divisions")
    assert warning.eleve_id == "7" and "« 4A »" in warning.message and "« 4C »" in warning.message


def test_file_without_structures_block_warns():
    export = read(generate_pupils(3), with_structures_block=False)
    assert all(p.status == WITHOUT_CLASS for p in export.pupils)
    assert warnings_of(export, "no_structures")


def test_leavers_past_today_and_future():
    pupils = [
        FakePupil("1", "A", "Anne", exit_date="01/09/2025", exit_reason="42"),
        FakePupil("2", "B", "Bob", exit_date="15/09/2025"),  # the export day itself: left
        FakePupil("3", "C", "Cléa", exit_date="30/06/2026"),
        FakePupil("4", "D", "Dan", exit_date="01/07/2025", class_code=None),
        FakePupil("5", "E", "Eve"),
    ]
    export = read(pupils, export_date="15/09/2025", today=date(2030, 1, 1))
    status = {p.eleve_id: p.status for p in export.pupils}
    assert status == {"1": LEFT, "2": LEFT, "3": ACTIVE, "4": LEFT, "5": ACTIVE}
    assert export.pupils[0].exit_reason == "42" and export.pupils[0].exit_date == date(2025, 9, 1)
    assert [w.eleve_id for w in warnings_of(export, "future_exit_date")] == ["3"]
    assert (export.count(ACTIVE), export.count(LEFT), export.count(WITHOUT_CLASS)) == (2, 3, 0)
    assert export.classes() == {"4A": 2}


def test_without_export_date_leavers_are_judged_against_today():
    pupils = [FakePupil("1", "A", "Anne", exit_date="01/10/2025")]
    kwargs = {"export_date": None, "horodatage": ""}
    assert read(pupils, today=date(2025, 9, 30), **kwargs).pupils[0].status == ACTIVE
    assert read(pupils, today=date(2025, 10, 1), **kwargs).pupils[0].status == LEFT


def test_duplicate_eleve_id_is_refused():
    with pytest.raises(ExportError) as caught:
        read([FakePupil("42", "A", "B"), FakePupil("42", "C", "D")])
    assert caught.value.code == "duplicate_eleve_id" and "42" in caught.value.message


def test_pupils_without_names_are_skipped_with_a_warning():
    pupils = [FakePupil("1", "", "Anne"), FakePupil("2", "DUPONT", None), FakePupil("3", "DURAND", "Eve")]
    export = read(pupils)
    assert [p.eleve_id for p in export.pupils] == ["3"]
    assert [w.eleve_id for w in warnings_of(export, "missing_name")] == ["1", "2"]


def test_missing_and_duplicate_ine():
    pupils = [
        FakePupil("1", "A", "Anne", ine=""),
        FakePupil("2", "B", "Bob", ine="123456789AB"),
        FakePupil("3", "C", "Cléa", ine="123456789AB"),
        FakePupil("4", "D", "Dan", ine="", exit_date="01/07/2025"),
    ]
    export = read(pupils)
    assert [w.eleve_id for w in warnings_of(export, "missing_ine")] == ["1"]  # leavers do not matter
    assert sorted(w.eleve_id for w in warnings_of(export, "duplicate_ine")) == ["2", "3"]
    assert export.pupils[0].ine is None


def test_invalid_dates_are_warned_and_ignored():
    export = read(
        [
            FakePupil("1", "A", "Anne", birth_date="31/02/2011"),
            FakePupil("2", "B", "Bob", birth_date="2011-02-01"),
        ]
    )
    assert [p.birth_date for p in export.pupils] == [None, None]
    assert [w.eleve_id for w in warnings_of(export, "invalid_date")] == ["1", "2"]


def test_optional_elements_absent_or_empty_are_both_accepted():
    absent = FakePupil("1", "A", "Anne", birth_date=None, usage_name=None, first_name2=None, mef="", sex="")
    empty = FakePupil(
        "2", "B", "Bob", usage_name="", first_name2="", first_name3="", exit_date="", exit_reason=""
    )
    export = read([absent, empty])
    for p in export.pupils:
        assert (
            p.usage_name is None and p.first_name2 is None and p.exit_date is None and p.exit_reason is None
        )
        assert p.status == ACTIVE
    assert (
        export.pupils[0].birth_date is None and export.pupils[0].mef is None and export.pupils[0].sex is None
    )


def test_whitespace_is_normalised_and_names_are_nfc():
    decomposed = unicodedata.normalize("NFD", "Zoé")
    pupil = FakePupil("1", "  LE   GOFF ", decomposed, class_code=" 4  A ")
    (p,) = read([pupil], encoding="UTF-8").pupils
    assert p.family_name == "LE GOFF"
    assert p.first_name == "Zoé" and unicodedata.is_normalized("NFC", p.first_name)
    assert p.class_code == "4 A"


def test_legacy_nom_is_read_as_family_name():
    (p,) = read([FakePupil("1", "ANCIEN", "Nom")], legacy_nom=True).pupils
    assert p.family_name == "ANCIEN"


def test_question_mark_from_siecle_is_reported():
    export = read([FakePupil("1", "NGUY?N", "Thi")])
    assert export.pupils[0].family_name == "NGUY?N"
    assert [w.eleve_id for w in warnings_of(export, "unencodable_character")] == ["1"]


def test_unknown_elements_are_ignored_silently():
    pupil = FakePupil("1", "A", "Anne", extra_xml="        <CHAMP_INCONNU>x</CHAMP_INCONNU>")
    export = read([pupil])
    assert export.students_total == 1 and export.warnings == ()


def test_pupil_without_eleve_id_is_skipped():
    export = read([FakePupil("", "A", "Anne"), FakePupil("2", "B", "Bob")])
    assert [p.eleve_id for p in export.pupils] == ["2"]
    assert warnings_of(export, "missing_eleve_id")


def test_elenoet_falls_back_to_the_attribute():
    data = build_xml([FakePupil("1", "A", "Anne", elenoet="8194")]).replace(b"<ELENOET>8194</ELENOET>", b"")
    assert read_export(data).pupils[0].elenoet == "8194"


def test_homonyms_are_kept_as_distinct_pupils():
    pupils = [FakePupil("1", "MARTIN", "Léa"), FakePupil("2", "MARTIN", "Léa")]
    export = read(pupils)
    assert [p.eleve_id for p in export.pupils] == ["1", "2"]
    assert [p.ine for p in export.pupils] == [fake_ine("1"), fake_ine("2")]


def test_avec_adresses_is_accepted_but_addresses_are_not_kept():
    export = read([FakePupil("1", "A", "Anne")], with_addresses=True)
    assert export.with_addresses and [w.code for w in export.warnings] == ["with_addresses"]
    assert "rue des Écoles" not in repr(export)


def test_empty_export_warns():
    export = read([])
    assert export.students_total == 0 and warnings_of(export, "no_pupils")


def test_large_generated_export_counts_match():
    pupils = generate_pupils(700)
    pupils[5] = replace(pupils[5], exit_date="01/07/2025")
    export = read(pupils)
    assert export.students_total == 700
    assert export.count(LEFT) == 1 and export.count(ACTIVE) == 699
    assert sum(export.classes().values()) == 699
    assert len(export.classes()) == 24
