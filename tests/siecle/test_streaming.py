"""How the parser streams: the root marker, its fallback, odd prologs and a tree that never grows."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elea_desktop.errors import ExportError
from elea_desktop.siecle import parser, records
from elea_desktop.siecle.reader import read_export
from tests.siecle_factory import FakePupil, build_xml, generate_pupils

TODAY = date(2025, 9, 20)
ROOT_TAG = b'<BEE_ELEVES VERSION="3.0">'


@pytest.fixture
def root_finding(monkeypatch):
    """Records which way each parse found the root: "marker" or "event"."""
    used = []
    original = parser._after_root_start_tag

    def spy(data):
        split = original(data)
        used.append("event" if split is None else "marker")
        return split

    monkeypatch.setattr(parser, "_after_root_start_tag", spy)
    return used


def parse_both_ways(data: bytes, monkeypatch) -> tuple[records.RawExport, records.RawExport]:
    by_marker = parser.parse(data)
    with monkeypatch.context() as patch:
        patch.setattr(parser, "_after_root_start_tag", lambda _data: None)
        by_event = parser.parse(data)
    return by_marker, by_event


@pytest.mark.parametrize("quirks", [
    {},
    {"groups_first": True, "structures_first": True},
    {"with_addresses": True, "legacy_nom": True},
])
def test_marker_and_event_ways_read_exactly_the_same(quirks, monkeypatch, root_finding):
    data = build_xml(generate_pupils(700, seed=3), encoding="UTF-8", **quirks)
    by_marker, by_event = parse_both_ways(data, monkeypatch)
    assert root_finding == ["marker"]
    assert by_marker == by_event
    assert len(by_marker.pupils) == 700 and len(by_marker.structures) == 700
    assert by_marker.parameters["UAJ"] == "0750680G"


def test_utf16_export_is_read_like_its_utf8_twin(root_finding):
    pupils = [FakePupil("1", "LECŒUR", "Cœlia"), FakePupil("2", "N'DIAYE", "Raphaël", usage_name="ÉLOI")]
    utf8 = build_xml(pupils, encoding="UTF-8")
    utf16 = utf8.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    from_utf16 = read_export(utf16, today=TODAY)
    assert root_finding == ["event"]  # no byte scan through UTF-16: the start event finds the root
    assert from_utf16.pupils == read_export(utf8, today=TODAY).pupils
    assert [p.last_name for p in from_utf16.pupils] == ["LECŒUR", "ÉLOI"]


def test_odd_prolog_and_root_attributes_are_scanned_exactly():
    data = build_xml(generate_pupils(3), encoding="UTF-8").replace(
        ROOT_TAG,
        b"<!-- exported <BEE_ELEVES> by hand -->\n<?tool a?>\n"
        b"<BEE_ELEVES VERSION='3.0' NOTE=\"a > b\"\n   AUTRE = 'x/>'>",
    )
    split = parser._after_root_start_tag(data)
    assert data[:split].endswith(b"AUTRE = 'x/>'>")
    assert data[split:].lstrip().startswith(b"<PARAMETRES>")
    raw = parser.parse(data)
    assert [p.eleve_id for p in raw.pupils] == ["1", "2", "3"] and raw.version == "3.0"


@pytest.mark.parametrize("prolog", [
    b"",  # the marker's own name in the prolog must not be taken for it
    b"<?elea-desktop-root?>\n",
    b"<!-- c -->\n" * (parser.MAX_PROLOG_ITEMS + 1),  # too long to scan: the start event is used
])
def test_processing_instructions_and_comments_anywhere_change_nothing(prolog, monkeypatch):
    clean = build_xml(generate_pupils(40), encoding="UTF-8")
    noisy = (
        clean.replace(ROOT_TAG, prolog + ROOT_TAG)
        .replace(b"<ELEVES>", b"<ELEVES><?elea-desktop-root?><!-- liste -->")
        .replace(b"<PRENOM>", b"<?pi?><!-- x --><PRENOM>")
        .replace(b"<STRUCTURE>", b"<STRUCTURE><?elea-desktop-root?>")
    )
    by_marker, by_event = parse_both_ways(noisy, monkeypatch)
    assert by_marker == by_event == parser.parse(clean)


ODD_ONE = FakePupil("999", "LECŒUR", "Cœlia", usage_name="ŒUVRE", groups=("G1", "G2"))
QUIRKY = build_xml([*generate_pupils(60, seed=9), ODD_ONE], groups_first=True, with_addresses=True).replace(
    b"<PRENOM>", b"<!-- c --><PRENOM>"
)
with mock.patch.object(parser, "CHUNK_BYTES", len(QUIRKY)):
    WHOLE = parser.parse(QUIRKY)  # fed in one go


@settings(max_examples=60, deadline=None)
@given(chunk=st.integers(min_value=1, max_value=4096), by_event=st.booleans())
def test_wherever_the_chunks_are_cut_the_result_is_the_same(chunk, by_event):
    with mock.patch.object(parser, "CHUNK_BYTES", chunk):
        if by_event:
            with mock.patch.object(parser, "_after_root_start_tag", lambda _data: None):
                raw = parser.parse(QUIRKY)
        else:
            raw = parser.parse(QUIRKY)
    assert raw == WHOLE
    assert len(raw.pupils) == 61 and raw.has_addresses and raw.has_structures_block


def test_an_empty_root_reads_as_an_export_without_pupils():
    raw = parser.parse(b'<?xml version="1.0"?><BEE_ELEVES VERSION="3.0"/>')
    assert raw.pupils == [] and raw.version == "3.0" and not raw.has_structures_block


def test_the_tree_never_holds_more_than_about_one_chunk(monkeypatch):
    data = build_xml(generate_pupils(3000, seed=5), encoding="UTF-8")
    largest = []
    original = records.Drain.__call__

    def measured(self, elem, *, complete, top=False):
        original(self, elem, complete=complete, top=top)
        if top:
            largest.append(sum(1 for _ in elem.iter()))

    monkeypatch.setattr(records.Drain, "__call__", measured)
    raw = parser.parse(data)
    whole_tree = data.count(b"</") + data.count(b"/>")
    assert len(raw.pupils) == 3000
    # 256 KB of this file holds about 170 pupils of ~30 elements each; the whole tree has 100,000 elements.
    assert max(largest) < 8_000 < whole_tree // 10


def test_more_pupils_than_any_school_are_refused():
    pupil = '<ELEVE ELEVE_ID="{}"><NOM_DE_FAMILLE>A</NOM_DE_FAMILLE><PRENOM>B</PRENOM></ELEVE>'
    body = "".join(pupil.format(i) for i in range(records.MAX_PUPILS + 1))
    data = f"<BEE_ELEVES><DONNEES><ELEVES>{body}</ELEVES></DONNEES></BEE_ELEVES>".encode()
    with pytest.raises(ExportError) as caught:
        read_export(data)
    assert caught.value.code == "too_many_pupils" and str(records.MAX_PUPILS) in caught.value.message
