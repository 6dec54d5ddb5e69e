"""Recognising the pupils of an export among the directory's accounts.

Order: ``ELEVE_ID`` (within the pupil's UAI); then INE (across the UAIs of a cité scolaire); then the
exact (normalised family name, first name, birth date) among the SIECLE accounts still unmatched, only
when that triple is unique on both sides — two homonyms born the same day are never guessed: the pupil
gets a new account and the user a warning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from elea_desktop.directory.models import ACTIVE, ORIGIN_SIECLE, Account
from elea_desktop.siecle.model import Notice, Pupil
from elea_desktop.text import fold


def normalise_name(text: str | None) -> str:
    """Case, accents, apostrophes, hyphens and spacing do not distinguish two names."""
    return fold(text)


def name_key(family_name: str | None, first_name: str | None, birth_date) -> tuple[str, str, str] | None:
    family, first = normalise_name(family_name), normalise_name(first_name)
    if not family or not first or birth_date is None:
        return None
    return (family, first, birth_date.isoformat())


@dataclass
class MatchResult:
    matched: dict[int, Account] = field(default_factory=dict)  # pupil index → account
    how: dict[int, str] = field(default_factory=dict)  # pupil index → "eleve_id" | "ine" | "name"
    warnings: list[Notice] = field(default_factory=list)


def same_name_groups(people: Sequence, accounts: Sequence[Account], matched: dict[int, Account],
                     used: set[int]) -> list[tuple[list[Account], list[int]]]:
    """The last matching stage's groups: (accounts, indexes of ``people``) sharing a name key, among the
    people not ``matched`` and the accounts not ``used`` yet, in the order of the first person of each.

    A group of one account and one person is a match; any other is ambiguous (homonyms born the same
    day): never guessed. ``people`` have ``family_name``, ``first_name`` and ``birth_date``.
    """
    accounts_by_name: dict[tuple, list[Account]] = defaultdict(list)
    for account in accounts:
        key = name_key(account.family_name, account.first_name, account.birth_date)
        if account.id not in used and key is not None:
            accounts_by_name[key].append(account)
    people_by_name: dict[tuple, list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        if accounts_by_name and index not in matched:
            key = name_key(person.family_name, person.first_name, person.birth_date)
            if key is not None and key in accounts_by_name:
                people_by_name[key].append(index)
    return [(accounts_by_name[key], indexes) for key, indexes in people_by_name.items()]


def _same_uai(account: Account, uai: str) -> bool:
    return (account.uai or "").upper() == uai


def match_pupils(pupils: Sequence[Pupil], accounts: Sequence[Account], uais: Sequence[str],
                 imported: frozenset[str]) -> MatchResult:
    """Pupil index → account. ``uais[i]`` is the UAI of the export pupil ``i`` comes from (cités
    scolaires); ``imported`` the UAIs whose exports this import brings.

    ``ELEVE_ID`` is each establishment's own number: it matches only within the pupil's UAI. INE is
    national: it matches across UAIs. The name and birth date match across UAIs only an account that is
    free (suspended, or of a UAI imported now whose export does not show it): a look-alike still active
    in an establishment not imported now is another pupil until an INE says otherwise.
    """
    uais = [uai.upper() for uai in uais]
    imported = frozenset(u.upper() for u in imported)
    result = MatchResult()
    used: set[int] = set()

    by_eleve_id = {((a.uai or "").upper(), a.eleve_id): a for a in accounts if a.eleve_id}
    for index, pupil in enumerate(pupils):
        account = by_eleve_id.get((uais[index], pupil.eleve_id))
        if account is not None and account.id not in used:
            result.matched[index] = account
            result.how[index] = "eleve_id"
            used.add(account.id)

    by_ine: dict[str, list[Account]] = defaultdict(list)
    for account in accounts:
        if account.ine and account.id not in used:
            by_ine[account.ine.upper()].append(account)
    pupils_by_ine: dict[str, int] = defaultdict(int)
    for index, pupil in enumerate(pupils):
        if index not in result.matched and pupil.ine:
            pupils_by_ine[pupil.ine.upper()] += 1
    for index, pupil in enumerate(pupils):
        if index in result.matched or not pupil.ine:
            continue
        key = pupil.ine.upper()
        candidates = [a for a in by_ine.get(key, ()) if a.id not in used]
        # An INE shared by two pupils or two accounts is a data error: no guess.
        if len(candidates) == 1 and pupils_by_ine[key] == 1:
            result.matched[index] = candidates[0]
            result.how[index] = "ine"
            used.add(candidates[0].id)

    siecle_accounts = [a for a in accounts if a.origin == ORIGIN_SIECLE]
    for candidates, indexes in same_name_groups(pupils, siecle_accounts, result.matched, used):
        if len(candidates) == 1 and len(indexes) == 1:
            account, index = candidates[0], indexes[0]
            free = (_same_uai(account, uais[index]) or account.status != ACTIVE
                    or (account.uai or "").upper() in imported)
            if free:
                result.matched[index] = account
                result.how[index] = "name"
            else:
                result.warnings.append(_lookalike(pupils[index], account))
            continue
        for index in indexes:
            pupil = pupils[index]
            result.warnings.append(Notice(
                code="ambiguous_match",
                message=(
                    f"{pupil.first_name} {pupil.last_name.upper()} (né(e) le "
                    f"{pupil.birth_date:%d/%m/%Y}) ressemble à plusieurs comptes existants ou à un "
                    "autre élève "
                    "du fichier (mêmes nom, prénom et date de naissance, identifiants SIECLE différents). "
                    "Un nouveau compte est créé s'il est scolarisé : vérifiez qu'il ne s'agit pas "
                    "d'un doublon."
                ),
                eleve_id=pupil.eleve_id,
            ))
    return result


def _lookalike(pupil: Pupil, account: Account) -> Notice:
    return Notice(
        code="cross_uai_lookalike",
        message=(
            f"{pupil.first_name} {pupil.last_name.upper()} (né(e) le {pupil.birth_date:%d/%m/%Y}) a les "
            f"mêmes nom, prénom et date de naissance que le compte « {account.username} », encore actif "
            f"dans l'établissement {account.uai}, et aucun INE commun : un nouveau compte est créé s'il "
            "est scolarisé. S'il s'agit du même élève, importez les exports des deux établissements "
            "ensemble : son compte sera transféré."
        ),
        eleve_id=pupil.eleve_id,
    )
