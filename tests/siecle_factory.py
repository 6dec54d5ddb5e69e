"""Builds SIECLE « Élèves sans adresse » exports for tests, so each test states its data.

The output imitates a real export: ``ISO-8859-15`` declaration, LF, 2-space indentation with SIECLE's odd
closing-tag indentation, ``PARAMETRES``/``DONNEES`` with ``ELEVES``, ``OPTIONS``, ``STRUCTURES``, ``BOURSES``,
and a ``SCOLARITE_AN_DERNIER`` block whose ``CODE_STRUCTURE`` is last year's class (a trap for readers).

Conventions for optional values: ``None`` omits the element, ``""`` writes it empty (both occur in real
files), except where a field documents a derived default.
"""

from __future__ import annotations

import hashlib
import io
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

__all__ = ["FakePupil", "build_xml", "build_zip", "write_export", "generate_pupils", "fake_ine"]


@dataclass
class FakePupil:
    eleve_id: str
    family_name: str | None
    first_name: str | None
    birth_date: str | None = "01/02/2011"  # dd/mm/yyyy as in SIECLE, None = element omitted
    class_code: str | None = "4A"  # the D division; None (and no groups) = no STRUCTURES_ELEVE
    ine: str | None = None  # None → deterministic fake INE from eleve_id; "" → element omitted
    usage_name: str | None = None
    first_name2: str | None = None
    first_name3: str | None = None
    groups: tuple[str, ...] = ()
    exit_date: str | None = None
    exit_reason: str | None = None
    elenoet: str | None = None
    sex: str = "1"
    mef: str | None = None  # None → a MEF derived from the class level; "" → element omitted
    # D divisions written BEFORE class_code's D: a pupil with several divisions whose last one is class_code.
    earlier_divisions: tuple[str, ...] = ()
    # Written verbatim inside <ELEVE> (unknown elements, odd spellings…).
    extra_xml: str = ""


_MEF_BY_LEVEL = {"6": "10010012110", "5": "10110001110", "4": "10210001110", "3": "10310019110"}


def fake_ine(eleve_id: str) -> str:
    """A deterministic RNIE-shaped INE (9 digits + 2 letters), unique for numeric ids below 10⁹."""
    digest = hashlib.sha256(eleve_id.encode()).digest()
    number = int(eleve_id) % 10**9 if eleve_id.isdigit() else int.from_bytes(digest[:4], "big") % 10**9
    letters = "".join(chr(ord("A") + b % 26) for b in digest[4:6])
    return f"{number:09d}{letters}"


def _last_year_class(class_code: str | None) -> str:
    # Last year's division, deliberately different from this year's: a reader using it is caught.
    if class_code and class_code[0] in "3456":
        return f"{int(class_code[0]) + 1}{class_code[1:]}" if class_code[0] != "6" else "CM2"
    return "ANC1"


def _element(indent: int, tag: str, value: str | None) -> str:
    if value is None:
        return ""
    pad = "  " * indent
    if value == "":
        return f"{pad}<{tag}></{tag}>\n"
    return f"{pad}<{tag}>{escape(value)}</{tag}>\n"


