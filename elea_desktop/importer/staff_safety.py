"""The safety rules of a staff import (STS-web), worded for staff; same codes as the pupils' rules.

- ``uai_missing`` / ``year_missing`` / ``uai_mismatch`` / ``mode_required``: never overridable; the UAI is the
  directory's, bound by the first import of either kind; a mode is required once staff accounts exist.
- ``older_export``: the file is older than the last STS-web export imported (overridable).

The pupils' partial-export rule counts pupils only: there is none for staff.
"""

from __future__ import annotations

from datetime import datetime

from elea_desktop.errors import SafetyRefusal
from elea_desktop.importer.safety import Wording, common_rules
from elea_desktop.sts.model import StaffExport
from elea_desktop.sts.wording import HOW_TO_EXPORT

_WORDING = Wording(
    year_missing=f"Le fichier STS-web n'indique pas l'année scolaire : il ne peut pas être importé. "
    f"{HOW_TO_EXPORT}",
    mode_required="Des comptes de personnels existent déjà : choisissez le traitement des mots de passe, "
    "nouveaux mots de passe pour tous les personnels, ou mots de passe existants conservés (seuls les "
    "nouveaux comptes et les comptes réactivés en reçoivent un).",
    older_export="Ce fichier STS-web a été exporté le {exported:%d/%m/%Y à %H:%M}, avant le dernier export "
    "STS-web déjà importé ({latest:%d/%m/%Y à %H:%M}) : l'importer remettrait les comptes des personnels "
    "dans un état ancien. Utilisez un export récent.",
)


def check(export: StaffExport, *, bound_uai: str | None, has_staff_accounts: bool, mode: str | None,
          latest_export: datetime | None, declared: frozenset[str] = frozenset()) -> list[SafetyRefusal]:
    """``declared``: every UAI of the directory (a cité scolaire has several), the bound one included."""
    findings: list[SafetyRefusal] = []
    if not export.uai:
        findings.append(SafetyRefusal(
            "Le fichier STS-web n'indique pas l'établissement (UAJ absent des paramètres) : il ne peut pas "
            f"être importé. {HOW_TO_EXPORT}", code="uai_missing", overridable=False))
    elif bound_uai and export.uai.upper() not in (declared or {bound_uai.upper()}):
        findings.append(SafetyRefusal(
            f"Ce fichier STS-web est celui de l'établissement {export.uai}, alors que les comptes "
            f"enregistrés sont ceux de l'établissement {bound_uai}. Importez l'export STS-web de votre "
            "établissement ; pour gérer un autre établissement, utilisez un autre dossier de données.",
            code="uai_mismatch", overridable=False,
            cli_hint="Un autre dossier de données se choisit avec l'option --data-dir DOSSIER."))
    findings += common_rules(export, has_accounts=has_staff_accounts, mode=mode,
                             latest_export=latest_export, wording=_WORDING)
    findings.sort(key=lambda finding: finding.overridable)
    return findings
