"""``credentials``: list, re-export (PDF sheets, Moodle CSV) or purge the credential batches still held."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from elea_desktop.cli.output import emit_json, open_directory, say
from elea_desktop.cli.sheet_outputs import (
    add_sheet_options,
    describe_outputs,
    flush_warnings,
    remove_files,
    write_outputs,
)
from elea_desktop.text import class_sort_key

if TYPE_CHECKING:
    from elea_desktop.directory.store import Directory


def _by_class(item: tuple[str, int]) -> tuple:
    return class_sort_key(item[0])


def register(subparsers, common) -> None:
    from elea_desktop.cli import SUMMARIES

    parser = subparsers.add_parser(
        "credentials",
        parents=[common],
        help=SUMMARIES["credentials"],
        description="Les mots de passe générés par une importation ou une réinitialisation forment un lot, "
        "conservé chiffré jusqu'à ce qu'il soit marqué comme distribué (--purge) ou pendant 30 jours. "
        "Sans option : résumé du dernier lot disponible.",
    )
    parser.add_argument("batch_id", metavar="LOT", nargs="?", type=int,
                        help="numéro du lot (par défaut : le plus récent encore disponible)")
    parser.add_argument("--class", dest="class_code", metavar="CLASSE",
                        help="limiter à une classe, celle qu'avaient les élèves à la création du lot "
                        "(« Sans classe » : les élèves sans classe ; « Personnels » : les personnels)")
    parser.add_argument("--include-left", action="store_true",
                        help="faire aussi les fiches des élèves partis depuis la création du lot (compte "
                        "suspendu), marquées « compte suspendu » ; par défaut ils n'en ont pas")
    parser.add_argument("--list", action="store_true", help="lister les lots, leur âge et leur taille")
    parser.add_argument("--purge", metavar="LOT", type=int,
                        help="marquer le lot comme distribué et effacer ses mots de passe")
    add_sheet_options(parser)
    parser.set_defaults(func=run)


def _list(directory: Directory, args) -> int:
    from elea_desktop.directory.batch_status import ORIGINS, classes_text, days_left, status_text

    infos = directory.list_batches()
    if args.json:
        emit_json([info.as_json() for info in infos])  # oldest first, as scripts have always read it
        return 0
    # Newest first, in the words of the window's « Lots d'identifiants » section.
    infos.sort(key=lambda info: info.id, reverse=True)
    if not infos:
        say("Aucun lot de mots de passe.")
        return 0
    classes = directory.batch_classes()
    say("Lot  Créé le           Origine          Comptes  État                  Effacement      Classes")
    for info in infos:
        origin = ORIGINS.get(info.origin, info.origin)
        say(f"{info.id:>3}  {info.created_at.astimezone():%d/%m/%Y %H:%M}  {origin:<16}{info.size:>8}  "
            f"{status_text(info):<22}{days_left(info) or '-':<16}"
            f"{classes_text(classes.get(info.id, []))}")
    return 0


def run(args) -> int:
    with open_directory(args.data_dir) as directory:
        try:
            if args.list:
                return _list(directory, args)
            if args.purge is not None:
                directory.purge_batch(args.purge)
                if args.json:
                    emit_json({"batch_id": args.purge, "purged": True})
                else:
                    say(f"Lot n° {args.purge} marqué comme distribué : ses mots de passe sont effacés.")
                return 0
            batch = directory.load_batch(args.batch_id, include_left=args.include_left)
            written: list[Path] = []
            try:
                result = write_outputs(directory, args, batch_id=batch.batch_id, import_id=None,
                                       written=written)
            except BaseException:
                remove_files(written)
                raise
            classes = Counter(c.class_code or "" for c in batch.credentials)
            if args.json:
                emit_json({"batch_id": batch.batch_id, "created_at": batch.created_at.isoformat(),
                           "origin": batch.origin, "size": len(batch.credentials), "left_out": batch.left_out,
                           "classes": dict(sorted(classes.items(), key=_by_class)), **result})
            else:
                say(f"Lot n° {batch.batch_id} du {batch.created_at.astimezone():%d/%m/%Y à %H:%M} : "
                    f"{len(batch.credentials)} mot(s) de passe.")
                for code, count in sorted(classes.items(), key=_by_class):
                    say(f"  {code or 'sans classe'} : {count}")
                if batch.left_out:
                    say(f"{batch.left_out} élève(s) parti(s) depuis (compte suspendu) : sans fiche ; "
                        "--include-left pour les leur faire quand même.")
                for line in describe_outputs(result):
                    say(line)
                if not result:
                    say("Pour les imprimer : --pdf FICHIER ; pour Moodle : --moodle-csv FICHIER.")
            return 0
        finally:
            flush_warnings(directory)
