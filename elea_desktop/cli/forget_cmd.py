"""``accounts forget-leavers``: anonymise the accounts of pupils gone for longer than the set delay.

Registered under ``accounts`` (``register(actions, common)`` is called by ``accounts_cmd``). Like every
operation that cannot be undone on the command line, it asks for ``--yes`` after saying what it would do.
"""

from __future__ import annotations

from elea_desktop.cli.output import emit_json, say
from elea_desktop.errors import SafetyRefusal

HELP = ("anonymiser les comptes des anciens élèves suspendus depuis plus longtemps que le délai réglé "
        "(settings set --forget-after-years) : noms, date de naissance, INE et ELEVE_ID effacés, "
        "identifiant gardé réservé")


def register(actions, common) -> None:
    forget = actions.add_parser(
        "forget-leavers", parents=[common], help=HELP,
        description=HELP + ". Sans --yes ni --dry-run, dit combien de comptes seraient anonymisés (code 3).")
    forget.add_argument("--dry-run", action="store_true",
                        help="lister les comptes concernés sans rien modifier")
    forget.add_argument("--yes", action="store_true", help="confirmer l'anonymisation (définitive)")
    forget.set_defaults(func=run_forget)


def _scope(result) -> str:
    from elea_desktop.directory.forget import year_label

    return (f"suspendus pendant l'année scolaire {year_label(result.latest_eligible_year)} ou avant "
            f"(délai : {result.after_years} année(s) scolaire(s) ; année en cours "
            f"{year_label(result.current_year)})")


def run_forget(args) -> int:
    from elea_desktop.directory.forget import forget_leavers
    from elea_desktop.directory.store import Directory

    with Directory.open(args.data_dir) as directory:
        preview = forget_leavers(directory, dry_run=True)
        count = len(preview.leavers)
        if count and not args.dry_run and not args.yes:
            raise SafetyRefusal(
                f"{count} compte(s) d'anciens élèves {_scope(preview)} seraient anonymisés : noms, date de "
                "naissance, INE et ELEVE_ID effacés, définitivement. Pour les voir : --dry-run.",
                code="confirm_forget", overridable=True,
                cli_hint="Pour anonymiser : python main.py accounts forget-leavers --yes")
        result = preview if args.dry_run or not count else forget_leavers(directory)
    if args.json:
        emit_json(result.as_json())
        return 0
    if not result.leavers:
        say(f"Aucun compte à anonymiser : aucun ancien élève {_scope(result)}.")
        return 0
    if not result.done:
        say(f"{count} compte(s) seraient anonymisés ({_scope(result)}) :")
        for leaver in result.leavers:
            say(f"  {leaver.username:<24}{leaver.first_name} {leaver.last_name.upper()} "
                f"({leaver.class_code or 'sans classe'})")
        say("Pour les anonymiser : python main.py accounts forget-leavers --yes")
        return 0
    say(f"{count} compte(s) anonymisé(s) : noms, date de naissance, INE et ELEVE_ID effacés (aussi dans "
        "l'historique, les lots et les sauvegardes). Leurs identifiants restent réservés.")
    return 0
