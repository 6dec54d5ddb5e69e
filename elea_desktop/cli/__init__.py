"""Command line: argument parsing and output only; the work is done by the core modules.

Each subcommand lives in its own module exposing ``register(subparsers, common)`` (adds its parser,
sets ``func``) and is dispatched here. Nothing on this path imports Qt.

Start-up time is part of every command: only the command being run builds its parser (the others'
modules are not imported), ``--help`` lists the commands from ``SUMMARIES`` without importing any command
module, and the version is looked up only for ``--version``. A new command adds a line to both tables.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from elea_desktop import version
from elea_desktop.cli.french_argparse import FrenchArgumentParser
from elea_desktop.errors import EleaError, ExportError, SafetyRefusal

COMMAND_MODULES = {
    "inspect": "elea_desktop.cli.inspect_cmd",
    "import": "elea_desktop.cli.import_cmd",
    "accounts": "elea_desktop.cli.accounts_cmd",
    "credentials": "elea_desktop.cli.credentials_cmd",
    "settings": "elea_desktop.cli.settings_cmd",
    "recover": "elea_desktop.cli.recover_cmd",
    "moodle": "elea_desktop.cli.moodle_cmd",
    "directory": "elea_desktop.cli.directory_cmd",
}

# The one-line summaries of ``--help``: listing the commands must not import their modules (and what
# those import). A command missing here still works; its module is then imported to list it.
SUMMARIES = {
    "inspect": "lire et vérifier un export SIECLE (élèves) ou STS-web (personnels), sans rien modifier",
    "import": "importer un export SIECLE (classes et comptes élèves) ou STS-web (comptes des personnels)",
    "accounts": "lister les comptes (élèves et personnels), les protéger, réinitialiser un mot de passe, "
                "réimprimer des fiches, imprimer la liste d'une classe",
    "credentials": "réimprimer, exporter vers Moodle ou effacer un lot de mots de passe",
    "settings": "afficher ou modifier les réglages de l'établissement",
    "recover": "sortir d'une clé perdue ou d'une base des comptes perdue",
    "moodle": "envoyer les comptes vers la plateforme Éléa",
    "directory": "exporter l'annuaire vers un autre poste, ou le restaurer depuis un export",
}

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_UNUSABLE_FILE = 2
EXIT_REFUSED = 3

log = logging.getLogger(__name__)


def common_options() -> argparse.ArgumentParser:
    """Options accepted anywhere after a subcommand's name (and after a nested action's name).

    Defaults are SUPPRESS so that a nested parser never overwrites a value given before it;
    ``main`` fills in the real defaults.
    """
    common = FrenchArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DOSSIER",
        default=argparse.SUPPRESS,
        help="dossier des données (par défaut : dossier de l'application de l'utilisateur)",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="sortie JSON sur stdout"
    )
    return common


class _VersionAction(argparse.Action):
    """argparse's ``version`` action, but the version is looked up only when asked for."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="afficher la version et quitter"):  # noqa: A002 (argparse's name)
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{parser.prog} {version()}")
        parser.exit()


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: when it starts with a command, only that command's parser is built;
    otherwise (``--help``, a typo…) every command's."""
    parser = FrenchArgumentParser(
        prog="elea-desktop",
        description="Éléa Desktop : comptes élèves Éléa à partir de l'export SIECLE « Élèves sans adresse ».",
    )
    parser.add_argument("--version", action=_VersionAction)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", required=True)
    common = common_options()
    # The top level has no option taking a value: its first other word is the command.
    chosen = next((word for word in argv or () if not word.startswith("-")), None)
    if chosen in COMMAND_MODULES:
        importlib.import_module(COMMAND_MODULES[chosen]).register(subparsers, common)
        return parser
    for name, module_name in COMMAND_MODULES.items():
        if name in SUMMARIES:
            # Only listed (``--help``, a typo): no command runs through this parser, argparse stops first.
            subparsers.add_parser(name, help=SUMMARIES[name])
        else:
            importlib.import_module(module_name).register(subparsers, common)
    return parser


def exit_code_for(error: EleaError) -> int:
    if isinstance(error, ExportError):
        return EXIT_UNUSABLE_FILE
    if isinstance(error, SafetyRefusal):
        return EXIT_REFUSED
    return EXIT_UNEXPECTED


def _use_utf8_streams() -> None:
    # Windows consoles default to a legacy code page: French text and JSON must survive.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    _use_utf8_streams()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s", stream=sys.stderr)
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(argv).parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    if not hasattr(args, "json"):
        args.json = False
    try:
        return args.func(args)
    except EleaError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        if getattr(error, "cli_hint", None):
            print(error.cli_hint, file=sys.stderr)
        elif error.code in {"vault_key_lost", "vault_corrupt"}:
            print("Pour créer une nouvelle clé (les mots de passe conservés sont perdus, les comptes "
                  "restent) : python main.py recover new-key", file=sys.stderr)
        return exit_code_for(error)
    except BrokenPipeError:
        # The reader of our output went away (``… | head``): not an error of ours. Point stdout at
        # devnull so that the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("Interrompu : aucune modification n'a été enregistrée.", file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as error:  # the last resort: never a bare traceback for a secretariat
        # sqlite3 is imported only by the commands that open the directory: if it is not loaded, the error
        # cannot be one of its own.
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is not None and isinstance(error, sqlite3.Error):
            from elea_desktop.directory.sqlite_errors import explain

            log.debug("database error", exc_info=True)
            print(f"Erreur : {explain(error).message}", file=sys.stderr)
            return EXIT_UNEXPECTED
        log.debug("unexpected error", exc_info=True)
        print(f"Erreur inattendue : {error!r}", file=sys.stderr)
        return EXIT_UNEXPECTED
