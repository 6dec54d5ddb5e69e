"""Public entry point: ``read_staff_export`` turns an STS-web export into a ``StaffExport`` or an ExportError.

The archive checks, the file-size cap and the encoding handling are the SIECLE reader's; only the document
is STS's. Nothing is written to disk.

Refusals (``ExportError.code``): those of the SIECLE reader's archive and XML checks, plus
    wrong_file_type   the reverse file (``emp_sts_…``, root EDT_STS) or a SIECLE export
    too_many_staff

Warnings (``Notice.code``; ``individu_id`` set when about one person):
    mislabelled_utf8, missing_uai, invalid_uai, missing_school_year, invalid_school_year, no_staff
    missing_individu_id, missing_name   person skipped
    duplicate_individu_id               second occurrence skipped
    staff_without_function              no FONCTION (long leave…): not imported
    invalid_date                        unreadable DATE_NAISSANCE (ignored)
    unencodable_character               a name contains « ? »
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from datetime import date, datetime

from elea_desktop.errors import ExportError
from elea_desktop.siecle import archive, encoding
from elea_desktop.siecle.assemble import parse_timestamp
from elea_desktop.siecle.reader import load_input
from elea_desktop.siecle.uai import is_valid_uai
from elea_desktop.sts import parser
from elea_desktop.sts.model import StaffExport, StaffMember, StaffNotice
from elea_desktop.sts.wording import as_sts
from elea_desktop.text import without_unprintable

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_iso_date(text: str | None) -> date | None:
    """``yyyy-mm-dd`` as STS-web writes it (SIECLE writes dd/mm/yyyy); None when absent or impossible."""
    match = _ISO_DATE.fullmatch(text or "")
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _exported_at(parameters: dict[str, str]) -> datetime | None:
    stamp = parameters.get("HORODATAGE") or parameters.get("DATE_EXPORT")
    if not stamp:
        return None
    found = parse_timestamp(stamp)
    if found is None:
        try:
            found = datetime.fromisoformat(stamp)
        except ValueError:
            return None
    return found.replace(tzinfo=None)


def _name(text: str | None) -> str | None:
    if not text:
        return None
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _parameters_warnings(uai: str | None, year_text: str, year: int | None) -> list[StaffNotice]:
    notices = []
    if not uai:
        notices.append(StaffNotice("missing_uai", "Le fichier n'indique pas l'établissement (UAJ absent)."))
    elif not is_valid_uai(uai):
        notices.append(StaffNotice("invalid_uai", f"Le code établissement « {uai} » n'est pas un UAI valide "
                                                  "(7 chiffres et une lettre de contrôle)."))
    if not year_text:
        notices.append(StaffNotice("missing_school_year", "Le fichier n'indique pas l'année scolaire."))
    elif year is None:
        notices.append(StaffNotice("invalid_school_year",
                                   f"L'année scolaire « {year_text} » du fichier est illisible."))
    return notices


def build_staff_export(raw: parser.RawStaffExport, *, notices=(), digest: str = "",
                       source_name: str = "") -> StaffExport:
    params = raw.parameters
    uai = (params.get("UAJ") or "").upper() or None
    year_text = params.get("ANNEE_SCOLAIRE", "")
    year = int(year_text) if year_text.isdigit() and 1990 <= int(year_text) <= 2200 else None
    warnings: list = [*notices, *_parameters_warnings(uai, year_text, year)]
    staff: list[StaffMember] = []
    seen: set[str] = set()
    for individu in raw.individus:
        f = individu.fields
        family = _name(f.get("NOM_PATRONYMIQUE")) or _name(f.get("NOM_USAGE"))
        usage = _name(f.get("NOM_USAGE"))
        first = _name(f.get("PRENOM"))
        stripped, (family, usage, first) = without_unprintable(family, usage, first)
        label = " ".join(p for p in (first, usage or family) if p) or "sans nom"
        if not individu.sts_id:
            warnings.append(StaffNotice(
                "missing_individu_id", f"La personne {label} n'a pas d'identifiant (ID) : elle est ignorée."))
            continue
        who = f"{label} (ID {individu.sts_id})"
        if not family or not first:
            warnings.append(StaffNotice("missing_name", f"La personne {who} n'a pas de nom ou de prénom : "
                                        "elle est ignorée.", individu_id=individu.sts_id))
            continue
        if individu.sts_id in seen:
            warnings.append(StaffNotice("duplicate_individu_id", f"L'identifiant {individu.sts_id} apparaît "
                                        "deux fois : seule la première occurrence est prise en compte.",
                                        individu_id=individu.sts_id))
            continue
        seen.add(individu.sts_id)
        if stripped:
            warnings.append(StaffNotice("control_character", f"Le nom de {who} contenait des caractères "
                                        "invisibles ou de contrôle : ils ont été retirés. Vérifiez-le sur la "
                                        "fiche.", individu_id=individu.sts_id))
        birth_text = f.get("DATE_NAISSANCE") or ""
        birth = parse_iso_date(birth_text)
        if birth_text and birth is None:
            warnings.append(StaffNotice("invalid_date", f"La date de naissance « {birth_text} » de {who} est "
                                        "illisible : elle est ignorée.", individu_id=individu.sts_id))
        function = (f.get("FONCTION") or "").upper() or None
        if function is None:
            warnings.append(StaffNotice("staff_without_function", f"{who} n'a pas de fonction dans l'export "
                                        "(congé de longue durée, départ…) : aucun compte ne lui est donné.",
                                        individu_id=individu.sts_id))
        if "?" in f"{family}{usage or ''}{first}":
            warnings.append(StaffNotice("unencodable_character", f"Le nom de {who} contient « ? » : STS-web "
                                        "n'a pas pu exporter un caractère. Vérifiez-le sur la fiche.",
                                        individu_id=individu.sts_id))
        staff.append(StaffMember(
            sts_id=individu.sts_id, family_name=family, first_name=first,
            usage_name=usage if usage and usage != family else None, birth_date=birth, function=function,
            type=individu.type, civility=f.get("CIVILITE") or None, sex=f.get("SEXE") or None))
    if not staff:
        warnings.append(StaffNotice("no_staff", "Le fichier ne contient aucun personnel."))
    return StaffExport(uai=uai, school_year=year, exported_at=_exported_at(params), staff=tuple(staff),
                       warnings=tuple(warnings), digest=digest, source_name=source_name)


def read_prepared(xml: bytes, member: str, *, digest: str, source_name: str) -> StaffExport:
    """The STS steps after the archive: encoding, locked parse, typed export."""
    prepared = encoding.prepare(xml)
    raw = parser.parse(prepared.data, member, latin9_as_latin1=prepared.latin9_as_latin1)
    return build_staff_export(raw, notices=prepared.notices, digest=digest, source_name=source_name)


def read_staff_export(source: str | os.PathLike | bytes, *, name: str | None = None) -> StaffExport:
    """Reads an STS-web ``sts_emp_<UAI>_<AAAA>.xml`` export (zip as downloaded, or bare XML)."""
    try:
        data, name = load_input(source, name)
        xml, member = archive.extract_xml(data, name)
    except ExportError as error:
        raise as_sts(error) from error
    return read_prepared(xml, member or name, digest=hashlib.sha256(data).hexdigest(), source_name=name)
