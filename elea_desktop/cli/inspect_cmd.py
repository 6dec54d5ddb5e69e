"""``inspect ARCHIVE``: read and check a SIECLE export, print what it holds, change nothing."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from elea_desktop.cli.output import emit_json, say
from elea_desktop.siecle.model import ACTIVE, LEFT, WITHOUT_CLASS

if TYPE_CHECKING:
    from elea_desktop.siecle.model import Export


def register(subparsers, common) -> None:
    from elea_desktop.cli import SUMMARIES

    parser = subparsers.add_parser(
        "inspect",
        parents=[common],
        help=SUMMARIES["inspect"],
        description="Lit l'export SIECLE « Élèves sans adresse » ou l'export STS-web « Emplois du temps » "
        "(sts_emp_<UAI>_<année>, archive zip ou fichier XML), le vérifie et en affiche le résumé. Le type "
        "de fichier est reconnu à son contenu. Rien n'est enregistré. "
        "Code de sortie : 0 si le fichier est lisible, "
        "2 s'il est refusé.",
    )
    parser.add_argument(
        "archive", metavar="ARCHIVE",
        help="ExportXML_ElevesSansAdresses.zip, sts_emp_<UAI>_<année>.zip ou le fichier XML exporté"
    )
    parser.set_defaults(func=run)


def summary(export: Export) -> dict:
    """The ``--json`` document (also a stable summary for other front ends)."""
    return {
        "kind": "students",
        "uai": export.uai,
        "school_year": export.school_year,
        "exported_at": export.exported_at.isoformat() if export.exported_at else None,
        "students_total": export.students_total,
        "students_active": export.count(ACTIVE),
        "students_left": export.count(LEFT),
        "students_without_class": export.count(WITHOUT_CLASS),
        "classes": export.classes(),
        "warnings": [notice.as_dict() for notice in export.warnings],
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _exported_label(export: Export) -> str:
    stamp = export.exported_at
    if stamp is None:
        return "inconnue"
    if stamp.time() == time(0, 0) and export.export_date == stamp.date():
        return f"{stamp:%d/%m/%Y}"  # DATE_EXPORT only: no time of day to show
    return f"{stamp:%d/%m/%Y à %H:%M}"


def render(export: Export) -> list[str]:
    exported = _exported_label(export)
    lines = [
        f"Fichier : {export.source_name}",
        f"Établissement (UAI) : {export.uai or 'inconnu'}",
        f"Année scolaire : {export.school_year_label}",
        f"Date d'export : {exported}",
        f"Élèves : {export.students_total}",
        f"  actifs : {export.count(ACTIVE)}",
        f"  sortis : {export.count(LEFT)}",
        f"  sans classe : {export.count(WITHOUT_CLASS)}",
    ]
    classes = export.classes()
    lines.append(f"Classes : {len(classes)}")
    width = max((len(code) for code in classes), default=0)
    lines.extend(f"  {code.ljust(width)}  {_plural(n, 'élève')}" for code, n in classes.items())
    if export.warnings:
        lines.append(f"Avertissements : {len(export.warnings)}")
        lines.extend(f"  - {notice.message}" for notice in export.warnings)
    else:
        lines.append("Avertissements : aucun")
    return lines


def run(args) -> int:
    # The readers (lxml, zipfile) load only when a file is read, not for ``inspect --help``.
    from elea_desktop.exports import read_any
    from elea_desktop.sts.model import StaffExport

    export = read_any(args.archive)
    if isinstance(export, StaffExport):
        from elea_desktop.cli import staff_inspect

        functions = staff_inspect.selected_functions(args.data_dir)
        if args.json:
            emit_json(staff_inspect.summary(export, functions))
        else:
            for line in staff_inspect.render(export, functions):
                say(line)
        return 0
    if args.json:
        emit_json(summary(export))
    else:
        for line in render(export):
            say(line)
    return 0
