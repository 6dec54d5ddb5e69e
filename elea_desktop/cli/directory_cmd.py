"""``directory export FILE`` / ``directory restore FILE``: the directory to another PC, under a passphrase.

The passphrase is never an argument (it would stay in the shell history and the process list): it is typed
at the terminal (twice for an export) or read from the first line of ``--passphrase-file`` for scripts.
"""

from __future__ import annotations

from pathlib import Path

from elea_desktop.cli.output import emit_json, say
from elea_desktop.errors import ExportError


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "directory", parents=[common],
        help="exporter l'annuaire vers un autre poste, ou le restaurer depuis un export",
        description="export FICHIER : écrit l'annuaire (comptes, historique, réglages et lots de mots de "
        "passe encore conservés) dans un fichier chiffré par une phrase de passe (au moins 12 caractères), à "
        "restaurer sur le nouveau poste. restore FICHIER : remplace l'annuaire de ce poste par celui du "
        "fichier ; si ce poste a déjà un annuaire, --replace est nécessaire et une copie est gardée dans "
        "« backups ». La phrase de passe est demandée au clavier, ou lue dans --passphrase-file.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    # allow_abbrev=False: « --passphrase SECRET » must not be taken for --passphrase-file (and SECRET for a
    # file name, echoed in the error message).
    export = actions.add_parser("export", parents=[common], allow_abbrev=False,
                                help="exporter l'annuaire dans un fichier chiffré")
    restore = actions.add_parser("restore", parents=[common], allow_abbrev=False,
                                 help="restaurer l'annuaire depuis un export")
    for action in (export, restore):
        action.add_argument("file", metavar="FICHIER", type=Path)
        action.add_argument("--passphrase-file", metavar="F", type=Path,
                            help="lire la phrase de passe sur la première ligne de ce fichier (scripts)")
    restore.add_argument("--replace", action="store_true",
                         help="remplacer l'annuaire existant de ce poste (une copie est gardée)")
    export.set_defaults(func=run_export)
    restore.set_defaults(func=run_restore)


def _from_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"Le fichier de phrase de passe « {path} » ne peut pas être lu ({exc}).",
                          code="passphrase_file") from None
    lines = text.splitlines()
    return lines[0] if lines else ""


def _typed(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise ExportError("Aucune phrase de passe n'a été saisie : lancez la commande dans un terminal, ou "
                          "donnez --passphrase-file.", code="passphrase_missing") from None


def passphrases(args, *, twice: bool) -> tuple[str, str | None]:
    if args.passphrase_file is not None:
        return _from_file(args.passphrase_file), None
    first = _typed("Phrase de passe de l'export : ")
    return first, (_typed("Saisissez-la une seconde fois : ") if twice else None)


def run_export(args) -> int:
    from elea_desktop.directory import transfer

    passphrase, repeated = passphrases(args, twice=True)
    summary = transfer.export_directory(args.data_dir, args.file, passphrase, repeated=repeated)
    if args.json:
        emit_json({"file": str(args.file), **summary.as_json()})
        return 0
    say(f"Annuaire exporté dans « {args.file} » : {summary.accounts} compte(s), "
        f"{summary.held_passwords} mot(s) de passe encore à distribuer dans {summary.held_batches} lot(s).")
    say("Gardez ce fichier et sa phrase de passe séparément ; supprimez le fichier une fois l'annuaire "
        "restauré sur le nouveau poste.")
    return 0


def run_restore(args) -> int:
    from elea_desktop.directory import transfer

    passphrase, _ = passphrases(args, twice=False)
    summary = transfer.restore_directory(args.data_dir, args.file, passphrase, replace=args.replace)
    if args.json:
        emit_json({"file": str(args.file), **summary.as_json()})
        return 0
    say(f"Annuaire restauré : {summary.label}, {summary.accounts} compte(s), "
        f"{summary.held_passwords} mot(s) de passe encore à distribuer.")
    if summary.backup is not None:
        say(f"L'annuaire remplacé est gardé dans « backups/{summary.backup.name} ».")
    say("Si la plateforme Éléa était connectée sur l'ancien poste, saisissez à nouveau son jeton : "
        "python main.py moodle connect")
    return 0
