"""How the reader finds the XML in what the user gives it (zip as downloaded, re-zipped, bare XML)."""

from __future__ import annotations

import io
import zipfile

import pytest

from elea_desktop.errors import ExportError
from elea_desktop.siecle.archive import MAX_ENTRIES
from elea_desktop.siecle.reader import read_export
from tests.siecle_factory import build_xml, build_zip, generate_pupils

XML = build_xml(generate_pupils(5))


def refused(data: bytes, name: str = "ExportXML_ElevesSansAdresses.zip") -> ExportError:
    with pytest.raises(ExportError) as caught:
        read_export(data, name=name)
    return caught.value


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_macos_resource_forks_and_dot_files_are_ignored():
    data = build_zip(
        XML,
        extra={
            "__MACOSX/._ElevesSansAdresses.xml": b"\x00\x05\x16\x07 not xml",
            ".DS_Store": b"\x00\x00",
            "dossier/.cache/ElevesSansAdresses.xml": b"<broken",
        },
    )
    assert read_export(data).students_total == 5


def test_member_is_matched_case_insensitively_in_a_folder():
    data = zip_of({"Export SIECLE/ELEVESSANSADRESSES.XML": XML, "lisez-moi.txt": b"bonjour"})
    assert read_export(data).students_total == 5


def test_a_single_renamed_xml_member_is_read():
    assert read_export(zip_of({"export.xml": XML})).students_total == 5


def test_expected_member_wins_over_another_xml():
    assert read_export(zip_of({"Nomenclature.xml": b"<BEE_NOMENCLATURES/>", "ElevesSansAdresses.xml": XML}))


def test_several_candidate_xml_are_ambiguous():
    error = refused(zip_of({"a.xml": XML, "b.xml": XML}))
    assert error.code == "ambiguous_archive" and "« a.xml »" in error.message


def test_archive_without_xml_is_refused():
    assert refused(zip_of({"notes.txt": b"rien"})).code == "no_xml_in_archive"


def test_one_level_of_nested_zip_is_accepted_but_not_two():
    inner = build_zip(XML)
    assert read_export(zip_of({"ExportXML_ElevesSansAdresses.zip": inner})).students_total == 5
    twice = zip_of({"outer.zip": zip_of({"inner.zip": inner})})
    assert refused(twice).code == "no_xml_in_archive"


def test_stored_member_is_accepted():
    assert read_export(build_zip(XML) and zip_of({"ElevesSansAdresses.xml": XML}, zipfile.ZIP_STORED))


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_unsupported_compression_is_refused(compression):
    error = refused(zip_of({"ElevesSansAdresses.xml": XML}, compression))
    assert error.code == "unsupported_compression"


def test_too_many_entries_are_refused():
    members = {f"f{i}.txt": b"x" for i in range(MAX_ENTRIES)}
    members["ElevesSansAdresses.xml"] = XML
    error = refused(zip_of(members))
    assert error.code == "too_many_entries" and str(MAX_ENTRIES + 1) in error.message


def test_bare_xml_with_any_name_is_accepted():
    assert read_export(XML, name="eleves.xml").students_total == 5
    assert read_export(XML).students_total == 5


def test_crc_error_is_refused():
    data = bytearray(zip_of({"ElevesSansAdresses.xml": XML}, zipfile.ZIP_STORED))
    position = data.find(b"<ELEVES>")
    data[position + 1] = ord("X")  # same size, different content
    error = refused(bytes(data))
    assert error.code == "corrupt_archive" and "contrôle" in error.message


def test_missing_file_and_directory_are_refused(tmp_path):
    with pytest.raises(ExportError) as caught:
        read_export(tmp_path / "absent.zip")
    assert caught.value.code == "file_not_found" and "absent.zip" in caught.value.message
    with pytest.raises(ExportError) as caught:
        read_export(tmp_path)
    assert caught.value.code == "file_unreadable"


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "ExportXML_ElevesSansAdresses.zip"
    path.write_bytes(b"")
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert caught.value.code == "empty_file"


def test_reading_writes_nothing_to_disk(tmp_path, monkeypatch):
    path = tmp_path / "ExportXML_ElevesSansAdresses.zip"
    path.write_bytes(build_zip(XML))
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    read_export(path)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
