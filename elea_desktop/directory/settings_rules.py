"""Checking the establishment's settings before they are saved (French messages, nothing written on error).

Every value is checked before the first write, so one bad value in a batch of changes saves none of them:
the settings dialog and ``settings set`` rely on this.
"""

from __future__ import annotations

import dataclasses
import json
import re
from urllib.parse import urlsplit

from elea_desktop.errors import DirectoryError
from elea_desktop.policies.passwords import MAX_LENGTH, PasswordPolicy
from elea_desktop.policies.usernames import PATTERNS

SETTINGS = (
    "name", "platform_url", "username_pattern", "password_policy", "email_domain",
    "sheet_per_page", "sheet_qr", "sheet_roster", "sheet_single", "moodle_lang", "staff_functions",
    "forget_after_years",
)
PER_PAGE_CHOICES = (8, 10, 12)
# A print of one slip: the slip alone at the top of the page, or a whole-page letter (the schema's CHECK, v8).
SINGLE_CHOICES = {"slip": "la fiche seule en haut de la page", "letter": "une fiche individuelle pleine page"}
# CNIL délibération 2022-100, case 2 (the platform throttles failed logins): see policies/passwords.py.
CNIL_BITS = 50
# Moodle stores e-mail addresses in 100 characters; a username takes at most 40 (+ a collision number).
MAX_EMAIL_DOMAIN = 50
MAX_NAME = 200
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_DOMAIN = re.compile(rf"^{_LABEL}(?:\.{_LABEL})+$")
# The same rule as the Moodle CSV writer's: fr, en, fr_ca, en_us…
_LANG = re.compile(r"^[a-z]{2,3}(_[a-z0-9]+)*$")


def _text(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DirectoryError("Un réglage texte a reçu une valeur qui n'est pas du texte.")
    return value.strip() or None


def _flag(value, what: str) -> int:
    if not isinstance(value, bool):
        raise DirectoryError(f"Le réglage « {what} » doit valoir oui ou non.")
    return int(value)


def check_platform_url(value) -> str | None:
    url = _text(value)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise DirectoryError(
            f"L'adresse de la plateforme « {url} » n'est pas valable : elle doit commencer par https:// "
            "(ou http://) suivi du nom du site, par exemple https://elea.ac-versailles.fr. "
            "Laissez le champ vide si vous ne la connaissez pas."
        )
    return url


def check_email_domain(value) -> str | None:
    domain = _text(value)
    if domain is None:
        return None
    domain = domain.removeprefix("@").lower()
    if len(domain) > MAX_EMAIL_DOMAIN or not _DOMAIN.match(domain):
        raise DirectoryError(
            f"« {domain} » n'est pas un nom de domaine utilisable pour les adresses électroniques : "
            "indiquez seulement la partie après @ (lettres sans accents, chiffres, tirets et points, "
            f"au plus {MAX_EMAIL_DOMAIN} caractères), par exemple college-exemple.invalid. "
            "Laissez le champ vide pour les adresses fictives par défaut."
        )
    return domain


def check_moodle_lang(value) -> str | None:
    if value is None or value is False:
        return None
    lang = _text(value)
    if lang is None:
        return None
    lang = lang.lower()
    if not _LANG.match(lang):
        raise DirectoryError(
            f"« {lang} » n'est pas un code de langue Moodle : indiquez par exemple fr (français) ou en "
            "(anglais), ou retirez la colonne lang."
        )
    return lang


def check_per_page(value) -> int:
    if isinstance(value, bool) or value not in PER_PAGE_CHOICES:
        raise DirectoryError(
            f"Le nombre de fiches par page doit être 8, 10 ou 12 (valeur demandée : {value})."
        )
    return int(value)


def check_single(value) -> str:
    if value not in SINGLE_CHOICES:
        raise DirectoryError(
            f"Présentation inconnue pour l'impression d'une seule fiche : « {value} ». Choisissez slip "
            f"({SINGLE_CHOICES['slip']}) ou letter ({SINGLE_CHOICES['letter']})."
        )
    return value


def check_password_policy(value) -> str:
    try:
        policy = PasswordPolicy.from_dict(value) if isinstance(value, dict) else value
        if not isinstance(policy, PasswordPolicy):
            raise ValueError("Les réglages de mot de passe sont illisibles.")
        policy.validate()
    except (TypeError, ValueError) as error:
        raise DirectoryError(str(error)) from error
    return json.dumps(policy.to_dict(), sort_keys=True)


def check_name(value) -> str | None:
    name = _text(value)
    if name is not None and len(name) > MAX_NAME:
        raise DirectoryError(f"Le nom de l'établissement est trop long (au plus {MAX_NAME} caractères).")
    return name


def check_username_pattern(value) -> str:
    if value not in PATTERNS:
        raise DirectoryError(
            f"Modèle d'identifiant inconnu : « {value} ». Modèles possibles : {', '.join(PATTERNS)}."
        )
    return value


_FUNCTION_CODE = re.compile(r"^[A-Z]{2,6}$")


def check_staff_functions(value) -> str:
    """Comma-separated STS FONCTION codes (``ENS,EDU``), from a string or a sequence of codes."""
    from elea_desktop.sts.model import FUNCTION_LABELS, normalise_functions

    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple | set | frozenset):
        raise DirectoryError("Les fonctions des personnels doivent être une liste de codes STS-web.")
    codes = normalise_functions(str(code) for code in value)
    if not codes:
        raise DirectoryError(
            "Choisissez au moins une fonction des personnels qui reçoit un compte (par exemple ENS, les "
            "enseignants) : sans aucune, une importation STS-web suspendrait tous les comptes des personnels."
        )
    wrong = [code for code in codes if not _FUNCTION_CODE.match(code)]
    if wrong:
        raise DirectoryError(
            f"« {wrong[0]} » n'est pas un code de fonction STS-web. Codes possibles : "
            f"{', '.join(f'{c} ({label})' for c, label in FUNCTION_LABELS.items())}."
        )
    return ",".join(codes)


