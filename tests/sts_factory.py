"""Builds STS-web « Emplois du temps » exports (``sts_emp_<UAI>_<AAAA>.xml``) for tests.

The output imitates a real STS_EDT file: no VERSION on the root, ``PARAMETRES`` with ``UAJ CODE`` (and its
academy block), ``ANNEE_SCOLAIRE ANNEE`` and ``HORODATAGE``, ``NOMENCLATURES``, ``DONNEES/INDIVIDUS`` with
ISO birth dates, ``GRADE`` and ``DISCIPLINES`` under each INDIVIDU, and ``STRUCTURE/DIVISIONS`` with services
naming teachers (which the reader must not mistake for INDIVIDUs).

Conventions: ``None`` omits an element, ``""`` writes it empty.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

__all__ = ["FakeStaff", "build_sts_xml", "build_sts_zip", "write_sts", "generate_staff"]


@dataclass
class FakeStaff:
    sts_id: str | None
    usage_name: str | None
    first_name: str | None
    function: str | None = "ENS"
    birth_date: str | None = "1980-03-14"  # yyyy-mm-dd as STS-web writes it
    family_name: str | None = None  # NOM_PATRONYMIQUE; None → same as usage_name
    type: str | None = "epp"
    civility: str | None = "M."
    sex: str | None = "1"
    extra_xml: str = ""


def _element(pad: str, tag: str, value: str | None) -> str:
    if value is None:
        return ""
    return f"{pad}<{tag}>{escape(value)}</{tag}>\n"


def _individu(p: FakeStaff) -> str:
    attrs = ""
    if p.sts_id is not None:
        attrs += f" ID={quoteattr(p.sts_id)}"
    if p.type is not None:
        attrs += f" TYPE={quoteattr(p.type)}"
    pad = "          "
    family = p.family_name if p.family_name is not None else p.usage_name
    return (
        f"        <INDIVIDU{attrs}>\n"
        + _element(pad, "SEXE", p.sex)
        + _element(pad, "CIVILITE", p.civility)
        + _element(pad, "NOM_USAGE", p.usage_name)
        + _element(pad, "NOM_PATRONYMIQUE", family)
        + _element(pad, "PRENOM", p.first_name)
        + _element(pad, "DATE_NAISSANCE", p.birth_date)
        + f"{pad}<GRADE CODE=\"1234\"/>\n"
        + _element(pad, "FONCTION", p.function)
        + f"{pad}<DISCIPLINES>\n{pad}  <DISCIPLINE CODE=\"L0422\">\n{pad}    <LIBELLE_COURT>LETTRES"
          f"</LIBELLE_COURT>\n{pad}    <NBRE_HEURES>18.00</NBRE_HEURES>\n{pad}  </DISCIPLINE>\n"
          f"{pad}</DISCIPLINES>\n"
        + p.extra_xml
        + "        </INDIVIDU>\n"
    )


def build_sts_xml(staff: list[FakeStaff], *, uai: str | None = "0750680G", year: int | None = 2025,
                  horodatage: str | None = "12/09/2025 10:35:48", encoding: str = "ISO-8859-1",
                  root: str = "STS_EDT", prolog: str = "") -> bytes:
    params = ""
    if uai is not None:
        params += (f"    <UAJ CODE={quoteattr(uai)}>\n      <ACADEMIE><CODE>1</CODE>"
                   "<LIBELLE>PARIS</LIBELLE></ACADEMIE>\n      <SIGLE>LP</SIGLE>\n"
                   "      <DENOM_PRINC>LYCEE</DENOM_PRINC>\n    </UAJ>\n")
    if year is not None:
        params += (f"    <ANNEE_SCOLAIRE ANNEE=\"{year}\">\n      <DATE_DEBUT>01/09/{year}</DATE_DEBUT>\n"
                   f"      <DATE_FIN>31/08/{year + 1}</DATE_FIN>\n    </ANNEE_SCOLAIRE>\n")
    if horodatage is not None:
        params += f"    <HORODATAGE>{horodatage}</HORODATAGE>\n"
    teachers = [p for p in staff if p.sts_id and p.function == "ENS"][:3]
    services = "".join(
        f"            <SERVICE CODE_MATIERE=\"020700\">\n              <ENSEIGNANTS>\n"
        f"                <ENSEIGNANT ID={quoteattr(t.sts_id)} TYPE=\"epp\"><PRENOM>piège</PRENOM>"
        f"</ENSEIGNANT>\n              </ENSEIGNANTS>\n            </SERVICE>\n"
        for t in teachers
    )
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n{prolog}<{root}>\n'
        f"  <PARAMETRES>\n{params}  </PARAMETRES>\n"
        "  <NOMENCLATURES>\n    <MATIERES>\n      <MATIERE CODE=\"020700\"><CODE_GESTION>FRANC</CODE_GESTION>"
        "<LIBELLE_COURT>FRANCAIS</LIBELLE_COURT></MATIERE>\n    </MATIERES>\n  </NOMENCLATURES>\n"
        "  <DONNEES>\n    <INDIVIDUS>\n"
        + "".join(_individu(p) for p in staff)
        + "    </INDIVIDUS>\n    <STRUCTURE>\n      <DIVISIONS>\n        <DIVISION CODE=\"2NDE1\">\n"
        "          <SERVICES>\n" + services
        + "          </SERVICES>\n        </DIVISION>\n      </DIVISIONS>\n"
        f"    </STRUCTURE>\n  </DONNEES>\n</{root}>\n"
    )
    codec = "utf-8" if encoding.upper() in ("UTF-8", "UTF8") else encoding
    return text.encode(codec)


def sts_name(uai: str | None = "0750680G", year: int | None = 2025) -> str:
    return f"sts_emp_{uai or 'X'}_{year or 0}.xml"


def build_sts_zip(staff: list[FakeStaff], *, member: str | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member or sts_name(options.get("uai", "0750680G"), options.get("year", 2025)),
                         build_sts_xml(staff, **options))
    return buffer.getvalue()


def write_sts(folder: Path, staff: list[FakeStaff], *, zipped: bool = True, name: str | None = None,
              **options) -> Path:
    base = sts_name(options.get("uai", "0750680G"), options.get("year", 2025))
    path = Path(folder) / (name or (base.replace(".xml", ".zip") if zipped else base))
    path.write_bytes(build_sts_zip(staff, **options) if zipped else build_sts_xml(staff, **options))
    return path


_FIRST = ["Anne", "Bruno", "Chloé", "David", "Élise", "Farid", "Gaëlle", "Hugo", "Inès", "Jules"]
_LAST = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY",
         "MOREAU", "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT",
         "FOURNIER"]
_FUNCTIONS = ["ENS"] * 16 + ["EDU", "DOC", "DIR", "ADF", "SUR"]


def generate_staff(count: int, *, start_id: int = 1000) -> list[FakeStaff]:
    """``count`` distinct staff, mostly teachers, deterministic."""
    staff = []
    for i in range(count):
        first, last = _FIRST[i % len(_FIRST)], _LAST[(i // len(_FIRST)) % len(_LAST)]
        suffix = "" if i < len(_FIRST) * len(_LAST) else f"-{i // (len(_FIRST) * len(_LAST))}"
        staff.append(FakeStaff(str(start_id + i), f"{last}{suffix}", first,
                               function=_FUNCTIONS[i % len(_FUNCTIONS)],
                               birth_date=f"{1960 + i % 35}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                               type="epp" if i % 7 else "local"))
    return staff
