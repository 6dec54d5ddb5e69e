"""``moodle connect|status|sync|disconnect``: the platform sync on the command line (same core as the window).

Exit codes: 0 done; 2 platform unreachable, token refused or missing functions; 3 refused by a rule
(password policy, conflicts); 4 partly done (the next ``moodle sync`` completes it).
"""

from __future__ import annotations

import sys

from elea_desktop.cli.output import emit_json, open_directory, say, warn
from elea_desktop.platform.errors import PlatformError

_PENDING_LABELS = {
    "users_to_create": "comptes à créer",
    "users_to_update": "comptes à mettre à jour",
    "users_to_suspend": "comptes à suspendre",
    "users_to_reactivate": "comptes à réactiver",
    "memberships_to_add": "inscriptions en cohorte à ajouter",
    "memberships_to_remove": "inscriptions en cohorte à retirer",
}


def register(subparsers, common) -> None:
    from elea_desktop.cli import SUMMARIES

    parser = subparsers.add_parser(
        "moodle",
        parents=[common],
        help=SUMMARIES["moodle"],
        description="Synchronisation des comptes avec la plateforme Éléa (Moodle) par ses services web.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    connect = actions.add_parser(
        "connect", parents=[common], help="vérifier et enregistrer l'adresse et le jeton"
    )
    connect.add_argument("url", metavar="ADRESSE", help="adresse de la plateforme, par exemple https://…")
    connect.add_argument(
        "--token-file",
        metavar="FICHIER",
        help="fichier contenant le jeton (sinon : une ligne sur l'entrée standard)",
    )
    connect.add_argument(
        "--max-fields",
        type=int,
        metavar="N",
        help="champs par appel (max_input_vars de PHP sur la plateforme, 1000 par défaut)",
    )
    connect.set_defaults(func=_connect)
    status = actions.add_parser(
        "status", parents=[common], help="état de la connexion et changements à envoyer"
    )
    status.set_defaults(func=_status)
    sync = actions.add_parser("sync", parents=[common], help="envoyer l'annuaire vers la plateforme")
    sync.add_argument("--dry-run", action="store_true", help="compter ce qui changerait, sans rien envoyer")
    sync.set_defaults(func=_sync)
    disconnect = actions.add_parser("disconnect", parents=[common], help="oublier le jeton")
    disconnect.set_defaults(func=_disconnect)


def _read_token(args) -> str:
    if args.token_file:
        try:
            with open(args.token_file, encoding="utf-8") as handle:
                return handle.readline().strip()
        except OSError as error:
            raise PlatformError(
                f"Le fichier de jeton « {args.token_file} » ne peut pas être lu ({error.strerror}).",
                code="token_file",
            ) from None
    if sys.stdin is None or sys.stdin.isatty():
        warn("Collez le jeton d'accès puis appuyez sur Entrée :")
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.strip()


def _connect(args) -> int:
    from elea_desktop.platform import connection as platform_connection  # keyring: only when connecting

    try:
        token = _read_token(args)
        with open_directory(args.data_dir) as directory:
            conn, info, warnings = platform_connection.connect(
                directory, args.url, token, field_budget=args.max_fields
            )
    except PlatformError as error:
        warn(f"Erreur : {error.message}")
        return error.exit_code
    for text in warnings:
        warn(f"Attention : {text}")
    if args.json:
        emit_json(
            {
                "url": conn.url,
                "connected": True,
                "site_name": info.sitename,
                "release": info.release,
                "site_user": info.username,
                "missing_functions": [],
            }
        )
    else:
        say(
            f"Connecté à « {info.sitename} » ({conn.url}, Moodle {info.release}) avec le compte "
            f"« {info.username} »."
        )
    return 0


def _status(args) -> int:
    from elea_desktop.platform.status import status

    with open_directory(args.data_dir) as directory:
        data = status(directory)
    if args.json:
        emit_json(data)
        return 0
    if data["url"] is None:
        say("Aucune plateforme connectée (« moodle connect ADRESSE »).")
    else:
        state = "connecté" if data["connected"] else "non connecté"
        say(
            f"Plateforme : {data['url']} — {state}"
            + (f" ({data['site_name']}, Moodle {data['release']})" if data["site_name"] else "")
        )
        if data["error"]:
            say(f"  {data['error']['message']}")
        if data["missing_functions"]:
            say("  Fonctions non autorisées : " + ", ".join(data["missing_functions"]))
    pending = {k: v for k, v in data["pending"].items() if v}
    if not pending:
        say("Rien à envoyer depuis le dernier envoi.")
    for key, value in pending.items():
        say(f"  {value} {_PENDING_LABELS[key]}")
    return 0


def _sync(args) -> int:
    from elea_desktop.platform.sync import run_sync

    with open_directory(args.data_dir) as directory:
        report = run_sync(directory, dry_run=args.dry_run)
    if args.json:
        data = report.as_json()
        emit_json(data)
    else:
        _print_report(report)
    if report.error is not None:
        warn(f"Erreur : {report.error.message}")
    return report.exit_code


def _print_report(report) -> None:
    verb = "Changements prévus (rien n'a été envoyé)" if report.dry_run else "Envoi vers la plateforme"
    say(f"{verb} :")
    for label, value in (
        ("comptes créés", report.users_created),
        ("comptes mis à jour", report.users_updated),
        ("comptes suspendus", report.users_suspended),
        ("comptes réactivés", report.users_reactivated),
        ("mots de passe envoyés", report.passwords_sent),
        ("cohortes créées", report.cohorts_created),
        ("inscriptions en cohorte ajoutées", report.memberships_added),
        ("inscriptions en cohorte retirées", report.memberships_removed),
    ):
        say(f"  {label} : {value}")
    for conflict in report.conflicts:
        say(f"  Conflit : {conflict.name} ({conflict.username}) — {conflict.reason} : compte non envoyé.")
    for text in report.warnings:
        say(f"  Attention : {text}")
    if report.batch_id is not None:
        say(
            f"  Nouveaux mots de passe : imprimez les fiches du lot n° {report.batch_id} "
            f"(« credentials {report.batch_id} --pdf fiches.pdf »)."
        )


def _disconnect(args) -> int:
    from elea_desktop.platform import connection as platform_connection

    with open_directory(args.data_dir) as directory:
        forgotten = platform_connection.disconnect(directory)
    say(
        "Jeton oublié : la plateforme n'est plus connectée."
        if forgotten
        else "Aucune plateforme n'était connectée."
    )
    return 0
