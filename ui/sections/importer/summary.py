"""What step 1 says about a file: plain French figures, the reader's warnings, and any blocking refusal."""

from __future__ import annotations

from elea_desktop.siecle.model import ACTIVE, LEFT, WITHOUT_CLASS
from ui.text import plural


def safety_message(finding) -> str:
    # ``message`` never names command-line options (those are in ``cli_hint``): a dialog asks instead.
    return getattr(finding, "message", str(finding)).strip()


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "inconnue"


def plan_sentence(counts: dict) -> str:
    """What the import will do, whatever the password choice (that part is shown by the choice dialog)."""
    parts = [plural(counts.get("users_created", 0), "compte créé", "comptes créés")]
    for key, one, many in (("users_reactivated", "réactivé", "réactivés"),
                           ("users_suspended", "suspendu (élève parti)", "suspendus (élèves partis)"),
                           ("users_protected", "protégé, laissé tel quel", "protégés, laissés tels quels")):
        if counts.get(key):
            parts.append(plural(counts[key], f"compte {one}", f"comptes {many}"))
    classes = counts.get("classes_created", 0)
    if classes:
        parts.append(plural(classes, "nouvelle classe", "nouvelles classes"))
    return "L'importation donnera : " + ", ".join(parts) + "."


def summarise(analysis) -> tuple[dict, list[str], str | None]:
    export = analysis.export
    classes = export.classes()
    establishment = export.uai or "UAI absent du fichier"
    if analysis.establishment_name and export.uai and export.uai == analysis.bound_uai:
        establishment = f"{analysis.establishment_name} ({export.uai})"
    exported = _date(export.export_date)
    if export.exported_at is not None:
        exported = f"{export.exported_at:%d/%m/%Y à %H:%M}"
    summary = {
        "file": f"Fichier : {analysis.path.name}",
        "establishment": establishment,
        "year": export.school_year_label,
        "exported": exported,
        "pupils": export.count(ACTIVE),
        "classes": len(classes),
        "left": export.count(LEFT),
        "without_class": export.count(WITHOUT_CLASS),
        "accounts": (plural(analysis.active_accounts, "compte actif", "comptes actifs")
                     if analysis.has_accounts else "aucun (première importation)"),
        "plan": plan_sentence(analysis.first_plan.counts),
    }
    warnings = [notice.message for notice in export.warnings]
    blocking = None
    for finding in analysis.first_plan.findings:
        if not finding.overridable and finding.code != "mode_required":
            blocking = safety_message(finding)
            break
    # What Importer would ask about (a partial or older export), shown before anyone clicks, same words.
    summary["cautions"] = [safety_message(f) for f in analysis.first_plan.findings
                           if f.overridable and f.code != "mode_required"]
    if blocking is not None and export.uai != analysis.bound_uai:
        summary["establishment"] = f"{export.uai or 'UAI absent'} (un autre établissement)"
    return summary, warnings, blocking
