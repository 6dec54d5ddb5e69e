"""Streaming, locked-down lxml parse of an STS_EDT document into raw INDIVIDU records.

The same parser options as the SIECLE reader (no entities, no DTD, no network, no huge tree, never
``recover``) and the same refusal of any DOCTYPE. Everything but the INDIVIDUs and PARAMETRES is freed as
soon as it has been read past (NOMENCLATURES, STRUCTURE, services…), so that memory stays flat.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from lxml import etree

from elea_desktop.errors import ExportError
from elea_desktop.siecle.encoding import fix_latin9
from elea_desktop.siecle.parser import _PARSER_OPTIONS, _refuse_dtd, _syntax_error
from elea_desktop.siecle.xml_root import collect_parser_garbage
from elea_desktop.sts.wording import HOW_TO_EXPORT, REDOWNLOAD, REVERSE_FILE, as_sts

ROOT = "STS_EDT"
REVERSE_ROOT = "EDT_STS"
MAX_STAFF = 10_000
FIELDS = frozenset({"NOM_USAGE", "NOM_PATRONYMIQUE", "PRENOM", "DATE_NAISSANCE", "FONCTION", "CIVILITE",
                    "SEXE"})
_PARAMETERS = {"UAJ": "CODE", "ANNEE_SCOLAIRE": "ANNEE", "HORODATAGE": None, "DATE_EXPORT": None}


@dataclass
class RawIndividu:
    sts_id: str | None
    type: str | None
    fields: dict[str, str]


@dataclass
class RawStaffExport:
    parameters: dict[str, str] = field(default_factory=dict)
    individus: list[RawIndividu] = field(default_factory=list)
    has_individus_block: bool = False


def _clean(text: str | None, latin9: bool) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return fix_latin9(text) if latin9 else text


def _wrong_root(tag: str, source: str) -> ExportError:
    if tag == REVERSE_ROOT:
        return ExportError(REVERSE_FILE, code="wrong_file_type")
    if tag.startswith("BEE_"):
        return ExportError(
            f"Le fichier « {source} » est un export SIECLE ({tag}), pas l'export STS-web des personnels. "
            f"{HOW_TO_EXPORT}", code="wrong_file_type")
    return ExportError(
        f"Le fichier « {source} » n'est pas un export STS-web (son élément racine est « {tag[:40]} », il "
        f"devrait être « {ROOT} »). {HOW_TO_EXPORT}", code="not_an_export")


def _too_many() -> ExportError:
    return ExportError(
        f"Le fichier contient plus de {MAX_STAFF} personnels, bien plus qu'un établissement : il a été "
        f"refusé. {REDOWNLOAD}", code="too_many_staff")


def _parameter(elem, attribute: str | None, latin9: bool) -> str:
    value = elem.get(attribute) if attribute else None
    return _clean(value if value else elem.text, latin9)


def parse(data: bytes, source: str = "", *, latin9_as_latin1: bool = False) -> RawStaffExport:
    """``latin9_as_latin1``: the bytes are Latin-9 declared as Latin-1 (see ``siecle.encoding``)."""
    head_end = data.find(b"<" + ROOT.encode())
    head = data[: head_end if head_end >= 0 else 8192]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise as_sts(_refuse_dtd(source))
    raw = RawStaffExport()
    latin9 = latin9_as_latin1
    root_seen = False
    try:
        for event, elem in etree.iterparse(io.BytesIO(data), events=("start", "end"), **_PARSER_OPTIONS):
            if event == "start":
                if not root_seen:
                    root_seen = True
                    docinfo = elem.getroottree().docinfo
                    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
                        raise as_sts(_refuse_dtd(source))
                    tag = elem.tag if isinstance(elem.tag, str) else ""
                    if tag != ROOT:
                        raise _wrong_root(tag, source)
                continue
            parent = elem.getparent()
            if parent is None:
                continue
            tag, parent_tag = elem.tag, parent.tag
            if tag == "INDIVIDU" and parent_tag == "INDIVIDUS":
                raw.individus.append(RawIndividu(
                    _clean(elem.get("ID"), latin9) or None, _clean(elem.get("TYPE"), latin9) or None,
                    {child.tag: _clean(child.text, latin9) for child in elem
                     if child.tag in FIELDS and not len(child)}))
                if len(raw.individus) > MAX_STAFF:
                    raise _too_many()
            elif tag == "INDIVIDUS":
                raw.has_individus_block = True
            elif parent_tag == "PARAMETRES" and tag in _PARAMETERS:
                raw.parameters.setdefault(tag, _parameter(elem, _PARAMETERS[tag], latin9))
            if parent_tag != "INDIVIDU":
                # Read (or of no use to us): free it and the siblings before it.
                elem.clear()
                while elem.getprevious() is not None:
                    del parent[0]
    except ExportError:
        raise
    except (etree.LxmlError, ValueError, LookupError) as error:
        raise as_sts(_syntax_error(error, source)) from error
    finally:
        # An iterparse stopped by an error stays in a cycle with its document: freed here, on the parsing
        # thread (see siecle.xml_root). A traceback keeps this frame, hence the explicit None.
        elem = parent = None
        collect_parser_garbage()
    return raw