def _pupil_xml(p: FakePupil, *, legacy_nom: bool, with_addresses: bool, last_year_structure: str | None,
               uai: str, index: int) -> str:
    attrs = f"ELEVE_ID={quoteattr(p.eleve_id)}"
    if p.elenoet:
        attrs += f" ELENOET={quoteattr(p.elenoet)}"
    ine = fake_ine(p.eleve_id) if p.ine is None else p.ine
    mef = _MEF_BY_LEVEL.get((p.class_code or "?")[0], "10310019110") if p.mef is None else p.mef
    parts = [f"      <ELEVE {attrs}>\n"]
    parts.append(_element(4, "ID_NATIONAL", ine or None))
    if ine:
        parts.append(_element(4, "INE_RNIE", ine))
    parts.append(_element(4, "ELENOET", p.elenoet))
    if p.elenoet and p.elenoet.isdigit():
        parts.append(_element(4, "ID_ELEVE_ETAB", f"{int(p.elenoet):05d}"[-5:] + uai[1:7]))
    parts.append(_element(4, "NOM" if legacy_nom else "NOM_DE_FAMILLE", p.family_name))
    parts.append(_element(4, "NOM_USAGE", p.usage_name))
    parts.append(_element(4, "PRENOM", p.first_name))
    parts.append(_element(4, "PRENOM2", p.first_name2))
    parts.append(_element(4, "PRENOM3", p.first_name3))
    parts.append(_element(4, "DATE_NAISS", p.birth_date))
    parts.append(_element(4, "DOUBLEMENT", "0"))
    parts.append(_element(4, "CODE_PAYS", "100"))
    parts.append(_element(4, "ACCEPTE_SMS", "0"))
    parts.append(_element(4, "CODE_REGIME", "2" if index % 3 else "0"))
    parts.append(_element(4, "DATE_ENTREE", "02/09/2024"))
    parts.append(_element(4, "DATE_SORTIE", p.exit_date))
    parts.append(_element(4, "CODE_MOTIF_SORTIE", p.exit_reason))
    parts.append("        <VILLE_NAISS/>")  # SIECLE glues the next element on the same line here
    parts.append(f"<CODE_SEXE>{escape(p.sex)}</CODE_SEXE>\n" if p.sex else "\n")
    parts.append(_element(4, "CODE_PAYS_NAT", "100"))
    parts.append(_element(4, "CODE_STATUT", "ST"))
    parts.append(_element(4, "CODE_MEF", mef or None))
    parts.append(_element(4, "CODE_DEPARTEMENT_NAISS", "075"))
    parts.append(_element(4, "CODE_COMMUNE_INSEE_NAISS", "75112"))
    if with_addresses:
        parts.append(_element(4, "ADRESSE_ID", str(900000 + index)))
    if p.extra_xml:
        parts.append(p.extra_xml.rstrip("\n") + "\n")
    last_year = _last_year_class(p.class_code) if last_year_structure is None else last_year_structure
    if last_year != "":
        parts.append("        <SCOLARITE_AN_DERNIER>\n")
        parts.append(_element(5, "CODE_MEF", "10110001110"))
        parts.append(_element(5, "CODE_STRUCTURE", last_year))
        parts.append(_element(5, "CODE_RNE", uai))
        parts.append(_element(5, "SIGLE", "CLG"))
        parts.append(_element(5, "DENOM_PRINC", "COLLEGE"))
        parts.append(_element(5, "LL_COMMUNE_INSEE", "PARIS 12E  ARRONDISSEMENT"))
        parts.append("          </SCOLARITE_AN_DERNIER>\n")
    parts.append("        </ELEVE>\n")
    return "".join(parts)


def _structure(code: str, kind: str) -> str:
    return (
        "        <STRUCTURE>\n"
        f"          <CODE_STRUCTURE>{escape(code)}</CODE_STRUCTURE>\n"
        f"          <TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE>\n"
        "          </STRUCTURE>\n"
    )


def _structures_xml(pupils, *, groups_first: bool) -> str:
    parts = ["    <STRUCTURES>\n"]
    for p in pupils:
        divisions = [*p.earlier_divisions, *([p.class_code] if p.class_code is not None else [])]
        if not divisions and not p.groups:
            continue
        attrs = f"ELEVE_ID={quoteattr(p.eleve_id)}"
        if p.elenoet:
            attrs += f" ELENOET={quoteattr(p.elenoet)}"
        parts.append(f"      <STRUCTURES_ELEVE {attrs}>\n")
        d_parts = [_structure(code, "D") for code in divisions]
        g_parts = [_structure(code, "G") for code in p.groups]
        parts.extend(g_parts + d_parts if groups_first else d_parts + g_parts)
        parts.append("        </STRUCTURES_ELEVE>\n")
    parts.append("      </STRUCTURES>\n")
    return "".join(parts)


