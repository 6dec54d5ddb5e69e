"""Reading STS-web « Emplois du temps » exports: fields, encodings, kinds, and the wrong files explained."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest

from elea_desktop.errors import ExportError
from elea_desktop.exports import STAFF, STUDENTS, kind_of, read_any
from elea_desktop.sts.model import function_label
from elea_desktop.sts.reader import parse_iso_date, read_staff_export
from tests.siecle_factory import FakePupil, build_xml, build_zip
from tests.sts_factory import FakeStaff, build_sts_xml, build_sts_zip, generate_staff

NAME = "sts_emp_0750680G_2025.zip"


def test_a_real_shaped_export_is_read_with_its_parameters_and_people():
    staff = [
        FakeStaff("101", "DUPONT", "Marie", function="ENS", birth_date="1975-06-30", family_name="LEROY",
                  civility="MME", sex="2"),
        FakeStaff("102", "KARIM", "Saïd", function="EDU", type="local"),
        FakeStaff("103", "NOEL", "Anne", function="DOC"),
        FakeStaff("104", "PROVISEUR", "Jean", function="DIR"),
    ]
    export = read_any(build_sts_zip(staff), name=NAME)
    assert kind_of(export) == STAFF and export.kind == "staff"
    assert (export.uai, export.school_year) == ("0750680G", 2025)
    assert export.exported_at == datetime(2025, 9, 12, 10, 35, 48)
    assert export.staff_total == 4 and export.functions() == {"DIR": 1, "DOC": 1, "EDU": 1, "ENS": 1}
    marie = export.staff[0]
    # NOM_USAGE is the name in use; NOM_PATRONYMIQUE the family name (kept for matching).
    assert (marie.family_name, marie.usage_name, marie.last_name) == ("LEROY", "DUPONT", "DUPONT")
    assert marie.birth_date == date(1975, 6, 30) and marie.civility == "MME" and marie.sex == "2"
    assert [m.type for m in export.staff] == ["epp", "local", "epp", "epp"]
    assert export.warnings == ()


def test_teachers_named_in_the_services_are_not_people_of_the_file():
    export = read_any(build_sts_xml(generate_staff(5)), name="sts_emp_0750680G_2025.xml")
    assert export.staff_total == 5
    assert all(m.first_name != "piège" for m in export.staff)


def test_without_fonction_the_person_is_read_with_a_warning_and_not_selected():
    staff = [FakeStaff("1", "LONGUE", "Absence", function=None), FakeStaff("2", "PROF", "Paul")]
    export = read_any(build_sts_zip(staff), name=NAME)
    assert [n.code for n in export.warnings] == ["staff_without_function"]
    assert export.warnings[0].as_dict()["individu_id"] == "1"
    assert [m.sts_id for m in export.selected(["ENS", "EDU"])] == ["2"]
    assert export.functions() == {"ENS": 1}


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "ISO-8859-15", "UTF-8"])
def test_declared_encodings_are_respected(encoding):
    name = "ŒUVRARD" if encoding != "ISO-8859-1" else "LEFÈVRE"
    export = read_any(build_sts_xml([FakeStaff("1", name, "Zoé")], encoding=encoding), name="x.xml")
    assert (export.staff[0].last_name, export.staff[0].first_name) == (name, "Zoé")


def test_utf8_saved_under_a_latin_declaration_is_read_as_utf8_with_a_warning():
    xml = build_sts_xml([FakeStaff("1", "LEFÈVRE", "Zoé")], encoding="UTF-8")
    xml = xml.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-15"')
    export = read_any(xml, name="sts_emp.xml")
    assert export.staff[0].last_name == "LEFÈVRE"
    assert "mislabelled_utf8" in [n.code for n in export.warnings]


def test_a_utf8_bom_is_accepted():
    xml = b"\xef\xbb\xbf" + build_sts_xml([FakeStaff("1", "ÉLIE", "Zoé")], encoding="UTF-8")
    assert read_any(xml, name="x.xml").staff[0].last_name == "ÉLIE"


def test_bad_records_are_skipped_with_their_own_warning():
    staff = [
        FakeStaff(None, "SANSID", "Paul"),
        FakeStaff("2", None, "Paul", family_name=None),
        FakeStaff("3", "DOUBLE", "Une"),
        FakeStaff("3", "DOUBLE", "Deux"),
        FakeStaff("4", "DATE", "Fausse", birth_date="1980-02-30"),
        FakeStaff("5", "INCONNU?", "Ange"),
    ]
    export = read_any(build_sts_zip(staff), name=NAME)
    assert [m.sts_id for m in export.staff] == ["3", "4", "5"]
    assert export.staff[0].first_name == "Une" and export.staff[1].birth_date is None
    assert [n.code for n in export.warnings] == [
        "missing_individu_id", "missing_name", "duplicate_individu_id", "invalid_date",
        "unencodable_character"]


def test_missing_or_odd_parameters_are_warnings():
    export = read_any(build_sts_xml([FakeStaff("1", "A", "B")], uai=None, year=None, horodatage=None),
                      name="x.xml")
    assert (export.uai, export.school_year, export.exported_at) == (None, None, None)
    assert {"missing_uai", "missing_school_year"} <= {n.code for n in export.warnings}
    export = read_any(build_sts_xml([FakeStaff("1", "A", "B")], uai="0750001A"), name="x.xml")
    assert "invalid_uai" in [n.code for n in export.warnings]


def test_the_reverse_file_is_explained_in_french():
    with pytest.raises(ExportError) as caught:
        read_any(build_sts_zip([FakeStaff("1", "A", "B")], root="EDT_STS",
                               member="emp_sts_0750680G_2025.xml"), name="emp_sts_0750680G_2025.zip")
    assert caught.value.code == "wrong_file_type"
    assert "sens inverse" in caught.value.message and "sts_emp_" in caught.value.message
    with pytest.raises(ExportError) as direct:
        read_staff_export(build_sts_xml([], root="EDT_STS"))
    assert direct.value.code == "wrong_file_type" and "EDT_STS" in direct.value.message


def test_the_kind_comes_from_the_root_not_from_the_name():
    pupils = build_zip(build_xml([FakePupil("1", "MARTIN", "Anne")]))
    assert kind_of(read_any(pupils, name="sts_emp_0750680G_2025.zip")) == STUDENTS
    staff = build_sts_zip([FakeStaff("1", "A", "B")], member="ElevesSansAdresses.xml")
    assert kind_of(read_any(staff, name="ExportXML_ElevesSansAdresses.zip")) == STAFF


def test_a_pupils_file_given_to_the_staff_reader_is_refused_with_the_right_advice():
    with pytest.raises(ExportError) as caught:
        read_staff_export(build_xml([FakePupil("1", "MARTIN", "Anne")]))
    assert caught.value.code == "wrong_file_type" and "STS-web" in caught.value.message


def test_an_unknown_root_says_what_is_expected():
    with pytest.raises(ExportError) as caught:
        read_any(b'<?xml version="1.0"?><AUTRE/>', name="sts_emp_x.xml")
    assert caught.value.code == "not_an_export" and "STS_EDT" in caught.value.message


def test_archive_refusals_of_an_sts_file_give_sts_advice():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lisez-moi.txt", "rien")
    with pytest.raises(ExportError) as caught:
        read_any(buffer.getvalue(), name=NAME)
    assert caught.value.code == "no_xml_in_archive"
    assert "STS-web" in caught.value.message and "Élèves sans adresse" not in caught.value.message


def test_iso_dates_only():
    assert parse_iso_date("1980-03-14") == date(1980, 3, 14)
    assert parse_iso_date("14/03/1980") is None and parse_iso_date("") is None


def test_functions_in_words():
    assert [function_label(c) for c in ("ENS", "EDU", "DOC", "DIR")] == [
        "Enseignant", "CPE", "Professeur documentaliste", "Direction"]
    assert function_label("ZZZ") == "Fonction ZZZ" and function_label(None) == "Sans fonction"
