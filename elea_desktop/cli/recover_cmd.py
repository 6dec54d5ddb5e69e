"""``recover new-key`` and ``recover restore-backup``: the ways out of a lost key or a lost database."""

from __future__ import annotations

from elea_desktop.cli.output import emit_json, say
from elea_desktop.errors import SafetyRefusal


def register(subparsers, common) -> None:
    from elea_desktop.cli import SUMMARIES

    parser = subparsers.add_parser(
        "recover", parents=[common],
        help=SUMMARIES["recover"],
        description="new-key : quand la clé des mots de passe est perdue, marque les lots illisibles comme "
        "perdus et crée une nouvelle clé (les mots de passe de ces lots sont perdus ; les comptes restent). "
        "restore-backup : quand la base des comptes est absente ou vide, remet la dernière sauvegarde. "
        "Sans --yes, explique ce qui serait fait (code 3).",
    )
    parser.add_argument("action", choices=("new-key", "restore-backup"))
    parser.add_argument("--yes", action="store_true", help="confirmer l'opération")
    parser.set_defaults(func=run)


def run(args) -> int:
    from elea_desktop import paths
    from elea_desktop.directory import recovery

    data_dir = paths.data_dir(args.data_dir)
    if args.action == "restore-backup":
        refusal = recovery.missing_database_error(data_dir)
        if refusal is None:
            say("La base des comptes est présente : rien à restaurer.")
            return 0
        if not args.yes:
            raise SafetyRefusal(refusal.message, code="confirm_restore", overridable=True,
                                cli_hint="Pour restaurer : python main.py recover restore-backup --yes")
        restored = recovery.restore_latest_backup(data_dir)
        if args.json:
            emit_json({"restored": restored.name})
        else:
            say(f"La sauvegarde « {restored.name} » a été restaurée. Refaites la dernière importation si "
                "elle est plus récente que cette sauvegarde.")
        return 0

    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        lost = recovery.key_is_lost(directory)
        if lost is None:
            say("La clé des mots de passe est disponible : rien à faire.")
            return 0
        if not args.yes:
            raise SafetyRefusal(
                f"{lost.message} Les mots de passe encore conservés dans les lots sont définitivement perdus "
                "(les comptes, eux, restent) : une nouvelle clé va être créée et ces lots marqués perdus.",
                code="confirm_new_key", overridable=True,
                cli_hint="Pour créer la nouvelle clé : python main.py recover new-key --yes")
        marked = recovery.create_new_key(directory)
    if args.json:
        emit_json({"new_key": True, "batches_lost": marked})
    else:
        say(f"Nouvelle clé créée ; {len(marked)} lot(s) de mots de passe marqué(s) perdu(s). Redonnez des "
            "mots de passe : importez l'export SIECLE en mode « nouveaux mots de passe » (--passwords new) "
            "ou réinitialisez un compte (accounts reset-password IDENTIFIANT).")
    return 0
