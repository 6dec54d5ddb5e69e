"""Streaming lxml parse of a BEE_ELEVES document into plain raw records (no interpretation here).

The parser is locked down (no entities, no DTD, no network, no huge tree, never ``recover``) and a
document with a DOCTYPE is refused outright: a SIECLE export never has one, and that is where XXE and
entity-expansion attacks live. The bytes are fed by chunks and finished elements are deleted after each
chunk, so that memory stays flat.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import NamedTuple

from lxml import etree

from elea_desktop.errors import ExportError
from elea_desktop.siecle.encoding import NEEDS_LATIN9_FIX, UTF8_BOM, fix_latin9

EXPECTED_ROOT = "BEE_ELEVES"
MAX_PUPILS = 20_000
CHUNK_BYTES = 256 * 1024  # larger feeds parse faster; smaller ones keep less of the tree alive at once
MAX_PROLOG_ITEMS = 64
ROOT_MARKER = b"<?elea-desktop-root?>"
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_ROOT_START_TAG = re.compile(rb"<BEE_ELEVES(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*\s*>")
HOW_TO_EXPORT = (
    "Il faut l'export « Élèves sans adresse » : dans SIECLE, Exportations › En XML › Élèves sans adresse."
)
REDOWNLOAD = "Téléchargez de nouveau l'export depuis SIECLE, sans l'ouvrir ni le modifier."

SIBLING_ROOTS = {
    "BEE_RESPONSABLES": "l'export des responsables (BEE_RESPONSABLES)",
    "BEE_NOMENCLATURES": "l'export des nomenclatures (BEE_NOMENCLATURES)",
    "BEE_STRUCTURES": "l'export des structures (BEE_STRUCTURES)",
    "BEE_COMMUN": "l'export « Communs » (BEE_COMMUN)",
    "BEE_EPHC_ELEVES": "l'export des élèves du premier degré (BEE_EPHC_ELEVES)",
    "STS_EDT": "un export STS-web des services et emplois du temps (STS_EDT)",
    "EDT_STS": "un fichier d'emploi du temps destiné à STS-web (EDT_STS)",
}

PUPIL_FIELDS = frozenset({
    "ELENOET", "ID_NATIONAL", "INE_RNIE", "INE_BEA", "NOM_DE_FAMILLE", "NOM", "NOM_USAGE", "PRENOM",
    "PRENOM2", "PRENOM3", "DATE_NAISS", "CODE_SEXE", "DATE_SORTIE", "CODE_MOTIF_SORTIE", "CODE_MEF",
})
# Read (or skipped) as a whole once finished, never entered while open.
_RECORDS = frozenset({"PARAMETRES", "ELEVE", "STRUCTURES_ELEVE", "OPTION", "ADRESSE"})
_SKIPPED = frozenset({"OPTION", "ADRESSE"})
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


class RawPupil(NamedTuple):
    eleve_id: str | None
    fields: dict[str, str]
    elenoet_attribute: str | None = None  # only read when there is no ELENOET element


@dataclass
class RawExport:
    version: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    pupils: list[RawPupil] = field(default_factory=list)
    # ELEVE_ID → [(CODE_STRUCTURE, TYPE_STRUCTURE)] in document order, blocks for one pupil merged
    structures: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    has_structures_block: bool = False
    has_addresses: bool = False


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
        _, root = next(etree.iterparse(io.BytesIO(data), events=("start",), **_PARSER_OPTIONS))
    except StopIteration as error:
        raise _syntax_error(error, source) from error
    except (etree.LxmlError, ValueError, LookupError) as error:
        raise _syntax_error(error, source) from error
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _refuse_dtd(source)
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag == EXPECTED_ROOT:
        return root.get("VERSION")
    if tag in SIBLING_ROOTS:
        raise ExportError(f"Ce fichier est {SIBLING_ROOTS[tag]}. {HOW_TO_EXPORT}", code="wrong_file_type")
    raise ExportError(
        f"Le fichier « {source} » n'est pas un export SIECLE des élèves (son élément racine est "
        f"« {tag[:40]} », il devrait être « {EXPECTED_ROOT} »). {HOW_TO_EXPORT}",
        code="not_an_export",
    )


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _clean_latin9(text: str | None) -> str:
    return fix_latin9(" ".join(text.split())) if text else ""


def _too_many() -> ExportError:
    return ExportError(
        f"Le fichier contient plus de {MAX_PUPILS} élèves, bien plus qu'un établissement : il a été refusé. "
        f"{REDOWNLOAD}",
        code="too_many_pupils",
    )


class _Drain:
    """Reads and then deletes every finished element of the tree the parser is still building.

    The tree only ever holds the open path (root → DONNEES → ELEVES → the pupil being read) plus what one
    chunk brought, so memory stays flat whatever the file size.
    """

    def __init__(self, raw: RawExport, latin9: bool):
        self.raw = raw
        self.latin9 = latin9
        self.clean = _clean_latin9 if latin9 else _clean

    def __call__(self, elem, *, complete: bool, top: bool = False) -> None:
        # Only the last child can still be open (the parser is inside it); every earlier one is finished.
        finished = len(elem) if complete else len(elem) - 1
        pupils = self.raw.pupils
        child = None
        for child in islice(elem, max(finished, 0)):
            tag = child.tag
            if tag == "ELEVE":
                pupils.append(self.pupil(child))
                if len(pupils) > MAX_PUPILS:
                    raise _too_many()
            elif tag == "STRUCTURES_ELEVE":
                self.structures(child)
            elif tag == "PARAMETRES":
                if top:
                    self.raw.parameters = {c.tag: self.clean(c.text) for c in child if isinstance(c.tag, str)}
            elif tag not in _SKIPPED:
                if tag == "STRUCTURES":
                    self.raw.has_structures_block = True
                elif tag == "ADRESSES":
                    self.raw.has_addresses = True
                self(child, complete=True)
        # With no Python object left pointing into them, deleted elements are freed at once rather than
        # first re-homed and freed later.
        del child
        if finished > 0:
            del elem[:finished]
        if not complete and len(elem) and elem[0].tag not in _RECORDS:
            self(elem[0], complete=False)

    def pupil(self, elem) -> RawPupil:
        fields: dict[str, str] = {}
        # Hot loop (every child of every pupil): plain iteration and inline clean-up are measurably faster
        # than a tag-filtered iterator and a helper call per field.
        for child in elem:
            tag = child.tag
            if tag in PUPIL_FIELDS and tag not in fields:
                text = child.text
                fields[tag] = " ".join(text.split()) if text else ""
        if self.latin9 and NEEDS_LATIN9_FIX.search("".join(fields.values())):
            for tag, value in fields.items():
                fields[tag] = fix_latin9(value)
        eleve_id = elem.get("ELEVE_ID")
        elenoet = None if "ELENOET" in fields else self.clean(elem.get("ELENOET")) or None
        return RawPupil(self.clean(eleve_id) or None if eleve_id else None, fields, elenoet)

    def structures(self, elem) -> None:
        eleve_id = self.clean(elem.get("ELEVE_ID"))
        if not eleve_id:
            return
        entries = self.raw.structures.setdefault(eleve_id, [])
        for structure in elem:
            if structure.tag != "STRUCTURE":
                continue
            code = kind = None
            for leaf in structure:
                tag = leaf.tag
                if tag == "CODE_STRUCTURE":
                    code = leaf.text
                elif tag == "TYPE_STRUCTURE":
                    kind = leaf.text
            code = " ".join(code.split()) if code else ""
            if code:
                if not code.isascii() and self.latin9:
                    code = fix_latin9(code)
                entries.append((code, kind.strip().upper() if kind else ""))


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
    drain = _Drain(raw, latin9_as_latin1)
    root = None
    try:
        parser, rest, root_of = _open_parser(data)
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
    return raw
