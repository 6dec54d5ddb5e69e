"""The outcome of an import (or of a dry run): counts, lists per category, warnings, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from elea_desktop.importer.outcomes import CATEGORIES, COUNT_KEYS
from elea_desktop.importer.plan import ImportPlan
from elea_desktop.siecle.model import Notice


@dataclass(frozen=True)
class ClassLine:
    code: str
    idnumber: str  # the Moodle cohort id number, e.g. 0750680G-2025-4A
    created: bool
    pupils: int


class ReportLine(NamedTuple):  # a tuple: thousands of them are made per import
    username: str
    first_name: str
    last_name: str
    class_code: str | None
    detail: str = ""


def _functions(plan: ImportPlan) -> dict[str, int]:
    if plan.kind != "staff":
        return {}
    counts: dict[str, int] = {}
    for action in plan.actions:
        code = action.values.get("staff_function")
        if code and action.category != "suspended":
            counts[code] = counts.get(code, 0) + 1
    return dict(sorted(counts.items()))


@dataclass
class ImportReport:
    uai: str | None
    school_year: int | None
    mode: str | None
    counts: dict[str, int]  # exactly the numeric keys of the JSON report (COUNT_KEYS)
    batch_id: int | None  # None when no password was generated, and in a dry run
    import_id: int | None  # None in a dry run
    dry_run: bool
    warnings: tuple[Notice, ...]
    classes: list[ClassLine]
    entries: dict[str, list[ReportLine]] = field(default_factory=dict)
    # Per UAI of the exports imported (one entry outside cités scolaires): its counts and its file.
    per_uai: dict[str, dict] = field(default_factory=dict)
    kind: str = "students"  # or "staff" (STS-web)
    functions: dict[str, int] = field(default_factory=dict)  # staff: selected people per FONCTION code

    @classmethod
    def from_plan(cls, plan: ImportPlan, *, batch_id: int | None, import_id: int | None,
                  dry_run: bool) -> ImportReport:
        entries: dict[str, list[ReportLine]] = {category: [] for category in CATEGORIES}
        for action in plan.actions:
            entries[action.category].append(ReportLine(action.username, action.first_name, action.last_name,
                                                       action.class_code, action.detail))
        classes = [ClassLine(c.class_code, c.idnumber, c.created, c.pupils) for c in plan.cohorts]
        per_uai = {}
        for export in plan.exports or (plan.export,):
            uai = (export.uai or plan.uai or "").upper()
            per_uai[uai] = {
                "school_year": export.school_year,
                "source_name": export.source_name or None,
                **{key: plan.per_uai.get(uai, plan.counts)[key] for key in COUNT_KEYS},
            }
        return cls(uai=plan.uai, school_year=plan.school_year, mode=plan.mode,
                   counts={key: plan.counts[key] for key in COUNT_KEYS}, batch_id=batch_id,
                   import_id=import_id, dry_run=dry_run, warnings=plan.warnings, classes=classes,
                   entries=entries, per_uai=per_uai, kind=plan.kind, functions=_functions(plan))

    @property
    def passwords_generated(self) -> int:
        return self.counts["passwords_generated"]

    def to_json(self) -> dict:
        """The object printed by ``import --json``: exactly the keys documented in the README."""
        return {
            "kind": self.kind,
            "uai": self.uai,
            "school_year": self.school_year,
            **{key: self.counts[key] for key in COUNT_KEYS},
            "batch_id": self.batch_id,
            "per_uai": {uai: dict(values) for uai, values in self.per_uai.items()},
            "warnings": [notice.as_dict() for notice in self.warnings],
        }

    def summary_lines(self) -> list[str]:
        """A short French summary for the terminal and the report page."""
        c = self.counts
        title = "Simulation (aucune modification enregistrée)" if self.dry_run else "Importation terminée"
        year = f"{self.school_year}-{self.school_year + 1}" if self.school_year else "?"
        where = (f"établissement {self.uai}" if len(self.per_uai) < 2
                 else "établissements " + " et ".join(self.per_uai))
        if self.kind == "staff":
            from elea_desktop.sts.model import function_label

            groups = ", ".join(f"{function_label(code)} : {n}" for code, n in self.functions.items())
            second = f"Personnels retenus : {sum(self.functions.values())}"
            second += f" ({groups})" if groups else ""
            title += " (personnels, STS-web)"
        else:
            second = f"Classes : {c['classes_total']} dont {c['classes_created']} nouvelle(s)"
        lines = [
            f"{title} — {where}, année {year}",
            second,
            f"Comptes créés : {c['users_created']}",
            f"Comptes mis à jour : {c['users_updated']}",
            f"Comptes inchangés : {c['users_unchanged']}",
            f"Comptes réactivés : {c['users_reactivated']}",
            *([f"Comptes transférés d'un établissement à l'autre : {c['users_transferred']}"]
              if c["users_transferred"] or len(self.per_uai) > 1 else []),
            f"Comptes protégés : {c['users_protected']}",
            f"Comptes suspendus : {c['users_suspended']}",
            f"Mots de passe générés : {c['passwords_generated']}",
        ]
        if len(self.per_uai) > 1:
            for uai, values in self.per_uai.items():
                lines.append(
                    f"  {uai} : {values['users_created']} créé(s), {values['users_updated']} mis à jour, "
                    f"{values['users_transferred']} transféré(s), {values['users_suspended']} suspendu(s)")
        return lines
