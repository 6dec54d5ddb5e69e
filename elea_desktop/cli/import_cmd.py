"""``import ARCHIVE [ARCHIVE…]``: bring SIECLE exports into the account directory, all or nothing.

Several archives are the exports of a cité scolaire's establishments (one per declared UAI), imported in
one transaction.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from elea_desktop.cli.output import emit_json, open_directory, say, warn
from elea_desktop.cli.sheet_outputs import (
    add_sheet_options,
    describe_outputs,
    flush_warnings,
    write_outputs,
)
from elea_desktop.errors import ExportError

if TYPE_CHECKING:
    from elea_desktop.importer.progress import ImportProgress


def register(subparsers, common) -> None:
    from elea_desktop.cli import SUMMARIES

    parser = subparsers.add_parser(
        "import",
        parents=[common],
        help=SUMMARIES["import"],
        description="Importe l'export SIECLE « Élèves sans adresse » ou l'export STS-web des personnels "
        "(sts_emp_<UAI>_<année> ; seules les fonctions retenues dans les réglages reçoivent un compte) "
        "dans l'annuaire des comptes, "
        "en une seule transaction : en cas de refus, d'erreur ou d'interruption, rien n'est modifié. "
        "Codes de sortie : 0 importé, 2 fichier inutilisable, 3 refusé par une règle de sécurité (ou mode "
        "de mot de passe manquant), 1 erreur inattendue.",
    )
    parser.add_argument("archives", metavar="ARCHIVE", nargs="+",
                        help="ExportXML_ElevesSansAdresses.zip, sts_emp_<UAI>_<année>.zip ou le fichier XML "
                        "exporté ; pour une cité scolaire, un export SIECLE par établissement rattaché, "
                        "importés ensemble")
    parser.add_argument("--passwords", choices=("new", "keep"), default=None,
                        help="new : nouveaux mots de passe pour tous les élèves ; keep : seuls les "
                        "comptes créés ou réactivés en reçoivent un (obligatoire dès que des comptes "
                        "existent)")
    parser.add_argument("--dry-run", action="store_true",
                        help="simulation : calcule et affiche le résultat sans rien enregistrer")
    parser.add_argument("--yes", action="store_true",
                        help="confirmer un export plus ancien que le dernier importé ou un export partiel")
    add_sheet_options(parser)
    parser.set_defaults(func=run)


class _TerminalProgress:
    """One self-rewriting line on stderr, only when it is a terminal."""

    def __call__(self, event: ImportProgress) -> None:
        what = "Classes" if event.stage == "classes" else "Comptes"
        sys.stderr.write(f"\r{what} : {event.done}/{event.total}   ")
        if event.done == event.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run(args) -> int:
    # The work's modules (readers, directory, importer) load here, not for ``import --help``.
    from elea_desktop.credentials.staged_outputs import OutputStage
    from elea_desktop.exports import read_any
    from elea_desktop.importer.engine import run_import
    from elea_desktop.sts.model import StaffExport

    # Pupils (SIECLE) or staff (STS-web), by content; ExportError (exit 2) before the directory is opened.
    exports = [read_any(archive) for archive in args.archives]
    if len(exports) > 1 and any(isinstance(e, StaffExport) for e in exports):
        raise ExportError("Un export STS-web des personnels s'importe seul : lancez une importation par "
                          "fichier (les exports SIECLE d'une cité scolaire, eux, s'importent ensemble).",
                          code="mixed_kinds")
    with open_directory(args.data_dir) as directory:
        written: list[Path] = []
        outputs: dict = {}

        stage = OutputStage(directory.data_dir)

        def before_commit(report) -> None:
            # Inside the transaction: a PDF or CSV that cannot be written cancels the whole import. They
            # keep temporary names until the COMMIT: a kill in between never leaves sheets of passwords
            # that were not saved.
            with stage.active():
                outputs.update(write_outputs(directory, args, batch_id=report.batch_id,
                                             import_id=report.import_id, written=written))

        wants_files = bool(args.pdf or args.moodle_csv)
        progress = _TerminalProgress() if not args.json and sys.stderr.isatty() else None
        try:
            # Handed over, not kept here: run_import lets one export go before the PDF and the CSV are
            # written, so that they reuse its memory.
            report = run_import(directory, exports.pop() if len(exports) == 1 else exports, args.passwords,
                                confirmed=args.yes, dry_run=args.dry_run, progress=progress,
                                before_commit=before_commit if wants_files else None)
        except BaseException:
            stage.discard()  # the final names were never created: nothing else to remove
            raise
        finally:
            flush_warnings(directory)
        stage.publish()
    if args.dry_run and wants_files:
        warn("Simulation : aucun fichier n'a été écrit.")
    if args.json:
        emit_json(report.to_json())
        for notice in report.warnings:
            warn(f"Avertissement : {notice.message}")
        return 0
    for line in report.summary_lines():
        say(line)
    for notice in report.warnings:
        say(f"Avertissement : {notice.message}")
    if report.batch_id is not None:
        say(f"Lot de mots de passe n° {report.batch_id} : {report.passwords_generated} mot(s) de passe, "
            "conservés chiffrés 30 jours au plus.")
        if not args.pdf:
            say(f"Imprimez-les : python main.py credentials {report.batch_id} --pdf fiches.pdf")
    for line in describe_outputs(outputs):
        say(line)
    return 0