def _options_xml(pupils) -> str:
    parts = ["    <OPTIONS>\n"]
    for i, p in enumerate(pupils):
        if i % 3:
            continue
        parts.append(f"      <OPTION ELEVE_ID={quoteattr(p.eleve_id)}>\n")
        parts.append("        <OPTIONS_ELEVE>\n")
        parts.append("          <NUM_OPTION>1</NUM_OPTION>\n")
        parts.append("          <CODE_MODALITE_ELECT>O</CODE_MODALITE_ELECT>\n")
        parts.append("          <CODE_MATIERE>030201</CODE_MATIERE>\n")
        parts.append("          </OPTIONS_ELEVE>\n")
        parts.append("        </OPTION>\n")
    parts.append("      </OPTIONS>\n")
    return "".join(parts)


def _addresses_xml(pupils) -> str:
    parts = ["    <ADRESSES>\n"]
    for i, _ in enumerate(pupils):
        parts.append(f'      <ADRESSE ADRESSE_ID="{900000 + i}">\n')
        parts.append(f"        <LIGNE1_ADRESSE>{i + 1} rue des Écoles</LIGNE1_ADRESSE>\n")
        parts.append("        <CODE_POSTAL>75012</CODE_POSTAL>\n")
        parts.append("        <LL_POSTAL>PARIS</LL_POSTAL>\n")
        parts.append("        </ADRESSE>\n")
    parts.append("      </ADRESSES>\n")
    return "".join(parts)


def build_xml(
    pupils,
    *,
    uai: str | None = "0750680G",
    school_year: int | None = 2025,
    export_date: str | None = "15/09/2025",
    horodatage: str | None = None,
    encoding: str = "ISO-8859-15",
    declared_encoding: str | None = None,
    bom: bool = False,
    groups_first: bool = False,
    structures_first: bool = False,
    legacy_nom: bool = False,
    with_addresses: bool = False,
    root: str = "BEE_ELEVES",
    last_year_structure: str | None = None,
    with_structures_block: bool = True,
) -> bytes:
    """The XML bytes of an export.

    ``horodatage`` None → ``export_date`` at 10:42:17 (omitted without an export date); ``""`` → omitted.
    ``uai``/``school_year``/``export_date`` None → element omitted. ``encoding`` is how the bytes are really
    encoded (characters it cannot hold become ``?``, as SIECLE does); ``declared_encoding`` (default: the
    same) is what the prolog claims. ``bom`` prepends a UTF-8 BOM. ``last_year_structure``: None → derived
    from each pupil's class, ``""`` → no SCOLARITE_AN_DERNIER block.
    """
    pupils = list(pupils)
    if horodatage is None and export_date:
        horodatage = f"{export_date} 10:42:17"
    declared = declared_encoding or encoding
    parts = [f'<?xml version="1.0" encoding="{declared}"?>\n', f'<{root} VERSION="3.0">\n']
    parts.append("  <PARAMETRES>\n")
    parts.append(_element(2, "UAJ", uai))
    parts.append(_element(2, "ANNEE_SCOLAIRE", None if school_year is None else str(school_year)))
    parts.append(_element(2, "DATE_EXPORT", export_date))
    parts.append(_element(2, "HORODATAGE", horodatage or None))
    parts.append("    </PARAMETRES>\n  <DONNEES>\n")
    eleves = ["    <ELEVES>\n"]
    eleves.extend(
        _pupil_xml(p, legacy_nom=legacy_nom, with_addresses=with_addresses,
                   last_year_structure=last_year_structure, uai=uai or "0000000A", index=i)
        for i, p in enumerate(pupils)
    )
    eleves.append("      </ELEVES>\n")
    structures = _structures_xml(pupils, groups_first=groups_first) if with_structures_block else ""
    if structures_first:
        parts.extend([structures, *eleves, _options_xml(pupils)])
    else:
        parts.extend([*eleves, _options_xml(pupils), structures])
    parts.append("    <BOURSES />\n")
    if with_addresses:
        parts.append(_addresses_xml(pupils))
    parts.append("    </DONNEES>\n")
    parts.append(f"  </{root}>\n")
    data = "".join(parts).encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" + data) if bom else data