FORGET_YEARS = (1, 10)  # the schema's CHECK (v7)


def check_forget_after_years(value) -> int:
    low, high = FORGET_YEARS
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DirectoryError(
            f"Le délai avant l'anonymisation des anciens élèves doit être un nombre d'années scolaires "
            f"entre {low} et {high} (valeur demandée : {value})."
        )
    return value


_CHECKS = {
    "name": check_name,
    "platform_url": check_platform_url,
    "username_pattern": check_username_pattern,
    "password_policy": check_password_policy,
    "email_domain": check_email_domain,
    "sheet_per_page": check_per_page,
    "sheet_qr": lambda value: _flag(value, "QR code de l'adresse de la plateforme"),
    "sheet_roster": lambda value: _flag(value, "liste de classe pour l'enseignant"),
    "sheet_single": check_single,
    "moodle_lang": check_moodle_lang,
    "staff_functions": check_staff_functions,
    "forget_after_years": check_forget_after_years,
}


def column_values(changes: dict) -> dict:
    """The SQL values of ``changes``, every one checked; DirectoryError (French) on the first bad one.

    An unknown key is a programming error (``TypeError``): the UAI, for one, is bound by the first import
    and never set by hand.
    """
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    return {key: _CHECKS[key](value) for key, value in changes.items()}


def shortest_length(policy: PasswordPolicy, bits: float = CNIL_BITS) -> int | None:
    """The shortest length reaching ``bits`` with the same options (None: even the longest does not)."""
    for length in range(policy.length, MAX_LENGTH + 1):
        if dataclasses.replace(policy, length=length).entropy_bits >= bits:
            return length
    return None


def cnil_hint(policy: PasswordPolicy) -> str | None:
    """The French advice shown beside a policy under the CNIL's 50 bits; None when it reaches them."""
    if policy.entropy_bits >= CNIL_BITS:
        return None
    needed = shortest_length(policy)
    advice = f" : {needed} caractères suffisent." if needed else "."
    return (f"La CNIL recommande au moins {CNIL_BITS} bits lorsque la plateforme limite les tentatives de "
            f"connexion{advice}")
