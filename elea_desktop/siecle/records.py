"""Turning finished elements of the tree being parsed into raw records, then deleting them.

Raw means uninterpreted: whitespace is normalised and Latin-9 restored, nothing else (``assemble`` does the
rest). The parser (``parser``) calls a ``Drain`` after each chunk it feeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import NamedTuple

from elea_desktop.errors import ExportError
from elea_desktop.siecle.advice import REDOWNLOAD
from elea_desktop.siecle.encoding import NEEDS_LATIN9_FIX, fix_latin9

MAX_PUPILS = 20_000
PUPIL_FIELD_ORDER = (
    "ELENOET", "ID_NATIONAL", "INE_RNIE", "INE_BEA", "NOM_DE_FAMILLE", "NOM", "NOM_USAGE", "PRENOM",
    "PRENOM2", "PRENOM3", "DATE_NAISS", "CODE_SEXE", "DATE_SORTIE", "CODE_MOTIF_SORTIE", "CODE_MEF",
)
PUPIL_FIELDS = frozenset(PUPIL_FIELD_ORDER)
# Read (or skipped) as a whole once finished, never entered while open.
_RECORDS = frozenset({"PARAMETRES", "ELEVE", "STRUCTURES_ELEVE", "OPTION", "ADRESSE"})
_SKIPPED = frozenset({"OPTION", "ADRESSE"})


class RawPupil(NamedTuple):
    eleve_id: str | None
    # The values in PUPIL_FIELD_ORDER, None where the element is absent. A tuple, not a dict: a dict of
    # fifteen fields is a 1.2 KB block outside Python's small-object allocator, 24 MB for 20,000 pupils
    # that the process kept (fragmented) long after the reading.
    values: tuple[str | None, ...]
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


class Drain:
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
        elenoet = None if "ELENOET" in fields else self.clean(elem.get("ELENOET")) or None
        # The dict is only the scratch space of this pupil (freed at once, reused by the next): what is kept
        # is the tuple (see RawPupil.values).
        return RawPupil(self.clean(elem.get("ELEVE_ID")) or None, tuple(map(fields.get, PUPIL_FIELD_ORDER)),
                        elenoet)

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
            code = self.clean(code)
            if code:
                entries.append((code, self.clean(kind).upper()))
