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
                           ("users_transferred", "transféré d'un établissement à l'autre",
                            "transférés d'un établissement à l'autre"),
                           ("users_suspended", "suspendu (élève parti)", "suspendus (élèves partis)"),
                           ("users_protected", "protégé, laissé tel quel", "protégés, laissés tels quels")):
        if counts.get(key):
            parts.append(plural(counts[key], f"compte {one}", f"comptes {many}"))
    classes = counts.get("classes_created", 0)
    if classes:
        parts.append(plural(classes, "nouvelle classe", "nouvelles classes"))
    return "L'importation donnera : " + ", ".join(parts) + "."


# Cité scolaire notices of the plan that step 1 shows beside the file's own warnings; the advice to import
# both establishments' exports together is shown in sight, with the cautions.
CITE_NOTICES = ("school_years_differ", "cross_uai_lookalike", "listed_by_two_uais")
CITE_ADVICE = ("import_together", "exports_apart")


def _establishment(analysis, export) -> str:
    settings = getattr(analysis, "settings", None)
    if not export.uai:
        return "UAI absent du fichier"
    name = settings.name_of(export.uai) if settings is not None else None
    if name is None and export.uai == analysis.bound_uai:
        name = analysis.establishment_name
    return f"{name} ({export.uai})" if name else export.uai


def _exported(export) -> str:
    if export.exported_at is not None:
        return f"{export.exported_at:%d/%m/%Y à %H:%M}"
    return _date(export.export_date)


def summarise(analysis) -> tuple[dict, list[str], str | None]:
    if getattr(analysis, "is_staff", False):
        return _summarise_staff(analysis)
    exports = tuple(getattr(analysis, "exports", ())) or (analysis.export,)
    paths = tuple(getattr(analysis, "paths", ())) or (analysis.path,)
    several = len(exports) > 1
    years = list(dict.fromkeys(e.school_year_label for e in exports))
    summary = {
        "file": (f"Fichiers : {', '.join(p.name for p in paths)}" if several
                 else f"Fichier : {paths[0].name}"),
        # One line per establishment: two names side by side would widen the page past a 1024-px screen.
        "establishment": "\n".join(_establishment(analysis, e) for e in exports),
        "year": " / ".join(years),
        "exported": "\n".join(_exported(e) for e in exports),
        "pupils": sum(e.count(ACTIVE) for e in exports),
        "classes": sum(len(e.classes()) for e in exports),
        "left": sum(e.count(LEFT) for e in exports),
        "without_class": sum(e.count(WITHOUT_CLASS) for e in exports),
        "accounts": (plural(analysis.active_accounts, "compte actif", "comptes actifs")
                     if analysis.has_accounts else "aucun (première importation)"),
        "plan": plan_sentence(analysis.first_plan.counts),
    }
    warnings = [(f"{e.uai} : {notice.message}" if several else notice.message)
                for e in exports for notice in e.warnings]
    warnings += [n.message for n in analysis.first_plan.warnings if n.code in CITE_NOTICES]
    blocking = None
    for finding in analysis.first_plan.findings:
        if not finding.overridable and finding.code != "mode_required":
            blocking = safety_message(finding)
            break
    # What Importer would ask about (a partial or older export), shown before anyone clicks, same words.
    summary["cautions"] = [safety_message(f) for f in analysis.first_plan.findings
                           if f.overridable and f.code != "mode_required"]
    summary["cautions"] += [n.message for n in analysis.first_plan.warnings if n.code in CITE_ADVICE]
    settings = getattr(analysis, "settings", None)
    known = settings.declared_uais if settings is not None and settings.uai else {analysis.bound_uai}
    if blocking is not None and any(e.uai != analysis.bound_uai and (e.uai or "").upper() not in known
                                    for e in exports):
        summary["establishment"] = "\n".join(
            _establishment(analysis, e) if (e.uai or "").upper() in known
            else f"{e.uai or 'UAI absent'} (un autre établissement)" for e in exports)
    return summary, warnings, blocking


def _summarise_staff(analysis) -> tuple[dict, list[str], str | None]:
    """An STS-web file: the staff's figures (``staff_words``), the same cautions and refusals."""
    from ui.sections.importer.staff_words import summarise_staff

    findings = analysis.first_plan.findings
    summary = summarise_staff(analysis, analysis.staff_functions)
    summary["cautions"] = [safety_message(f) for f in findings if f.overridable]
    blocking = next((safety_message(f) for f in findings if not f.overridable and f.code != "mode_required"),
                    None)
    return summary, [notice.message for notice in analysis.export.warnings], blocking
