"""Hostile or broken inputs: each is refused with the reader's own error, quickly and in bounded memory."""

from __future__ import annotations

import io
import random
import time
import tracemalloc
import zipfile

import pytest

try:
    import resource
except ImportError:  # Windows: only the Python-level and time bounds are checked there
    resource = None

from elea_desktop.errors import ExportError
from elea_desktop.siecle.reader import read_export
from tests.siecle.zip_craft import deflate_of_zeros, raw_zip, set_encrypted_flag
from tests.siecle_factory import FakePupil, build_xml, build_zip, generate_pupils

TWO_GIB = 2 * 1024**3
MAX_SECONDS = 2.0
MAX_PYTHON_BYTES = 80 * 1024 * 1024
MAX_RSS_GROWTH_KIB = 150 * 1024


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else 0


def refuse_quickly(data: bytes, name: str = "ExportXML_ElevesSansAdresses.zip") -> ExportError:
    rss_before = peak_rss_kib()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ExportError) as caught:
            read_export(data, name=name)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth = peak_rss_kib() - rss_before
    assert elapsed < MAX_SECONDS, f"took {elapsed:.2f} s"
    assert peak < MAX_PYTHON_BYTES, f"Python peak {peak / 1e6:.0f} MB"
    assert rss_growth < MAX_RSS_GROWTH_KIB, f"RSS grew by {rss_growth / 1024:.0f} MB"
    assert caught.value.message and "Traceback" not in caught.value.message
    return caught.value


def test_xxe_does_not_read_a_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE-SECRET")
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-15"?>\n'
        f'<!DOCTYPE BEE_ELEVES [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<BEE_ELEVES><DONNEES><ELEVES><ELEVE ELEVE_ID="1"><NOM_DE_FAMILLE>&xxe;</NOM_DE_FAMILLE>'
        "<PRENOM>A</PRENOM></ELEVE></ELEVES></DONNEES></BEE_ELEVES>"
    ).encode()
    error = refuse_quickly(build_zip(xml))
    assert error.code == "forbidden_dtd"
    assert "MOT-DE-PASSE-SECRET" not in error.message


def test_xxe_hidden_in_utf16_is_still_refused(tmp_path):
    # The cheap byte scan cannot see UTF-16 markup: the parser-level DOCTYPE check must.
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE-SECRET")
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        f'<!DOCTYPE BEE_ELEVES [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<BEE_ELEVES><PARAMETRES><UAJ>&xxe;</UAJ></PARAMETRES></BEE_ELEVES>"
    ).encode("utf-16")
    error = refuse_quickly(xml, name="ElevesSansAdresses.xml")
    assert error.code == "forbidden_dtd"


def test_billion_laughs_is_refused():
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE BEE_ELEVES [{entities}]>'
        "<BEE_ELEVES><PARAMETRES><UAJ>&lol9;</UAJ></PARAMETRES></BEE_ELEVES>"
    ).encode()
    assert refuse_quickly(xml, name="ElevesSansAdresses.xml").code == "forbidden_dtd"


def test_two_gib_zip_bomb_is_refused_without_inflating():
    bomb = raw_zip("ElevesSansAdresses.xml", deflate_of_zeros(TWO_GIB), file_size=TWO_GIB, crc=0)
    assert len(bomb) < 3 * 1024 * 1024
    assert refuse_quickly(bomb).code == "archive_too_large"


def test_zip_bomb_lying_about_its_size_is_refused():
    liar = raw_zip("ElevesSansAdresses.xml", deflate_of_zeros(TWO_GIB), file_size=10_000, crc=0)
    assert refuse_quickly(liar).code == "corrupt_archive"


def test_high_compression_ratio_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "ElevesSansAdresses.xml", b"<BEE_ELEVES>" + b" " * (20 * 1024 * 1024) + b"</BEE_ELEVES>"
        )
    assert refuse_quickly(buffer.getvalue()).code == "suspicious_compression"


@pytest.mark.parametrize(
    "member",
    [
        "../ElevesSansAdresses.xml",
        "/etc/ElevesSansAdresses.xml",
        "a/../../ElevesSansAdresses.xml",
        "C:/Windows/ElevesSansAdresses.xml",
        "..\\..\\ElevesSansAdresses.xml",
    ],
)
def test_path_traversal_names_are_refused(member):
    error = refuse_quickly(build_zip(build_xml(generate_pupils(2)), member=member))
    assert error.code == "unsafe_member_name"


def test_traversal_name_is_refused_even_beside_a_good_member():
    data = build_zip(build_xml(generate_pupils(2)), extra={"../../evil.txt": b"x"})
    assert refuse_quickly(data).code == "unsafe_member_name"


def test_encrypted_member_is_refused():
    data = set_encrypted_flag(build_zip(build_xml(generate_pupils(2))))
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].flag_bits & 0x1
    error = refuse_quickly(data)
    assert error.code == "encrypted_archive" and "mot de passe" in error.message


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_zip_is_refused(fraction):
    data = build_zip(build_xml(generate_pupils(50)))
    assert refuse_quickly(data[: int(len(data) * fraction)]).code == "corrupt_archive"


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.99])
def test_truncated_xml_is_refused(fraction):
    xml = build_xml(generate_pupils(50))
    error = refuse_quickly(build_zip(xml[: int(len(xml) * fraction)]))
    assert error.code == "malformed_xml"


def test_random_bytes_are_refused():
    data = random.Random(7).randbytes(20_000)
    assert refuse_quickly(data, name="export.bin").code == "not_an_export"
    assert refuse_quickly(data, name="ExportXML_ElevesSansAdresses.zip").code == "not_a_zip"


def test_pdf_renamed_zip_is_refused():
    pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    error = refuse_quickly(pdf)
    assert error.code == "not_an_export" and "PDF" in error.message


def test_empty_zip_is_refused():
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    assert refuse_quickly(buffer.getvalue()).code == "empty_archive"


def test_excessive_nesting_is_refused():
    xml = b"<BEE_ELEVES>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</BEE_ELEVES>"
    assert refuse_quickly(xml, name="ElevesSansAdresses.xml").code == "malformed_xml"


def test_unknown_encoding_is_refused():
    xml = build_xml([FakePupil("1", "A", "B")], declared_encoding="x-macthai")
    assert refuse_quickly(xml, name="ElevesSansAdresses.xml").code == "unsupported_encoding"


def test_unknown_root_is_refused_naming_it():
    error = refuse_quickly(b'<?xml version="1.0"?><html><body/></html>', name="page.xml")
    assert error.code == "not_an_export" and "« html »" in error.message and "BEE_ELEVES" in error.message
