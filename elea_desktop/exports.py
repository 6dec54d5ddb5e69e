"""Reading whichever export the user gave: the pupils' SIECLE file or the staff's STS-web file.

The kind is decided by the document's root element (``BEE_ELEVES`` → students, ``STS_EDT`` → staff), never
by the file name; the name only chooses the wording of an archive refusal, before the root can be seen.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

from lxml import etree

from elea_desktop.errors import ExportError
from elea_desktop.siecle import archive, encoding
from elea_desktop.siecle import parser as siecle_parser
from elea_desktop.siecle.assemble import build_export
from elea_desktop.siecle.model import Export
from elea_desktop.siecle.reader import load_input
from elea_desktop.siecle.xml_root import read_root_start
from elea_desktop.sts import parser as sts_parser
from elea_desktop.sts.model import StaffExport
from elea_desktop.sts.reader import read_prepared
from elea_desktop.sts.wording import REVERSE_FILE, as_sts, looks_like_sts_name

STUDENTS = "students"
STAFF = "staff"
AnyExport = Export | StaffExport


def kind_of(export: AnyExport) -> str:
    return STAFF if isinstance(export, StaffExport) else STUDENTS


def root_tag(xml: bytes) -> str | None:
    """The root element's name, read with the locked-down parser; None when it cannot be read (the reader
    of the chosen kind then gives its own precise refusal: DOCTYPE, malformed XML, encoding…)."""
    head = xml[:8192]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        return None
    try:
        root = read_root_start(xml, siecle_parser._PARSER_OPTIONS)
    except (etree.LxmlError, ValueError, LookupError):
        return None
    return root.tag or None if root is not None else None


def read_any(source: str | os.PathLike | bytes, *, name: str | None = None,
             today: date | None = None) -> AnyExport:
    """Reads a SIECLE « Élèves sans adresse » or an STS-web « Emplois du temps » export."""
    if not isinstance(source, bytes | bytearray | memoryview):
        name = name or Path(source).name  # before reading: the name decides how a refusal is worded
    sts_named = looks_like_sts_name(name or "")
    try:
        data, name = load_input(source, name)
        xml, member = archive.extract_xml(data, name)
    except ExportError as error:
        raise (as_sts(error) if sts_named else error) from error
    digest = hashlib.sha256(data).hexdigest()
    del data
    tag = root_tag(xml)
    if tag == sts_parser.REVERSE_ROOT:
        raise ExportError(REVERSE_FILE, code="wrong_file_type")
    if tag == sts_parser.ROOT or (sts_named and not (tag or "").startswith("BEE_")):
        return read_prepared(xml, member or name, digest=digest, source_name=name)
    # The SIECLE reader's own steps (``siecle.reader.read_export``) on the bytes already extracted.
    prepared = encoding.prepare(xml)
    del xml
    raw = siecle_parser.parse(prepared.data, member or name, latin9_as_latin1=prepared.latin9_as_latin1)
    return build_export(raw, today=today or date.today(), notices=prepared.notices, digest=digest,
                        source_name=name)
