"""The fixture generator produces what the tests say they ask for."""

from __future__ import annotations

import io
import zipfile
from collections import Counter

from lxml import etree

from tests.make_sample_export import TARGET, sample_bytes
from tests.siecle_factory import (
    DEFAULT_CLASSES,
    FakePupil,
    build_xml,
    build_zip,
    fake_ine,
    generate_pupils,
    write_export,
)


def tree(xml: bytes):
    return etree.fromstring(xml)


def test_default_export_looks_like_siecle():
    xml = build_xml([FakePupil("1", "LECŒUR", "Zoé", class_code="4A", groups=("4A_LV2",))])
    assert xml.startswith(
        b'<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES VERSION="3.0">\n  <PARAMETRES>\n'
    )
    assert b"\r" not in xml and b"\xef\xbb\xbf" not in xml
    root = tree(xml)
    assert root.findtext("PARAMETRES/UAJ") == "0750680G"
    assert root.findtext("PARAMETRES/ANNEE_SCOLAIRE") == "2025"
    assert root.findtext("PARAMETRES/DATE_EXPORT") == "15/09/2025"
    assert root.findtext("PARAMETRES/HORODATAGE") == "15/09/2025 10:42:17"
    assert [child.tag for child in root.find("DONNEES")] == ["ELEVES", "OPTIONS", "STRUCTURES", "BOURSES"]
    eleve = root.find("DONNEES/ELEVES/ELEVE")
    assert eleve.findtext("NOM_DE_FAMILLE") == "LECŒUR" and eleve.findtext("ID_NATIONAL") == fake_ine("1")
    # The trap: last year's class differs from this year's division.
    assert eleve.findtext("SCOLARITE_AN_DERNIER/CODE_STRUCTURE") == "5A"
    kinds = [
        s.findtext("TYPE_STRUCTURE") for s in root.iterfind("DONNEES/STRUCTURES/STRUCTURES_ELEVE/STRUCTURE")
    ]
    assert kinds == ["D", "G"]


def test_layout_options():
    pupils = [FakePupil("1", "A", "B", groups=("G1",))]
    root = tree(build_xml(pupils, groups_first=True, structures_first=True))
    assert [c.tag for c in root.find("DONNEES")][:2] == ["STRUCTURES", "ELEVES"]
    assert [s.findtext("TYPE_STRUCTURE") for s in root.iter("STRUCTURE")] == ["G", "D"]
    legacy = tree(build_xml(pupils, legacy_nom=True)).find("DONNEES/ELEVES/ELEVE")
    assert legacy.findtext("NOM") == "A" and legacy.find("NOM_DE_FAMILLE") is None
    avec = tree(build_xml(pupils, with_addresses=True))
    assert avec.find("DONNEES/ADRESSES/ADRESSE") is not None
    assert tree(build_xml(pupils, root="BEE_RESPONSABLES")).tag == "BEE_RESPONSABLES"
    assert tree(build_xml(pupils, last_year_structure="")).find(".//SCOLARITE_AN_DERNIER") is None
    assert tree(build_xml(pupils, horodatage="")).find("PARAMETRES/HORODATAGE") is None
    assert tree(build_xml(pupils, with_structures_block=False)).find("DONNEES/STRUCTURES") is None


def test_encoding_options():
    pupils = [FakePupil("1", "CŒUR", "Zoé")]
    assert b"C\xbcUR" in build_xml(pupils)
    mislabelled = build_xml(pupils, encoding="UTF-8", declared_encoding="ISO-8859-15")
    assert (
        mislabelled.startswith(b'<?xml version="1.0" encoding="ISO-8859-15"?>')
        and "CŒUR".encode() in mislabelled
    )
    assert build_xml(pupils, encoding="UTF-8", bom=True).startswith(b"\xef\xbb\xbf<?xml")


def test_optional_pupil_elements():
    eleve = tree(
        build_xml([FakePupil("1", "A", "B", ine="", birth_date=None, usage_name="", class_code=None)])
    )
    pupil = eleve.find("DONNEES/ELEVES/ELEVE")
    assert pupil.find("ID_NATIONAL") is None and pupil.find("DATE_NAISS") is None
    assert pupil.find("NOM_USAGE") is not None and pupil.findtext("NOM_USAGE") == ""
    assert eleve.find("DONNEES/STRUCTURES/STRUCTURES_ELEVE") is None
    several = tree(build_xml([FakePupil("1", "A", "B", class_code="4B", earlier_divisions=("4A",))]))
    assert [s.findtext("CODE_STRUCTURE") for s in several.iter("STRUCTURE")] == ["4A", "4B"]


def test_generated_pupils_are_deterministic_and_realistic():
    pupils = generate_pupils(672)
    assert pupils == generate_pupils(672) and pupils != generate_pupils(672, seed=1)
    assert [p.eleve_id for p in pupils[:3]] == ["1", "2", "3"]
    assert generate_pupils(2, id_start=500)[1].eleve_id == "501"
    assert Counter(p.class_code for p in pupils) == {code: 28 for code in DEFAULT_CLASSES}
    text = " ".join(f"{p.family_name} {p.first_name} {p.usage_name or ''}" for p in pupils)
    for needle in ("é", "ï", "Œ", "ç", "-", "'"):
        assert needle in text, needle
    assert any(p.usage_name for p in pupils)
    names = Counter((p.family_name, p.first_name) for p in pupils)
    assert any(count > 1 for count in names.values())  # homonyms
    assert len({p.ine or fake_ine(p.eleve_id) for p in pupils}) == 672


def test_given_classes_are_filled_evenly():
    assert Counter(p.class_code for p in generate_pupils(60, classes=["6A", "5B", "4C"])) == {
        "6A": 20,
        "5B": 20,
        "4C": 20,
    }


def test_zip_and_written_export(tmp_path):
    xml = build_xml(generate_pupils(3))
    archive = zipfile.ZipFile(io.BytesIO(build_zip(xml, extra={"__MACOSX/._x": b"x"})))
    assert [i.filename for i in archive.infolist()] == ["ElevesSansAdresses.xml", "__MACOSX/._x"]
    assert archive.infolist()[0].compress_type == zipfile.ZIP_DEFLATED
    assert archive.read("ElevesSansAdresses.xml") == xml
    path = write_export(tmp_path / "ExportXML_ElevesSansAdresses.zip", generate_pupils(3))
    assert zipfile.is_zipfile(path)
    assert write_export(tmp_path / "ElevesSansAdresses.xml", generate_pupils(3)).read_bytes() == xml


def test_shipped_sample_is_up_to_date():
    assert TARGET.read_bytes() == sample_bytes(), "run tests/make_sample_export.py"
