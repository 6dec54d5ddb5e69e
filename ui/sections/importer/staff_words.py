"""Step 1 for a staff file (STS-web): the same summary card, worded for staff, with the function groups."""

from __future__ import annotations

from elea_desktop.sts.model import function_label
from ui.text import plural

# The drop page's field labels for a staff file (the pupils' labels otherwise).
STAFF_LABELS = {
    "pupils": "Personnels retenus", "classes": "Fonctions retenues", "left": "Sans fonction",
    "without_class": "Autres fonctions", "accounts": "Comptes de personnels",
}


def staff_plan_sentence(counts: dict) -> str:
    parts = [plural(counts.get("users_created", 0), "compte créé", "comptes créés")]
    for key, one, many in (("users_reactivated", "réactivé", "réactivés"),
                           ("users_suspended", "suspendu (personnel parti ou fonction non retenue)",
                            "suspendus (personnels partis ou fonctions non retenues)"),
                           ("users_protected", "protégé, laissé tel quel", "protégés, laissés tels quels")):
        if counts.get(key):
            parts.append(plural(counts[key], f"compte {one}", f"comptes {many}"))
    return "L'importation donnera : " + ", ".join(parts) + "."


def summarise_staff(analysis, wanted: tuple[str, ...]) -> dict:
    """The summary fields of a StaffExport (``wanted``: the FONCTION codes that get an account)."""
    export = analysis.export
    establishment = export.uai or "UAI absent du fichier"
    if analysis.establishment_name and export.uai and export.uai == analysis.bound_uai:
        establishment = f"{analysis.establishment_name} ({export.uai})"
    functions = export.functions()
    # In the order of the settings (Enseignant, CPE, documentaliste, direction…), not alphabetical codes.
    chosen = {code: functions[code] for code in wanted if code in functions}
    others = sum(n for code, n in functions.items() if code not in wanted)
    words = ", ".join(f"{function_label(code)} : {n}" for code, n in chosen.items())
    plan = staff_plan_sentence(analysis.first_plan.counts)
    return {
        "kind": "staff",
        "labels": STAFF_LABELS,
        "file": f"Fichier : {analysis.path.name} (export STS-web des personnels)",
        "establishment": establishment,
        "year": export.school_year_label,
        "exported": f"{export.exported_at:%d/%m/%Y à %H:%M}" if export.exported_at else "inconnue",
        "pupils": len(export.selected(wanted)),
        "classes": len(chosen),
        "left": sum(1 for member in export.staff if member.function is None),
        "without_class": others,
        "accounts": (plural(analysis.active_accounts, "compte actif", "comptes actifs")
                     if analysis.has_accounts else "aucun (première importation des personnels)"),
        # The groups go with the plan line, which wraps: a long list would widen the summary grid.
        "plan": f"{plan[:-1]} — {words}." if words else plan,
    }
