"""The safety rules an import must pass; each refusal carries a French message and a stable code.

- ``uai_missing`` / ``year_missing``: the file does not say which establishment or year (never overridable).
- ``uai_invalid``: the UAI is not 7 digits and the right check letter (never overridable): it becomes part of
  e-mails, cohorts and file names, so a damaged or hostile value must never be bound.
- ``uai_mismatch``: the file is another establishment's (never overridable).
- ``mode_required``: the directory has accounts and no password mode was chosen (never overridable).
- ``older_export``: the file is older than one already imported (overridable by confirmation).
- ``partial_export``: its active pupils are fewer than 75 % of the active, non-protected accounts
  (overridable): typically one class or one level exported by mistake, which would suspend everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from elea_desktop.errors import SafetyRefusal
from elea_desktop.siecle.model import Export
from elea_desktop.siecle.uai import is_valid_uai
from elea_desktop.sts.model import StaffExport

PARTIAL_RATIO = 0.75
MODE_HINT = "Relancez la commande avec l'option --passwords new ou --passwords keep."
CONFIRM_HINT = "Si c'est bien voulu, relancez la commande avec l'option --yes pour confirmer l'importation."


def check(export: Export, *, bound_uai: str | None, has_accounts: bool, mode: str | None,
          latest_export: datetime | None, active_accounts: int,
          declared: frozenset[str] = frozenset()) -> list[SafetyRefusal]:
    """Every rule the import breaks, the non-overridable ones first.

    ``declared``: the UAIs of a cité scolaire declared beside ``bound_uai``; ``latest_export`` and
    ``active_accounts`` are those of the export's own UAI (each export speaks for its UAI only).
    """
    findings: list[SafetyRefusal] = []
    accepted = {u.upper() for u in declared} | ({bound_uai.upper()} if bound_uai else set())
    if not export.uai:
        findings.append(SafetyRefusal(
            "Le fichier n'indique pas l'établissement (UAI absent des paramètres de l'export) : il "
            "ne peut pas "
            "être importé. Refaites l'export « Élèves sans adresse » depuis SIECLE (Base élèves "
            "établissement).",
            code="uai_missing", overridable=False))
    elif not is_valid_uai(export.uai.upper()):
        findings.append(SafetyRefusal(
            f"Le code établissement « {export.uai} » du fichier n'est pas un UAI valide (7 chiffres suivis "
            "de la lettre de contrôle, par exemple 0750680G) : le fichier est abîmé ou ne vient pas de "
            "SIECLE, il ne peut pas être importé. Refaites l'export « Élèves sans adresse » depuis SIECLE.",
            code="uai_invalid", overridable=False))
    elif bound_uai and export.uai.upper() not in accepted:
        others = sorted(accepted - {bound_uai.upper()})
        whose = f"de l'établissement {bound_uai}" + (f" (et {', '.join(others)})" if others else "")
        findings.append(SafetyRefusal(
            f"Ce fichier est celui de l'établissement {export.uai}, alors que les comptes enregistrés "
            f"sont ceux {whose}. Importez l'export SIECLE de votre établissement ; pour "
            "gérer un "
            "autre établissement, utilisez un autre dossier de données. S'il s'agit de l'autre "
            "établissement d'une cité scolaire (collège et lycée), rattachez d'abord son UAI dans "
            "Réglages (« Cité scolaire : UAI rattachés »).",
            code="uai_mismatch", overridable=False,
            cli_hint="Un autre dossier de données se choisit avec l'option --data-dir DOSSIER ; un UAI "
            f"se rattache avec : python main.py settings set --add-uai {export.uai} "
            f"--name-for {export.uai} \"Nom de l'établissement\"."))
    findings += common_rules(export, has_accounts=has_accounts, mode=mode, latest_export=latest_export,
                             wording=PUPILS_WORDING)
    active_pupils = export.count("active")
    if active_accounts and active_pupils < PARTIAL_RATIO * active_accounts:
        findings.append(SafetyRefusal(
            f"Le fichier ne contient que {active_pupils} élève(s) scolarisé(s), alors que {active_accounts} "
            "comptes sont actifs : il s'agit probablement de l'export d'une seule classe ou d'un "
            "seul niveau. "
            f"L'importer suspendrait les comptes de tous les autres élèves. Exportez tout l'établissement "
            "depuis SIECLE.",
            code="partial_export", overridable=True, cli_hint=CONFIRM_HINT))
    findings.sort(key=lambda finding: finding.overridable)
    return findings


@dataclass(frozen=True)
class Wording:
    """The messages of the rules both kinds of import share, in their kind's words."""

    year_missing: str
    mode_required: str
    older_export: str  # a str.format template of ``exported`` and ``latest`` (datetimes)


PUPILS_WORDING = Wording(
    year_missing="Le fichier n'indique pas l'année scolaire : il ne peut pas être importé. Refaites "
    "l'export « Élèves sans adresse » depuis SIECLE.",
    mode_required="Des comptes existent déjà : choisissez le traitement des mots de passe, nouveaux mots "
    "de passe pour tous les élèves, ou mots de passe existants conservés (seuls les nouveaux comptes et "
    "les comptes réactivés en reçoivent un).",
    older_export="Ce fichier a été exporté le {exported:%d/%m/%Y à %H:%M}, avant le dernier export déjà "
    "importé ({latest:%d/%m/%Y à %H:%M}) : l'importer remettrait les comptes dans un état ancien. "
    "Utilisez un export récent.",
)


def common_rules(export: Export | StaffExport, *, has_accounts: bool, mode: str | None,
                 latest_export: datetime | None, wording: Wording) -> list[SafetyRefusal]:
    """``year_missing``, ``mode_required`` and ``older_export``, in this order: the rules a pupils' and a
    staff import both pass; ``has_accounts`` and ``latest_export`` are those of the export's own kind."""
    findings: list[SafetyRefusal] = []
    if export.school_year is None:
        findings.append(SafetyRefusal(wording.year_missing, code="year_missing", overridable=False))
    if has_accounts and mode is None:
        findings.append(SafetyRefusal(wording.mode_required, code="mode_required", overridable=False,
                                      cli_hint=MODE_HINT))
    if latest_export is not None and export.exported_at is not None and export.exported_at < latest_export:
        findings.append(SafetyRefusal(
            wording.older_export.format(exported=export.exported_at, latest=latest_export),
            code="older_export", overridable=True, cli_hint=CONFIRM_HINT))
    return findings


def duplicate_uai(uai: str) -> SafetyRefusal:
    return SafetyRefusal(
        f"Deux des fichiers donnés sont des exports du même établissement ({uai}) : importez-en un seul, "
        "le plus récent (un export par établissement de la cité scolaire).",
        code="duplicate_uai", overridable=False)


def in_cite(finding: SafetyRefusal, uai: str) -> SafetyRefusal:
    """The same refusal, its message saying which establishment's export it is about."""
    return SafetyRefusal(f"Export de l'établissement {uai} : {finding.message}", code=finding.code,
                         overridable=finding.overridable, cli_hint=finding.cli_hint)


def blocking(findings: list[SafetyRefusal], *, confirmed: bool) -> SafetyRefusal | None:
    """The refusal to raise: any non-overridable one, else an overridable one not confirmed."""
    for finding in findings:
        if not finding.overridable or not confirmed:
            return finding
    return None
