"""Streaming lxml parse of a BEE_ELEVES document into plain raw records (no interpretation here).

The parser is locked down (no entities, no DTD, no network, no huge tree, never ``recover``) and a
document with a DOCTYPE is refused outright: a SIECLE export never has one, and that is where XXE and
entity-expansion attacks live. The bytes are fed by chunks; after each one, ``records.Drain`` reads the
finished elements and deletes them, so that memory stays flat.
"""

from __future__ import annotations

import re

from lxml import etree

from elea_desktop.errors import ExportError
from elea_desktop.siecle.advice import HOW_TO_EXPORT, REDOWNLOAD
from elea_desktop.siecle.encoding import UTF8_BOM
from elea_desktop.siecle.records import Drain, RawExport
from elea_desktop.siecle.xml_root import collect_parser_garbage, read_root_start, released

EXPECTED_ROOT = "BEE_ELEVES"
CHUNK_BYTES = 256 * 1024  # larger feeds parse faster; smaller ones keep less of the tree alive at once
MAX_PROLOG_ITEMS = 64
ROOT_MARKER = b"<?elea-desktop-root?>"
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_ROOT_START_TAG = re.compile(rb"<BEE_ELEVES(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*\s*>")
SIBLING_ROOTS = {
    "BEE_RESPONSABLES": "l'export des responsables (BEE_RESPONSABLES)",
    "BEE_NOMENCLATURES": "l'export des nomenclatures (BEE_NOMENCLATURES)",
    "BEE_STRUCTURES": "l'export des structures (BEE_STRUCTURES)",
    "BEE_COMMUN": "l'export « Communs » (BEE_COMMUN)",
    "BEE_EPHC_ELEVES": "l'export des élèves du premier degré (BEE_EPHC_ELEVES)",
    "STS_EDT": "un export STS-web des services et emplois du temps (STS_EDT)",
    "EDT_STS": "un fichier d'emploi du temps destiné à STS-web (EDT_STS)",
}

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    "remove_blank_text": True,  # indentation is a third of the file: not building those nodes is faster
}


def _syntax_error(error: Exception, source: str) -> ExportError:
    text = str(error)
    if "encoding" in text.lower():
        return ExportError(
            f"Le fichier « {source} » utilise un encodage de caractères inconnu ou incohérent : il ne "
            f"peut pas être lu. {REDOWNLOAD}",
            code="unsupported_encoding",
        )
    line = getattr(error, "lineno", None)
    where = f" (vers la ligne {line})" if line else ""
    return ExportError(
        f"Le fichier « {source} » est endommagé, incomplet ou n'est pas du XML valide{where}. {REDOWNLOAD}",
        code="malformed_xml",
    )


def _refuse_dtd(source: str) -> ExportError:
    return ExportError(
        f"Le fichier « {source} » contient une déclaration de type de document (DOCTYPE/ENTITY), ce qu'un "
        f"export SIECLE ne contient jamais : il a été refusé par sécurité. {REDOWNLOAD}",
        code="forbidden_dtd",
    )


def check_root(data: bytes, source: str) -> str | None:
    """Refuses anything but a DTD-free BEE_ELEVES document; returns its VERSION attribute."""
    head_end = data.find(b"<BEE_ELEVES")
    head = data[: head_end if head_end >= 0 else 8192]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise _refuse_dtd(source)
    try:
        root = read_root_start(data, _PARSER_OPTIONS)
    except (etree.LxmlError, ValueError, LookupError) as error:
        raise _syntax_error(error, source) from error
    if root is None:
        raise _syntax_error(StopIteration(), source)
    if root.has_dtd:
        raise _refuse_dtd(source)
    tag = root.tag
    if tag == EXPECTED_ROOT:
        return root.attributes.get("VERSION")
    if tag in SIBLING_ROOTS:
        raise ExportError(f"Ce fichier est {SIBLING_ROOTS[tag]}. {HOW_TO_EXPORT}", code="wrong_file_type")
    raise ExportError(
        f"Le fichier « {source} » n'est pas un export SIECLE des élèves (son élément racine est "
        f"« {tag[:40]} », il devrait être « {EXPECTED_ROOT} »). {HOW_TO_EXPORT}",
        code="not_an_export",
    )


def _after_root_start_tag(data: bytes) -> int | None:
    """Offset just past the root's start tag, or None when it cannot be found by a plain byte scan.

    Only called on a document ``check_root`` accepted (no DOCTYPE, root BEE_ELEVES), whose prolog can only
    hold the XML declaration, comments, processing instructions and spaces. None for an encoding that is
    not ASCII-compatible (UTF-16), an empty root or an unusually long prolog.
    """
    pos = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    for _ in range(MAX_PROLOG_ITEMS):
        item = _PROLOG_ITEM.match(data, pos)
        if item is None:
            start_tag = _ROOT_START_TAG.match(data, pos)
            return start_tag.end() if start_tag else None
        pos = item.end()
    return None


def _open_parser(data: bytes):
    """A chunk-fed parser, the bytes left to feed it, and how to find the root once fed.

    Per-element parse events are what make lxml streaming slow (its hooks run for every element of the
    file, a tenth of the whole reading). A marker processing instruction fed right after the root's start
    tag hands the root over through the only hook that is not per element; the marker is a finished child
    like any other and is drained with them. Without a byte position for it, one start event is asked for.
    """
    split = _after_root_start_tag(data)
    if split is None:
        parser = etree.XMLPullParser(events=("start",), tag=EXPECTED_ROOT, **_PARSER_OPTIONS)
        return parser, memoryview(data), lambda elem: elem
    parser = etree.XMLPullParser(events=("pi",), **{**_PARSER_OPTIONS, "remove_pis": False})
    parser.feed(data[:split])
    for _ in parser.read_events():  # the prolog's own processing instructions
        pass
    parser.feed(ROOT_MARKER)
    # A prolog instruction the parser only reports now has no parent: the first one with a parent is ours.
    return parser, memoryview(data)[split:], _parent_of


def _parent_of(pi):
    return pi.getparent()


def parse(data: bytes, source: str = "", *, latin9_as_latin1: bool = False) -> RawExport:
    """``latin9_as_latin1``: the bytes are Latin-9 declared as Latin-1 (see ``encoding``)."""
    raw = RawExport(version=check_root(data, source))
    drain = Drain(raw, latin9_as_latin1)
    root = elem = parser = None
    try:
        parser, rest, root_of = _open_parser(data)
        with released(parser):
            for start in range(0, len(rest), CHUNK_BYTES):
                parser.feed(rest[start : start + CHUNK_BYTES].tobytes())
                for _, elem in parser.read_events():  # later ones are the document's own: dropped
                    if root is None:
                        root = root_of(elem)
                if root is not None:
                    drain(root, complete=False, top=True)
            root = parser.close()
            drain(root, complete=True, top=True)
    except ExportError:
        raise
    except (etree.LxmlError, ValueError, LookupError) as error:
        raise _syntax_error(error, source) from error
    finally:
        # The document and its parser point at each other: unreachable once these go, then freed here, on
        # the parsing thread (see xml_root). A traceback keeps this frame, hence the explicit None.
        root = elem = parser = None
        collect_parser_garbage()
    return raw
