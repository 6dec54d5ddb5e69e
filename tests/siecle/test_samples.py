"""Every public sample with its expected outcome: the DossierSCO files ship in ``tests/samples/siecle``,
the Pix ones are read from ``../shared/siecle-samples`` (see both READMEs)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest

from elea_desktop.errors import ExportError
from elea_desktop.siecle.model import ACTIVE, LEFT, WITHOUT_CLASS
from elea_desktop.siecle.reader import read_export
from tests.siecle.conftest import SHARED, SHIPPED, shared_samples

PIX = "1024pix__pix__"
DOSSIERSCO = "betagouv__dossiersco__"


def codes(export) -> list[str]:
    return [w.code for w in export.warnings]


PIX_FILES = {
    f"{PIX}siecle-with-duplicate-national-student-id.xml",
    f"{PIX}siecle-with-registrations-no-longer-in-school.xml",
    f"{PIX}siecle-with-two-valid-students-and-school-year.xml",
}
SHIPPED_SHA256 = {
    f"{DOSSIERSCO}Nomenclature-2018-19.xml":
        "705ed3e8fa102b48409b941f4c88e2b80766560646716c949a9df7700b324f87",
    f"{DOSSIERSCO}Nomenclature-2019-20.xml":
        "460ac292f2101e1c21370158cc6f52535f55e4295e438c33a768c47c2e5d7d5d",
    f"{DOSSIERSCO}eleves_avec_adresse_avec_double_structure.xml":
        "22f27b99ec685a733e3e7ea28949c66e6520fc26882bf8437e5510d2db691d69",
    f"{DOSSIERSCO}eleves_avec_adresse_simple.xml":
        "2f346bb5833f481fe1bba0e5e8959ba1c9b4904318df0c719cadcbe54abea9a3",
    f"{DOSSIERSCO}responsables_avec_adresses_simple.xml":
        "d0d3f639c18b94a7c3a37898c541b3b5dab1ad447f74ba5f6eb54a48f585cef9",
}


def test_shipped_samples_are_the_upstream_bytes_with_their_licence():
    shipped = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SHIPPED.glob("*.xml")}
    assert shipped == SHIPPED_SHA256
    assert "MIT License" in (SHIPPED / "LICENSE-dossiersco.txt").read_text(encoding="utf-8")
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in SHIPPED_SHA256)


def test_every_shared_sample_has_a_test():
    shared = shared_samples()
    assert {p.name for p in shared.glob("*.xml")} == PIX_FILES | set(SHIPPED_SHA256)
    for name in SHIPPED_SHA256:
        assert (SHARED / name).read_bytes() == (SHIPPED / name).read_bytes()


def test_two_valid_students_with_latin9_oe(shared_samples_dir):
    path = shared_samples_dir / f"{PIX}siecle-with-two-valid-students-and-school-year.xml"
    export = read_export(path, today=date(2017, 1, 10))
    assert export.uai == "123ABC"
    assert export.school_year == 2016
    assert export.school_year_label == "2016-2017"
    assert export.export_date is None and export.exported_at is None
    assert [p.eleve_id for p in export.pupils] == ["0001", "0002"]
    luciole, harry = export.pupils
    assert (luciole.family_name, luciole.first_name, luciole.first_name2, luciole.first_name3) == (
        "HANDMADE",
        "Luciole",
        "Léa",
        "Lucy",
    )
    assert luciole.usage_name is None  # <NOM_USAGE></NOM_USAGE> is empty
    assert harry.first_name2 == "Cocœ"  # 0xBD in ISO-8859-15, never "Coc½"
    assert harry.usage_name == "COJAUNE" and harry.last_name == "COJAUNE"
    assert harry.birth_date == date(1994, 7, 1)
    assert harry.groups == ("42",)
    assert {p.class_code for p in export.pupils} == {"4A"}  # G listed before D for 0002
    assert export.classes() == {"4A": 2}
    assert "invalid_uai" in codes(export)
    assert export.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert export.source_name == path.name


def test_registrations_no_longer_in_school(shared_samples_dir):
    path = shared_samples_dir / f"{PIX}siecle-with-registrations-no-longer-in-school.xml"
    export = read_export(path, today=date(2020, 1, 15))
    by_id = {p.eleve_id: p for p in export.pupils}
    assert by_id["0001"].status == WITHOUT_CLASS  # no STRUCTURES_ELEVE
    assert by_id["0002"].status == WITHOUT_CLASS and by_id["0002"].class_code is None  # only "Inactifs"
    assert by_id["0003"].status == ACTIVE and by_id["0003"].class_code == "4e 1"
    assert by_id["0003"].family_name == "FRANCIS--FROUFROU" and by_id["0003"].ine is None
    assert by_id["0004"].status == WITHOUT_CLASS and by_id["0004"].groups == ("4e 1",)
    assert by_id["0005"].status == LEFT and by_id["0005"].exit_date == date(2019, 9, 1)
    assert by_id["0005"].sex is None  # no CODE_SEXE in this file
    assert export.classes() == {"4e 1": 1}
    assert export.uai == "123ABC" and export.school_year is None
    missing = [w for w in export.warnings if w.code == "missing_ine"]
    assert [w.eleve_id for w in missing] == ["0003"]
    assert "missing_export_date" in codes(export)


def test_leaver_with_no_export_date_depends_on_the_day_of_reading(shared_samples_dir):
    path = shared_samples_dir / f"{PIX}siecle-with-registrations-no-longer-in-school.xml"
    before = read_export(path, today=date(2019, 8, 31))
    pupil = next(p for p in before.pupils if p.eleve_id == "0005")
    assert pupil.status == ACTIVE
    assert any(w.code == "future_exit_date" and w.eleve_id == "0005" for w in before.warnings)


def test_duplicate_national_student_id_is_a_warning_naming_both(shared_samples_dir):
    export = read_export(shared_samples_dir / f"{PIX}siecle-with-duplicate-national-student-id.xml")
    duplicates = [w for w in export.warnings if w.code == "duplicate_ine"]
    assert sorted(w.eleve_id for w in duplicates) == ["0001", "0002"]
    assert all("00000000123" in w.message for w in duplicates)
    assert len(export.pupils) == 2
    # CODE_MEF of 0001 only exists inside SCOLARITE_AN_DERNIER: it is last year's, never read.
    assert next(p for p in export.pupils if p.eleve_id == "0001").mef is None
    assert {p.class_code for p in export.pupils} == {"4A"}


def test_avec_adresses_with_double_structure_is_accepted_with_a_warning(samples_dir):
    export = read_export(samples_dir / f"{DOSSIERSCO}eleves_avec_adresse_avec_double_structure.xml")
    assert export.with_addresses is True
    assert codes(export) == ["with_addresses"]
    assert export.uai == "0660864F" and export.school_year == 2019
    (pupil,) = export.pupils
    assert pupil.eleve_id == "1541944"
    assert pupil.class_code == "301" and pupil.groups == ("_301P1",)
    assert pupil.status == ACTIVE
    assert export.exported_at == datetime(2019, 8, 29, 9, 45, 58)
    # Addresses are never kept: no field of the export carries them.
    assert "Allée" not in repr(export)


def test_malformed_dossiersco_file_is_refused(samples_dir):
    with pytest.raises(ExportError) as caught:
        read_export(samples_dir / f"{DOSSIERSCO}eleves_avec_adresse_simple.xml")
    assert caught.value.code == "malformed_xml"
    assert "ligne 139" in caught.value.message
    assert "SIECLE" in caught.value.message


@pytest.mark.parametrize(
    ("name", "given"),
    [
        (
            f"{DOSSIERSCO}responsables_avec_adresses_simple.xml",
            "l'export des responsables (BEE_RESPONSABLES)",
        ),
        (f"{DOSSIERSCO}Nomenclature-2019-20.xml", "l'export des nomenclatures (BEE_NOMENCLATURES)"),
        (f"{DOSSIERSCO}Nomenclature-2018-19.xml", "l'export des nomenclatures (BEE_NOMENCLATURES)"),
    ],
)
def test_sibling_exports_are_refused_naming_given_and_expected(samples_dir, name, given):
    with pytest.raises(ExportError) as caught:
        read_export(samples_dir / name)
    assert caught.value.code == "wrong_file_type"
    assert caught.value.message == (
        f"Ce fichier est {given}. Il faut l'export « Élèves sans adresse » : dans SIECLE, "
        "Exportations › En XML › Élèves sans adresse."
    )
