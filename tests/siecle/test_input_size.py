"""A file too large to be an export is refused before it is unpacked, worded for the kind of file."""

from __future__ import annotations

import pytest

from elea_desktop.errors import ExportError
from elea_desktop.exports import read_any
from elea_desktop.siecle.reader import MAX_INPUT_BYTES, read_export
from elea_desktop.sts.reader import read_staff_export

TOO_LARGE = bytes(MAX_INPUT_BYTES + 1)


@pytest.mark.parametrize(("read", "name", "kind"), [
    (read_export, "ExportXML_ElevesSansAdresses.zip", "SIECLE"),
    (read_any, "ExportXML_ElevesSansAdresses.zip", "SIECLE"),
    (read_staff_export, "sts_emp_0931234L_2025.xml", "STS-web"),
    (read_any, "sts_emp_0931234L_2025.xml", "STS-web"),
])
def test_too_large_bytes_are_refused_in_the_kind_s_words(read, name, kind):
    with pytest.raises(ExportError) as caught:
        read(TOO_LARGE, name=name)
    assert caught.value.code == "file_too_large"
    assert caught.value.message == f"Le fichier « {name} » est trop volumineux pour être un export {kind}."


@pytest.mark.parametrize(("read", "name", "kind"), [
    (read_export, "ExportXML_ElevesSansAdresses.zip", "SIECLE"),
    (read_staff_export, "sts_emp_0931234L_2025.xml", "STS-web"),
    (read_any, "sts_emp_0931234L_2025.xml", "STS-web"),
])
def test_a_too_large_file_is_refused_from_its_size_alone(tmp_path, read, name, kind):
    path = tmp_path / name
    with path.open("wb") as stream:
        stream.truncate(MAX_INPUT_BYTES + 1)  # sparse: nothing is written, the size is all that is read
    with pytest.raises(ExportError) as caught:
        read(path)
    assert caught.value.code == "file_too_large"
    assert f"trop volumineux pour être un export {kind} (plus de 64 Mo)" in caught.value.message
