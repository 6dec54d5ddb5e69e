"""From raw records to the typed ``Export``: dates, names, classes, statuses and warnings.

Rules worth knowing (``siecle-format.md`` §6–§10):
- the class is the last usable ``D`` of ``STRUCTURES``; ``Inactifs`` is not a class; ``G`` are groups;
  ``SCOLARITE_AN_DERNIER`` is last year and is never read;
- a pupil has left when ``DATE_SORTIE`` ≤ the export date (``DATE_EXPORT``, else ``HORODATAGE``, else the
  day of reading); a later ``DATE_SORTIE`` keeps the pupil active, with a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import date, datetime
from functools import lru_cache

from elea_desktop.errors import ExportError
from elea_desktop.siecle.model import ACTIVE, LEFT, WITHOUT_CLASS, Export, Notice, Pupil
from elea_desktop.siecle.records import RawExport, RawPupil
from elea_desktop.siecle.uai import is_valid_uai
from elea_desktop.text import without_unprintable

NOT_A_CLASS = "inactifs"
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TIMESTAMP = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")


@lru_cache(maxsize=8192)  # a school's pupils share a few hundred birth and exit dates
def parse_date(text: str | None) -> date | None:
    """``dd/mm/yyyy`` as SIECLE writes it; None when absent or impossible."""
    if not text:
        return None
    if len(text) == 10 and text[2] == "/" and text[5] == "/" and (text[:2] + text[3:5] + text[6:]).isdigit():
        try:  # the shape of every real value: skip the regex
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
        except ValueError:
            pass
    match = _DATE.fullmatch(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_timestamp(text: str | None) -> datetime | None:
    match = _TIMESTAMP.fullmatch(text or "")
    if not match:
        return None
    day, month, year, hour, minute = (int(g) for g in match.groups()[:5])
    try:
        return datetime(year, month, day, hour, minute, int(match.group(6) or 0))
    except ValueError:
        return None


def _name(text: str | None) -> str | None:
    if not text:
        return None
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _who(raw: RawPupil, family: str | None, first: str | None) -> str:
    label = " ".join(part for part in (first, family) if part)
    return f"L'élève {label} (ELEVE_ID {raw.eleve_id})" if label else f"L'élève ELEVE_ID {raw.eleve_id}"


class _Builder:
    def __init__(self, raw: RawExport, today: date):
        self.raw = raw
        self.warnings: list[Notice] = []
        params = raw.parameters
        self.uai = params.get("UAJ") or None
        self.export_date = parse_date(params.get("DATE_EXPORT"))
        stamp = parse_timestamp(params.get("HORODATAGE"))
        self.exported_at = stamp or (datetime.combine(self.export_date, datetime.min.time())
                                     if self.export_date else None)
        self.reference_date = self.export_date or (stamp.date() if stamp else None) or today
        self.school_year = self._school_year(params.get("ANNEE_SCOLAIRE"))
        self._check_parameters(params)

    def warn(self, code: str, message: str, eleve_id: str | None = None) -> None:
        self.warnings.append(Notice(code, message, eleve_id))

    def _school_year(self, text: str | None) -> int | None:
        if text and text.isdigit() and 1990 <= int(text) <= 2100:
            return int(text)
        if text:
            self.warn("invalid_school_year", f"L'année scolaire « {text} » du fichier est illisible.")
        else:
            self.warn("missing_school_year", "Le fichier n'indique pas l'année scolaire (ANNEE_SCOLAIRE).")
        return None

    def _check_parameters(self, params: dict[str, str]) -> None:
        if not self.uai:
            self.warn("missing_uai", "Le fichier n'indique pas l'établissement (UAJ) : vérifiez qu'il s'agit "
                      "bien de l'export de votre établissement.")
        elif not is_valid_uai(self.uai):
            self.warn("invalid_uai", f"Le code établissement « {self.uai} » n'est pas un UAI valide "
                      "(7 chiffres et une lettre de contrôle) : l'importation de ce fichier sera refusée. "
                      "Vérifiez qu'il s'agit bien de l'export de votre établissement.")
        if params.get("DATE_EXPORT") and not self.export_date:
            self.warn("invalid_export_date", f"La date d'export « {params['DATE_EXPORT']} » est illisible.")
        if not self.export_date and not self.exported_at:
            self.warn("missing_export_date", "Le fichier n'indique pas sa date d'export : les sorties "
                      "d'élèves sont évaluées par rapport à la date du jour.")

    def _classes(self, raw: RawPupil, who) -> tuple[str | None, tuple[str, ...]]:
        entries = self.raw.structures.get(raw.eleve_id)
        if not entries:
            return None, ()
        if len(entries) == 1:  # the usual case: one division, no group
            code, kind = entries[0]
            if kind == "D" and code.casefold() != NOT_A_CLASS:
                return code, ()
        divisions = []
        groups: dict[str, None] = {}  # ordered and without repeats
        for code, kind in entries:
            if kind == "D":
                if code.casefold() != NOT_A_CLASS:
                    divisions.append(code)
            elif kind == "G":
                groups[code] = None
        if len(divisions) > 1 and len(set(divisions)) > 1:
            listed = ", ".join(f"« {d} »" for d in divisions)
            self.warn("several_divisions", f"{who()} figure dans plusieurs classes ({listed}) : la dernière, "
                      f"« {divisions[-1]} », a été retenue. Vérifiez sa classe dans SIECLE.", raw.eleve_id)
        return (divisions[-1] if divisions else None), tuple(groups)

    def _date(self, text: str | None, label: str, raw: RawPupil, who) -> date | None:
        if not text:
            return None
        value = parse_date(text)
        if value is None:
            self.warn("invalid_date", f"{who()} a une {label} illisible (« {text} ») : elle a été ignorée.",
                      raw.eleve_id)
        return value

    def _birth_date(self, text: str | None, raw: RawPupil, who) -> date | None:
        value = self._date(text, "date de naissance", raw, who)
        if value is not None and (value.year < 1900 or value > self.reference_date):
            when = "dans le futur" if value > self.reference_date else "avant 1900"
            self.warn("implausible_birth_date", f"{who()} a une date de naissance invraisemblable "
                      f"({value:%d/%m/%Y}, {when}) : vérifiez-la dans SIECLE.", raw.eleve_id)
        return value

    def pupil(self, raw: RawPupil) -> Pupil | None:
        # One unpacking rather than a lookup per field (the order of records.PUPIL_FIELD_ORDER).
        (elenoet, id_national, ine_rnie, ine_bea, nom_de_famille, nom, nom_usage, prenom, prenom2, prenom3,
         date_naiss, code_sexe, date_sortie, code_motif_sortie, code_mef) = raw.values
        family = _name(nom_de_famille or nom)
        first = _name(prenom)
        def who() -> str:  # only built when a warning needs it
            return _who(raw, family, first)

        usage = _name(nom_usage)
        first2, first3 = _name(prenom2), _name(prenom3)
        stripped, (family, first, usage, first2, first3) = without_unprintable(
            family, first, usage, first2, first3)
        if stripped:
            self.warn("control_character", f"{who()} a un nom contenant des caractères invisibles ou de "
                      "contrôle : ils ont été retirés. Vérifiez l'orthographe de son nom dans SIECLE.",
                      raw.eleve_id)
        if not family or not first:
            missing = "de nom de famille" if not family else "de prénom"
            self.warn("missing_name", f"{who()} n'a pas {missing} : il n'a pas été repris. "
                      "Complétez sa fiche dans SIECLE puis refaites l'export.", raw.eleve_id)
            return None
        if "?" in family or "?" in first or (usage and "?" in usage):
            self.warn("unencodable_character", f"{who()} a un nom contenant « ? » : SIECLE n'a pas "
                      "pu exporter un caractère. Vérifiez l'orthographe de son nom.", raw.eleve_id)
        class_code, groups = self._classes(raw, who)
        exit_date = self._date(date_sortie, "date de sortie", raw, who)
        status = ACTIVE if class_code else WITHOUT_CLASS
        if exit_date and exit_date <= self.reference_date:
            status = LEFT
        elif exit_date:
            self.warn("future_exit_date", f"{who()} a une date de sortie future "
                      f"({exit_date:%d/%m/%Y}) : il est compté comme présent jusqu'à cette date.",
                      raw.eleve_id)
        ine = id_national or ine_rnie or ine_bea or None
        if not ine and status != LEFT:
            self.warn("missing_ine", f"{who()} n'a pas d'INE (identifiant national).", raw.eleve_id)
        # Positional: with sixteen fields, keyword binding costs more than building the tuple itself.
        return Pupil(
            raw.eleve_id or "",  # eleve_id
            family,  # family_name
            first,  # first_name
            status,
            elenoet or raw.elenoet_attribute,  # elenoet
            ine,
            usage,  # usage_name
            first2,  # first_name2
            first3,  # first_name3
            self._birth_date(date_naiss, raw, who),
            code_sexe or None,  # sex
            exit_date,
            code_motif_sortie or None,  # exit_reason
            code_mef or None,  # mef
            class_code,
            groups,
        )

    def pupils(self) -> tuple[Pupil, ...]:
        seen: set[str] = set()
        result: list[Pupil] = []
        for raw in self.raw.pupils:
            if not raw.eleve_id:
                self.warn("missing_eleve_id", "Un élève sans identifiant SIECLE (ELEVE_ID) a été ignoré.")
                continue
            if raw.eleve_id in seen:
                raise ExportError(
                    f"L'identifiant d'élève ELEVE_ID « {raw.eleve_id} » apparaît plusieurs fois : "
                    "le fichier est incohérent et ne peut pas être utilisé. Téléchargez de nouveau l'export "
                    "depuis SIECLE.",
                    code="duplicate_eleve_id",
                )
            seen.add(raw.eleve_id)
            pupil = self.pupil(raw)
            if pupil is not None:
                result.append(pupil)
        self._check_ines(result)
        return tuple(result)

    def _check_ines(self, pupils: list[Pupil]) -> None:
        by_ine: dict[str, list[Pupil]] = defaultdict(list)
        for p in pupils:
            if p.ine:
                by_ine[p.ine].append(p)
        for ine, owners in by_ine.items():
            if len(owners) > 1:
                names = ", ".join(f"{p.display_name} (ELEVE_ID {p.eleve_id})" for p in owners)
                for p in owners:
                    self.warn("duplicate_ine", f"L'INE {ine} est partagé par plusieurs élèves : {names}. "
                              "Corrigez-le dans SIECLE.", p.eleve_id)

    def structure_warnings(self, pupils: tuple[Pupil, ...]) -> None:
        if pupils and not self.raw.has_structures_block:
            self.warn("no_structures", "Le fichier ne contient aucune classe (bloc STRUCTURES absent) : les "
                      "classes n'ont peut-être pas encore été saisies dans SIECLE.")
        if not pupils:
            self.warn("no_pupils", "Le fichier ne contient aucun élève utilisable.")


def build_export(raw: RawExport, *, today: date, notices=(), digest: str = "",
                 source_name: str = "") -> Export:
    builder = _Builder(raw, today)
    builder.warnings[:0] = list(notices)
    if raw.has_addresses:
        builder.warn("with_addresses", "Ce fichier est l'export « Élèves avec adresses » : il a été accepté, "
                     "mais les adresses sont ignorées et ne sont jamais enregistrées. La prochaine fois, "
                     "utilisez l'export « Élèves sans adresse ».")
    pupils = builder.pupils()
    builder.structure_warnings(pupils)
    groups = sorted({g for p in pupils for g in p.groups})
    return Export(
        uai=builder.uai,
        school_year=builder.school_year,
        export_date=builder.export_date,
        exported_at=builder.exported_at,
        pupils=pupils,
        warnings=tuple(builder.warnings),
        with_addresses=raw.has_addresses,
        digest=digest,
        source_name=source_name,
        groups=tuple(groups),
    )
