"""``settings``: show the establishment's settings; ``settings set`` changes them."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING

from elea_desktop.cli.output import emit_json, open_directory, say, warn

if TYPE_CHECKING:
    from elea_desktop.directory.models import Establishment

PATTERN_NOTE = ("Un nouveau modèle d'identifiant ne s'applique qu'aux comptes créés à partir de maintenant : "
                "les identifiants existants ne changent jamais.")
POLICY_NOTE = ("Les nouveaux réglages de mot de passe s'appliquent aux prochains mots de passe générés ; "
               "les mots de passe déjà distribués ne changent pas.")


def register(subparsers, common) -> None:
    # The choices and limits shown by ``settings set --help``, imported only when this command is built.
    from elea_desktop.cli import SUMMARIES
    from elea_desktop.directory.settings_rules import PER_PAGE_CHOICES, SINGLE_CHOICES
    from elea_desktop.policies.passwords import MAX_LENGTH, MIN_LENGTH
    from elea_desktop.policies.usernames import PATTERNS
    from elea_desktop.sts.model import FUNCTION_LABELS

    parser = subparsers.add_parser(
        "settings",
        parents=[common],
        help=SUMMARIES["settings"],
        description="Sans action : affiche les réglages de l'établissement (nom, adresse de la plateforme, "
        "identifiants, mots de passe, fiches d'identifiants, fichier Moodle). « settings set » les modifie.",
    )
    parser.set_defaults(func=run_show)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    change = actions.add_parser(
        "set", parents=[common],
        help="modifier un ou plusieurs réglages",
        description="Modifie les réglages donnés ; les autres restent inchangés. Si une valeur est refusée, "
        "aucun réglage n'est modifié. " + PATTERN_NOTE,
    )
    change.add_argument("--name", metavar="TEXTE", help="nom de l'établissement imprimé sur les fiches")
    change.add_argument("--platform-url", metavar="ADRESSE",
                        help="adresse de la plateforme Éléa (https://…) ; chaîne vide pour l'effacer")
    change.add_argument("--username-pattern", choices=tuple(PATTERNS),
                        help="modèle des identifiants des comptes créés désormais : "
                        + " ; ".join(f"{key} = {label}" for key, label in PATTERNS.items()))
    change.add_argument("--password-length", type=int, metavar="N",
                        help=f"longueur des mots de passe ({MIN_LENGTH} à {MAX_LENGTH} caractères)")
    change.add_argument("--uppercase", action=argparse.BooleanOptionalAction, default=None,
                        help="inclure (ou non) au moins une majuscule dans les mots de passe")
    change.add_argument("--symbol", action=argparse.BooleanOptionalAction, default=None,
                        help="inclure (ou non) un symbole dans les mots de passe")
    change.add_argument("--email-domain", metavar="DOMAINE",
                        help="domaine des adresses électroniques du fichier Moodle (identifiant@DOMAINE) ; "
                        "chaîne vide pour revenir aux adresses fictives <uai>.invalid")
    change.add_argument("--per-page", type=int, choices=PER_PAGE_CHOICES,
                        help="fiches d'identifiants par page A4 (8, 10 ou 12)")
    change.add_argument("--qr", action=argparse.BooleanOptionalAction, default=None,
                        help="imprimer (ou non) un QR code de l'adresse de la plateforme sur les fiches")
    change.add_argument("--roster", action=argparse.BooleanOptionalAction, default=None,
                        help="ajouter (ou non) une liste de classe pour l'enseignant après chaque classe")
    change.add_argument("--single", choices=tuple(SINGLE_CHOICES),
                        help="présentation quand une seule fiche est imprimée (nouveau mot de passe, "
                        "réimpression d'un élève) : "
                        + " ; ".join(f"{key} = {label}" for key, label in SINGLE_CHOICES.items()))
    lang = change.add_mutually_exclusive_group()
    lang.add_argument("--moodle-lang", metavar="CODE",
                      help="ajouter la colonne lang au fichier Moodle avec ce code (par exemple fr) ; "
                      "seulement si ce module de langue est installé sur la plateforme")
    lang.add_argument("--no-moodle-lang", dest="moodle_lang", action="store_const", const=False,
                      help="ne pas mettre de colonne lang dans le fichier Moodle (réglage d'origine)")
    cite = change.add_argument_group("cité scolaire (un collège et un lycée, un annuaire)")
    cite.add_argument("--add-uai", action="append", default=[], metavar="UAI",
                      help="rattacher l'UAI d'un autre établissement de la cité scolaire : ses exports "
                      "SIECLE pourront être importés, et chaque élève garde un seul compte")
    cite.add_argument("--name-for", nargs=2, action="append", default=[], metavar=("UAI", "NOM"),
                      help="nom d'un établissement rattaché (ou de l'établissement principal), imprimé sur "
                      "les fiches de ses élèves")
    cite.add_argument("--remove-uai", action="append", default=[], metavar="UAI",
                      help="retirer un UAI rattaché par erreur (seulement s'il n'a encore ni compte "
                      "ni classe)")
    change.add_argument("--staff-functions", metavar="CODES",
                        help="fonctions STS-web des personnels qui reçoivent un compte, séparées par des "
                        "virgules (par défaut ENS,EDU,DOC,DIR) : "
                        + " ; ".join(f"{code} = {label}" for code, label in FUNCTION_LABELS.items()))
    change.add_argument("--forget-after-years", type=int, metavar="N",
                        help="années scolaires pendant lesquelles le compte suspendu d'un ancien élève est "
                        "gardé avant de pouvoir être anonymisé (accounts forget-leavers ; 1 à 10, par "
                        "défaut 1)")
    change.set_defaults(func=run_set)


def _yes(value: bool) -> str:
    return "oui" if value else "non"


def describe(settings: Establishment) -> list[str]:
    """The settings as French lines, in the order of the settings dialog."""
    from elea_desktop.directory.settings_rules import SINGLE_CHOICES, cnil_hint
    from elea_desktop.policies.usernames import PATTERNS
    from elea_desktop.sts.model import function_label

    policy = settings.password_policy
    pattern = PATTERNS.get(settings.username_pattern, settings.username_pattern)
    lines = [
        "Établissement",
        f"  UAI : {settings.uai or 'pas encore fixé (il le sera par la première importation)'}",
        "  Nom : " + (settings.name or "non renseigné (l'UAI est imprimé sur les fiches)"),
    ]
    if settings.other_uais:
        lines.append("  Cité scolaire : UAI rattachés")
        lines += [f"    {entry.uai} : {entry.name or 'nom non renseigné'}" for entry in settings.other_uais]
    lines += [
        f"  Adresse de la plateforme Éléa : {settings.platform_url or 'non renseignée'}",
        "Identifiants",
        f"  Modèle : {pattern} [{settings.username_pattern}]",
        f"  {PATTERN_NOTE}",
        "Mots de passe",
        f"  {policy.describe()}",
    ]
    hint = cnil_hint(policy)
    if hint:
        lines.append(f"  {hint}")
    default = settings.default_email_domain or "<uai>.invalid"
    email = settings.email_domain or f"{default} (par défaut : adresses fictives qui ne reçoivent rien)"
    lines += [
        "Fiches d'identifiants",
        f"  Fiches par page : {settings.sheet_per_page}",
        f"  QR code de l'adresse de la plateforme : {_yes(settings.sheet_qr)}",
        f"  Liste de classe pour l'enseignant : {_yes(settings.sheet_roster)}",
        f"  Une seule fiche à imprimer : {SINGLE_CHOICES.get(settings.sheet_single, settings.sheet_single)} "
        f"[{settings.sheet_single}]",
        "Fichier Moodle",
        f"  Adresses électroniques : identifiant@{email}",
        f"  Colonne lang : {settings.moodle_lang or 'non'}",
        "Personnels (export STS-web)",
        "  Fonctions qui reçoivent un compte : "
        + ", ".join(f"{function_label(code)} [{code}]" for code in settings.staff_functions),
        "Données personnelles",
        f"  Anciens élèves anonymisables après : {settings.forget_after_years} année(s) scolaire(s) "
        "de suspension",
    ]
    return lines


def run_show(args) -> int:
    with open_directory(args.data_dir) as directory:
        settings = directory.settings()
    if args.json:
        emit_json(settings.as_json())
    else:
        for line in describe(settings):
            say(line)
        say()
        say("Pour les modifier : python main.py settings set --help")
    return 0


def _changes(args, current: Establishment) -> dict:
    changes: dict = {}
    for option, key in (("name", "name"), ("platform_url", "platform_url"),
                        ("username_pattern", "username_pattern"), ("email_domain", "email_domain"),
                        ("per_page", "sheet_per_page"), ("qr", "sheet_qr"), ("roster", "sheet_roster"),
                        ("single", "sheet_single"),
                        ("moodle_lang", "moodle_lang"), ("staff_functions", "staff_functions"),
                        ("forget_after_years", "forget_after_years")):
        value = getattr(args, option)
        if value is not None:
            changes[key] = value
    policy = {name: value for name, value in (("length", args.password_length),
                                               ("uppercase", args.uppercase), ("symbol", args.symbol))
              if value is not None}
    if policy:
        # min_digits has no option: it keeps its saved value.
        changes["password_policy"] = dataclasses.replace(current.password_policy, **policy)
    return changes


def run_set(args) -> int:
    with open_directory(args.data_dir) as directory:
        before = directory.settings()
        changes = _changes(args, before)
        names = dict(args.name_for)
        cite_changes = bool(args.add_uai or names or args.remove_uai)
        if not changes and not cite_changes:
            warn("Aucun réglage à modifier : indiquez au moins une option "
                 "(python main.py settings set --help).")
            return 1
        # One transaction: a bad value (DirectoryError, French) saves none of the changes.
        with directory.transaction():
            directory.update_settings(**changes)
            if cite_changes:
                directory.update_cite(add=args.add_uai, names=names, remove=args.remove_uai)
        after = directory.settings()
    notes = ["Réglages enregistrés."]
    if after.username_pattern != before.username_pattern:
        notes.append(PATTERN_NOTE)
    if after.password_policy != before.password_policy:
        notes.append(POLICY_NOTE)
    if after.sheet_qr and not after.platform_url:
        notes.append("Attention : le QR code ne sera imprimé qu'une fois l'adresse de la plateforme "
                     "renseignée (--platform-url).")
    if args.json:
        emit_json(after.as_json())
        for note in notes[1:]:
            warn(note)
        return 0
    for note in notes:
        say(note)
    say()
    for line in describe(after):
        say(line)
    return 0
