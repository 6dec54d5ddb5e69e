"""Encodings: Latin-9 as exported, UTF-8 mislabelled by an editor, BOMs, Latin-1 lies."""

from __future__ import annotations

import pytest

from elea_desktop.errors import ExportError
from elea_desktop.siecle.encoding import declared_encoding, fix_latin9, prepare
from elea_desktop.siecle.reader import read_export
from tests.siecle_factory import FakePupil, build_xml, build_zip

PUPILS = [FakePupil("1", "LECŒUR", "Cœlia"), FakePupil("2", "BÉNÉZET", "Anaïs", usage_name="FRANÇOIS")]
EXPECTED = [("LECŒUR", "Cœlia"), ("BÉNÉZET", "Anaïs")]


def names(export):
    return [(p.family_name, p.first_name) for p in export.pupils]


def test_latin9_oe_bytes_are_decoded_as_declared():
    xml = build_xml(PUPILS)
    assert b"LEC\xbcUR" in xml and b"C\xbdlia" in xml  # Œ and œ exist only in Latin-9
    export = read_export(build_zip(xml))
    assert names(export) == EXPECTED
    assert export.pupils[1].usage_name == "FRANÇOIS"
    assert export.warnings == ()


def test_mislabelled_utf8_is_read_as_utf8_with_a_warning():
    xml = build_xml(PUPILS, encoding="UTF-8", declared_encoding="ISO-8859-15")
    assert declared_encoding(xml) == "ISO-8859-15"
    export = read_export(build_zip(xml))
    assert names(export) == EXPECTED  # never "LECÅ\x92UR" or "BÃ\x89NÃ\x89ZET"
    assert [w.code for w in export.warnings] == ["mislabelled_utf8"]
    assert "UTF-8" in export.warnings[0].message and "ISO-8859-15" in export.warnings[0].message


def test_utf8_with_bom_is_accepted():
    export = read_export(build_zip(build_xml(PUPILS, encoding="UTF-8", bom=True)))
    assert names(export) == EXPECTED and export.warnings == ()


def test_bom_wins_over_a_latin9_declaration():
    xml = build_xml(PUPILS, encoding="UTF-8", declared_encoding="ISO-8859-15", bom=True)
    assert names(read_export(xml)) == EXPECTED


def test_utf8_without_declaration_is_accepted():
    xml = build_xml(PUPILS, encoding="UTF-8").split(b"\n", 1)[1]
    assert names(read_export(xml)) == EXPECTED


@pytest.mark.parametrize("declared", ["ISO-8859-1", "windows-1252", "iso-8859-15"])
def test_other_single_byte_declarations_are_honoured(declared):
    pupils = [FakePupil("1", "BÉNÉZET", "Anaïs")]
    export = read_export(build_xml(pupils, encoding=declared))
    assert names(export) == [("BÉNÉZET", "Anaïs")] and export.warnings == ()


def test_characters_latin9_cannot_hold_become_question_marks_and_are_reported():
    export = read_export(build_xml([FakePupil("1", "NGUYỄN", "Thị")]))
    assert names(export) == [("NGUY?N", "Th?")]
    assert [w.code for w in export.warnings] == ["unencodable_character"]


def test_latin1_bytes_declared_utf8_are_refused_not_mangled():
    xml = build_xml(PUPILS[1:], encoding="ISO-8859-1", declared_encoding="UTF-8")
    with pytest.raises(ExportError) as caught:
        read_export(xml)
    assert caught.value.code == "unsupported_encoding"


def test_latin9_is_parsed_as_latin1_and_mapped_back_exactly():
    xml = build_xml(PUPILS)
    prepared = prepare(xml)
    assert prepared.notices == [] and prepared.latin9_as_latin1
    assert prepared.data.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert prepared.data[60:] == xml[61:]  # only the declaration changed
    every_byte = bytes(range(0xA0, 0x100)).decode("latin-1")
    assert fix_latin9(every_byte) == bytes(range(0xA0, 0x100)).decode("iso8859_15")
    assert fix_latin9("ascii only") == "ascii only"


def test_mislabelled_utf8_is_redeclared():
    prepared = prepare(build_xml(PUPILS, encoding="UTF-8", declared_encoding="ISO-8859-15"))
    assert (
        prepared.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>') and not prepared.latin9_as_latin1
    )
    assert [n.code for n in prepared.notices] == ["mislabelled_utf8"]


@pytest.mark.parametrize("declared", ["ISO-8859-15", "UTF-8", None])
def test_the_bom_is_handled_before_the_parser_sees_the_bytes(declared):
    """libxml2 2.11 (lxml's Windows wheel) follows the declaration after a BOM, 2.14 does not: the
    parser must get bytes whose meaning does not depend on that, i.e. no BOM and a UTF-8 declaration."""
    xml = build_xml(PUPILS, encoding="UTF-8", declared_encoding=declared or "UTF-8", bom=True)
    if declared is None:
        xml = b"\xef\xbb\xbf" + xml[3:].split(b"\n", 1)[1]
    prepared = prepare(xml)
    assert not prepared.data.startswith(b"\xef\xbb\xbf")
    assert declared_encoding(prepared.data) in (None, "UTF-8")
    assert prepared.data.decode("utf-8").count("LECŒUR") == 1
    assert not prepared.latin9_as_latin1 and prepared.notices == []


@pytest.mark.parametrize("slice_bytes", [1, 2, 7, 1024 * 1024])
def test_the_utf8_check_by_slices_sees_characters_cut_between_slices(monkeypatch, slice_bytes):
    from elea_desktop.siecle import encoding

    monkeypatch.setattr(encoding, "_UTF8_CHECK_BYTES", slice_bytes)
    mislabelled = build_xml(PUPILS, encoding="UTF-8", declared_encoding="ISO-8859-15")
    assert [n.code for n in prepare(mislabelled).notices] == ["mislabelled_utf8"]
    latin9 = build_xml(PUPILS)  # valid UTF-8 up to its first accent only
    assert prepare(latin9).notices == [] and prepare(latin9).latin9_as_latin1
    truncated = mislabelled[: mislabelled.index("Œ".encode()) + 1]  # the file ends inside a character
    assert prepare(truncated).notices == []
