"""The hostile-file battery, extended to STS-web files: each refused quickly, in bounded memory, worded
for staff (never the pupils' « Élèves sans adresse » advice)."""

from __future__ import annotations

import io
import zipfile

import pytest

from elea_desktop.errors import ExportError
from elea_desktop.exports import read_any
from elea_desktop.sts.reader import read_staff_export
from tests.siecle.test_hostile import MAX_SECONDS
from tests.siecle.zip_craft import deflate_of_zeros, raw_zip, set_encrypted_flag
from tests.sts_factory import FakeStaff, build_sts_xml, build_sts_zip

NAME = "sts_emp_0750680G_2025.zip"


def refused(data: bytes, name: str = NAME) -> ExportError:
    import time

    started = time.perf_counter()
    with pytest.raises(ExportError) as caught:
        read_any(data, name=name)
    assert time.perf_counter() - started < MAX_SECONDS
    message = caught.value.message
    assert message and "Traceback" not in message and "Élèves sans adresse" not in message
    # The same refusal through the STS reader itself.
    with pytest.raises(ExportError) as direct:
        read_staff_export(data, name=name)
    assert direct.value.code == caught.value.code
    return caught.value


def test_xxe_does_not_read_a_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE-SECRET")
    xml = (f'<?xml version="1.0"?>\n<!DOCTYPE STS_EDT [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
           '<STS_EDT><DONNEES><INDIVIDUS><INDIVIDU ID="1"><NOM_USAGE>&xxe;</NOM_USAGE><PRENOM>A</PRENOM>'
           "</INDIVIDU></INDIVIDUS></DONNEES></STS_EDT>").encode()
    error = refused(xml, "sts_emp.xml")
    assert error.code == "forbidden_dtd" and "MOT-DE-PASSE" not in error.message
    assert "STS-web" in error.message


def test_billion_laughs_is_refused():
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "ha"}">' for i in range(10))
    xml = f'<?xml version="1.0"?><!DOCTYPE STS_EDT [{entities}]><STS_EDT>&e9;</STS_EDT>'.encode()
    assert refused(xml, "sts_emp.xml").code == "forbidden_dtd"


def test_a_doctype_after_a_long_comment_is_still_refused():
    doctype = '<!DOCTYPE STS_EDT SYSTEM "http://example.invalid/sts.dtd">\n'
    xml = build_sts_xml([FakeStaff("1", "A", "B")], prolog="<!--" + "x" * 20000 + "-->\n" + doctype)
    assert refused(xml, "sts_emp.xml").code == "forbidden_dtd"


def test_zip_bomb_is_refused_before_inflating():
    two_gib = 2 * 1024**3
    bomb = raw_zip("sts_emp_0750680G_2025.xml", deflate_of_zeros(two_gib), file_size=two_gib, crc=0)
    assert refused(bomb).code in ("suspicious_compression", "archive_too_large")
    # A member lying about its size: stopped at the limit while inflating, not after.
    liar = raw_zip("sts_emp_0750680G_2025.xml", deflate_of_zeros(two_gib), file_size=10_000, crc=0)
    assert refused(liar).code in ("corrupt_archive", "archive_too_large", "malformed_xml")


def test_encrypted_archive_is_refused():
    data = set_encrypted_flag(build_sts_zip([FakeStaff("1", "A", "B")]))
    error = refused(data)
    assert error.code == "encrypted_archive" and "STS-web" in error.message


def test_truncated_archive_is_refused():
    data = build_sts_zip([FakeStaff(str(i), f"NOM{i}", "B") for i in range(50)])
    assert refused(data[: len(data) // 2]).code == "corrupt_archive"


def test_malformed_xml_is_refused():
    xml = build_sts_xml([FakeStaff("1", "A", "B")])[:-40]
    error = refused(xml, "sts_emp.xml")
    assert error.code == "malformed_xml" and "STS-web" in error.message


def test_latin1_bytes_under_a_utf8_declaration_are_refused():
    xml = build_sts_xml([FakeStaff("1", "LEFÈVRE", "Zoé")], encoding="ISO-8859-1")
    xml = xml.replace(b'encoding="ISO-8859-1"', b'encoding="UTF-8"')
    assert refused(xml, "sts_emp.xml").code in ("unsupported_encoding", "malformed_xml")


def test_unsafe_member_name_and_too_many_entries():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../sts_emp_0750680G_2025.xml", build_sts_xml([FakeStaff("1", "A", "B")]))
    assert refused(buffer.getvalue()).code == "unsafe_member_name"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(60):
            archive.writestr(f"f{i}.txt", "x")
    assert refused(buffer.getvalue()).code == "too_many_entries"


def test_random_bytes_and_empty_file():
    assert refused(b"\x00\x01garbage" * 10, "sts_emp.xml").code == "not_an_export"
    assert refused(b"", "sts_emp.xml").code == "empty_file"


def test_deeply_nested_unknown_blocks_stay_bounded():
    # 200,000 empty services: read past and freed as they go, not kept until the end.
    import tracemalloc

    services = "<S/>" * 200_000
    xml = build_sts_xml([FakeStaff("1", "A", "B")]).replace(b"<SERVICES>", f"<SERVICES>{services}".encode())
    tracemalloc.start()
    export = read_any(xml, name="sts_emp.xml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert export.staff_total == 1
    assert peak < 40 * 1024 * 1024, f"Python peak {peak / 1e6:.0f} MB"
