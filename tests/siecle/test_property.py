"""Whatever bytes it is given, the reader returns an Export or raises ExportError — nothing else."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elea_desktop.errors import ExportError
from elea_desktop.siecle.model import Export
from elea_desktop.siecle.reader import read_export
from tests.siecle_factory import FakePupil, build_xml, build_zip

VALID_XML = build_xml([FakePupil("1", "LECŒUR", "Zoé"), FakePupil("2", "MARTIN", "Léo", class_code=None)])
VALID_ZIP = build_zip(VALID_XML)
NAMES = st.sampled_from(["ExportXML_ElevesSansAdresses.zip", "ElevesSansAdresses.xml", "fichier"])


def outcome(data: bytes, name: str):
    try:
        return read_export(data, name=name, today=date(2025, 9, 20))
    except ExportError as error:
        assert error.message and error.code
        return error


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), name=NAMES)
def test_any_bytes(data, name):
    assert isinstance(outcome(data, name), Export | ExportError)


def _mutate(base: bytes, edits) -> bytes:
    data = bytearray(base)
    for position, value in edits:
        if data:
            data[position % len(data)] = value
    return bytes(data)


EDITS = st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(edits=EDITS, cut=st.integers(min_value=0, max_value=len(VALID_XML)))
def test_corrupted_xml(edits, cut):
    data = _mutate(VALID_XML, edits)[: max(cut, 1)]
    assert isinstance(outcome(data, "ElevesSansAdresses.xml"), Export | ExportError)


@settings(max_examples=300, deadline=None)
@given(edits=EDITS, cut=st.integers(min_value=0, max_value=len(VALID_ZIP)))
def test_corrupted_zip(edits, cut):
    data = _mutate(VALID_ZIP, edits)[: max(cut, 1)]
    assert isinstance(outcome(data, "ExportXML_ElevesSansAdresses.zip"), Export | ExportError)


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=150, deadline=None)
@given(
    family=TEXT, first=TEXT, class_code=st.none() | TEXT, birth=st.none() | TEXT, exit_date=st.none() | TEXT
)
def test_arbitrary_field_values(family, first, class_code, birth, exit_date):
    pupil = FakePupil("1", family, first, class_code=class_code, birth_date=birth, exit_date=exit_date)
    try:
        xml = build_xml([pupil], encoding="UTF-8")
    except ValueError:
        return  # characters XML itself cannot carry
    result = outcome(xml, "ElevesSansAdresses.xml")
    assert isinstance(result, Export | ExportError)
    if isinstance(result, Export) and result.pupils:
        (p,) = result.pupils
        assert p.family_name == " ".join(p.family_name.split()) and p.family_name
