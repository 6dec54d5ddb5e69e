"""argparse speaking French: the usage line, the section titles, « -h » and the errors argparse writes
itself (a missing argument, an unknown choice…), so that support staff read one language.

Only the public ways in: a parser subclass (``error``, its own ``-h``) and a help formatter subclass, as
argparse's own RawDescriptionHelpFormatter is. A message argparse adds in a later Python and not listed
here stays in English, never wrong.
"""

from __future__ import annotations

import argparse
import re
import sys

HEADINGS = {"positional arguments": "arguments", "options": "options", "optional arguments": "options"}

# (argparse's English, French), applied in order; ``argument X: …`` wraps the others.
ERRORS = (
    (r"^argument (.+?): (.*)$", r"argument \1 : \2"),
    (r"the following arguments are required: (.*)", r"argument(s) obligatoire(s) manquant(s) : \1"),
    (r"unrecognized arguments: (.*)", r"argument(s) non reconnu(s) : \1"),
    (r"invalid choice: (.+) \(choose from (.*)\)", r"choix invalide : \1 (valeurs possibles : \2)"),
    (r"expected one argument", "une valeur est attendue"),
    (r"expected at least one argument", "au moins une valeur est attendue"),
    (r"invalid (\w+) value: (.*)", r"valeur invalide : \2"),
    (r"one of the arguments (.*) is required", r"un des arguments \1 est obligatoire"),
    (r"not allowed with argument (.*)", r"incompatible avec l'argument \1"),
    (r"ambiguous option: (.+) could match (.*)", r"option ambiguë : \1 peut désigner \2"),
    (r"ignored explicit argument (.*)", r"valeur inattendue : \1"),
)


def in_french(message: str) -> str:
    for english, french in ERRORS:
        message = re.sub(english, french, message)
    return message


class FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)

    def start_section(self, heading):
        super().start_section(HEADINGS.get(heading, heading))


class FrenchArgumentParser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` with French words; subparsers made from it are French too."""

    def __init__(self, *args, add_help: bool = True, formatter_class=FrenchHelpFormatter, **kwargs):
        super().__init__(*args, add_help=False, formatter_class=formatter_class, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="afficher cette aide et quitter")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {in_french(message)}\n")
