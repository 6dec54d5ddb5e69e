"""``accounts``: list the accounts; ``protect``/``unprotect`` one; ``reset-password`` gives a new password;
``class-list`` and ``reprint`` are in ``accounts_print_cmd``."""

from __future__ import annotations

from pathlib import Path

from elea_desktop.cli import accounts_print_cmd, forget_cmd
from elea_desktop.cli.output import emit_json, open_directory, say
from elea_desktop.cli.sheet_outputs import (
    add_sheet_options,
    describe_outputs,
    flush_warnings,
    remove_files,
    write_outputs,
)


def register(subparsers, common) -> None:
    from elea_desktop.cli import SUMMARIES

    parser = subparsers.add_parser(
        "accounts",
        parents=[common],
        help=SUMMARIES["accounts"],
        description="Sans action : liste tous les comptes (actifs et suspendus), par classe et par nom.",
    )
    parser.add_argument("--class", dest="class_code", metavar="CLASSE", help="seulement cette classe")
    parser.add_argument("--role", choices=("student", "staff"),
                        help="seulement les comptes élèves (student) ou des personnels (staff)")
    parser.add_argument("--status", choices=("active", "suspended"),
                        help="seulement les comptes actifs (active) ou suspendus (suspended)")
    parser.set_defaults(func=run_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    for name, protected, text in (
        ("protect", True, "protéger un compte : les importations ne le modifient, ne le suspendent ni ne "
                          "changent jamais son mot de passe"),
        ("unprotect", False, "retirer la protection d'un compte"),
    ):
        action = actions.add_parser(name, parents=[common], help=text, description=text)
        action.add_argument("username", metavar="IDENTIFIANT")
        action.set_defaults(func=run_protect, protected=protected)
    reset = actions.add_parser(
        "reset-password", parents=[common],
        help="donner un nouveau mot de passe à un compte (nouveau lot de mots de passe)",
        description="Génère un nouveau mot de passe pour un compte actif, dans un nouveau lot (réimprimable "
        "30 jours). Pour Moodle, déposez le CSV (--moodle-csv) avec « Mot de passe des utilisateurs "
        "existants : Mettre à jour ».",
    )
    reset.add_argument("username", metavar="IDENTIFIANT")
    add_sheet_options(reset)
    reset.set_defaults(func=run_reset)
    accounts_print_cmd.register(actions, common)
    forget_cmd.register(actions, common)


def run_list(args) -> int:
    with open_directory(args.data_dir) as directory:
        accounts = directory.list_accounts(class_code=args.class_code, status=args.status, role=args.role)
    if args.json:
        emit_json([account.as_json() for account in accounts])
        return 0
    if not accounts:
        say("Aucun compte.")
        return 0
    width = max(len(a.username) for a in accounts)
    for account in accounts:
        flags = []
        if account.forgotten_at is not None:
            flags.append("anonymisé")
        elif account.status != "active":
            flags.append("suspendu")
        if account.protected:
            flags.append("protégé")
        suffix = f"  ({', '.join(flags)})" if flags else ""
        group = account.class_code or (f"[{account.function or '—'}]" if account.role == "staff" else "—")
        say(f"{group:<8}{account.username:<{width + 2}}"
            f"{account.first_name} {account.last_name.upper()}{suffix}")
    active = sum(1 for a in accounts if a.status == "active")
    say(f"{len(accounts)} compte(s), dont {active} actif(s) et {len(accounts) - active} suspendu(s).")
    return 0


def run_protect(args) -> int:
    with open_directory(args.data_dir) as directory:
        directory.protect(args.username, args.protected)
        account = directory.get_account(args.username)
    if args.json:
        emit_json({"username": account.username, "protected": account.protected})
    elif account.protected:
        say(f"Le compte « {account.username} » est protégé : les importations ne le modifieront plus.")
    else:
        say(f"Le compte « {account.username} » n'est plus protégé.")
    return 0


def run_reset(args) -> int:
    with open_directory(args.data_dir) as directory:
        try:
            batch_id = directory.reset_password(args.username)
            written: list[Path] = []
            try:
                outputs = write_outputs(directory, args, batch_id=batch_id, import_id=None, written=written)
            except BaseException:
                remove_files(written)
                raise
            batch = directory.load_batch(batch_id)
        finally:
            flush_warnings(directory)
    credential = batch.credentials[0]
    if args.json:
        emit_json({"username": credential.username, "password": credential.password, "batch_id": batch_id,
                   **outputs})
        return 0
    say(f"Nouveau mot de passe de « {credential.username} » ({credential.first_name} "
        f"{credential.last_name.upper()}) : {credential.password}")
    say(f"Lot de mots de passe n° {batch_id}.")
    for line in describe_outputs(outputs):
        say(line)
    return 0
