"""``inspect`` of an STS-web file: what it holds and who would get an account (nothing is changed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from elea_desktop.sts.model import DEFAULT_FUNCTIONS, StaffExport, function_label


def selected_functions(data_dir) -> tuple[str, ...]:
    """The directory's ``staff_functions``, read without creating or changing anything (defaults when the
    data folder or its database does not exist yet)."""
    from elea_desktop import paths
    from elea_desktop.directory.store import DB_NAME

    path = Path(paths.data_dir(data_dir, create=False)) / DB_NAME
    if not path.is_file():
        return DEFAULT_FUNCTIONS
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT staff_functions FROM establishment WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:  # an older schema, a locked or damaged base: the import will say more
        return DEFAULT_FUNCTIONS
    return tuple(c for c in (row[0] if row else "").split(",") if c) or DEFAULT_FUNCTIONS


def summary(export: StaffExport, functions: tuple[str, ...]) -> dict:
    return {
        "kind": "staff",
        "uai": export.uai,
        "school_year": export.school_year,
        "exported_at": export.exported_at.isoformat() if export.exported_at else None,
        "staff_total": export.staff_total,
        "staff_selected": len(export.selected(functions)),
        "functions": export.functions(),
        "selected_functions": list(functions),
        "warnings": [notice.as_dict() for notice in export.warnings],
    }


def render(export: StaffExport, functions: tuple[str, ...]) -> list[str]:
    stamp = export.exported_at
    lines = [
        f"Fichier : {export.source_name} (export STS-web des personnels)",
        f"Établissement (UAI) : {export.uai or 'inconnu'}",
        f"Année scolaire : {export.school_year_label}",
        f"Date d'export : {f'{stamp:%d/%m/%Y à %H:%M}' if stamp else 'inconnue'}",
        f"Personnels : {export.staff_total}",
        f"  recevront un compte : {len(export.selected(functions))} "
        f"(fonctions retenues : {', '.join(functions)})",
        "Fonctions :",
    ]
    for code, count in export.functions().items():
        mark = "retenue" if code in functions else "non retenue"
        lines.append(f"  {code:<4} {function_label(code):<28} {count:>4}  ({mark})")
    if export.warnings:
        lines.append(f"Avertissements : {len(export.warnings)}")
        lines.extend(f"  - {notice.message}" for notice in export.warnings)
    else:
        lines.append("Avertissements : aucun")
    return lines