def build_zip(xml: bytes, member: str = "ElevesSansAdresses.xml", *,
              extra: dict[str, bytes] | None = None) -> bytes:
    """A Deflate zip holding ``xml`` as ``member`` (plus ``extra`` members, e.g. ``__MACOSX/…``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_export(path, pupils, **build_xml_kwargs) -> Path:
    """Writes ``ExportXML_ElevesSansAdresses.zip``-like archive at ``path`` (bare XML if it ends in .xml)."""
    path = Path(path)
    xml = build_xml(pupils, **build_xml_kwargs)
    path.write_bytes(xml if path.suffix.lower() == ".xml" else build_zip(xml))
    return path


FAMILY_NAMES = (
    "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
    "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER",
    "MOREL", "GIRARD", "ANDRÉ", "MERCIER", "DUPONT-MOREAU", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ",
    "LE GOFF", "N'DIAYE", "D'ALMEIDA", "LECŒUR", "BÉNÉZET", "CHÂTEAU", "NGUYEN", "HÉBERT", "OLIVIER-PRÉVOST",
    "BOUCHÉ", "TRAORÉ", "DIALLO", "L'HERMITE", "DA SILVA", "MÜLLER", "GAUTHIER", "PERRIN", "FAURE", "CARON",
)
FIRST_NAMES = (
    "Emma", "Léa", "Chloé", "Zoé", "Inès", "Manon", "Jade", "Louise", "Maëlys", "Anaïs", "Noémie", "Héloïse",
    "Éloïse", "Cécile", "Célia", "Lina", "Aïcha", "Océane", "Lucas", "Hugo", "Louis", "Gabriel", "Raphaël",
    "Noé", "Loïc", "Théo", "François", "Jérôme", "Mathéo", "Adèle", "Jean-Baptiste", "Marie-Ève", "Zoë",
    "Ilyès", "Joël", "Benoît", "Gaëtan", "Léon", "Timothée", "Clément", "Nathan", "Yanis", "Sofiane",
    "Mohamed", "Ibrahim", "Cœlia", "Françoise",
)
USAGE_NAMES = ("DURAND-LEFÈVRE", "MARTIN", "DE LA FONTAINE", "O'NEILL", "CŒURDEROY")
DEFAULT_CLASSES = tuple(f"{level}{letter}" for level in "6543" for letter in "ABCDEF")
_BIRTH_YEAR_BY_LEVEL = {"6": 2014, "5": 2013, "4": 2012, "3": 2011}


def generate_pupils(n: int, *, classes=None, seed: int = 0, id_start: int = 1) -> list[FakePupil]:
    """``n`` deterministic pupils with ``eleve_id`` ``str(id_start)``, ``str(id_start + 1)``…

    Default classes: a collège 6A…3F filled 28 at a time (wrapping past 672 pupils); given classes are
    filled evenly in order. About one pupil in 20 has a NOM_USAGE, and every 97th (from the 14th) is an exact
    homonym (same family and first name) of a pupil seven places earlier.
    """
    rng = random.Random(seed)
    class_list = tuple(classes) if classes is not None else DEFAULT_CLASSES
    pupils: list[FakePupil] = []
    for i in range(n):
        if classes is None:
            class_code = class_list[(i // 28) % len(class_list)]
        else:
            class_code = class_list[i * len(class_list) // n] if class_list else None
        number = id_start + i
        if i % 97 == 13 and i >= 7:
            family, first = pupils[i - 7].family_name, pupils[i - 7].first_name
        else:
            family, first = rng.choice(FAMILY_NAMES), rng.choice(FIRST_NAMES)
        year = _BIRTH_YEAR_BY_LEVEL.get((class_code or "?")[0], 2011)
        pupils.append(
            FakePupil(
                eleve_id=str(number),
                family_name=family,
                first_name=first,
                birth_date=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
                class_code=class_code,
                usage_name=rng.choice(USAGE_NAMES) if rng.random() < 0.05 else None,
                first_name2=rng.choice(FIRST_NAMES) if rng.random() < 0.4 else None,
                groups=(f"{class_code}_LV2",) if class_code and rng.random() < 0.3 else (),
                elenoet=str(number % 100000),
                sex=rng.choice("12"),
            )
        )
    return pupils
