"""Recognising the staff of an STS-web export among the directory's staff accounts.

Order: ``INDIVIDU@ID``; then the exact (normalised family name, first name, birth date) among the staff
accounts still unmatched, only when that triple is unique on both sides (an ID that changed, the same
person). Pupils' accounts are never candidates.
"""

from __future__ import annotations

from collections.abc import Sequence

from elea_desktop.directory.models import Account
from elea_desktop.importer.matching import MatchResult, same_name_groups
from elea_desktop.sts.model import StaffMember, StaffNotice


def match_staff(staff: Sequence[StaffMember], accounts: Sequence[Account]) -> MatchResult:
    result = MatchResult()
    used: set[int] = set()
    by_id = {a.sts_id: a for a in accounts if a.sts_id}
    for index, member in enumerate(staff):
        account = by_id.get(member.sts_id)
        if account is not None and account.id not in used:
            result.matched[index], result.how[index] = account, "sts_id"
            used.add(account.id)

    for candidates, indexes in same_name_groups(staff, accounts, result.matched, used):
        if len(candidates) == 1 and len(indexes) == 1:
            result.matched[indexes[0]], result.how[indexes[0]] = candidates[0], "name"
            continue
        for index in indexes:
            member = staff[index]
            result.warnings.append(StaffNotice(
                "ambiguous_match",
                f"{member.display_name} (né(e) le {member.birth_date:%d/%m/%Y}) ressemble à plusieurs "
                "comptes de personnels existants ou à une autre personne du fichier (mêmes nom, prénom et "
                "date de naissance, identifiants STS différents). Un nouveau compte est créé s'il est "
                "retenu : vérifiez qu'il ne s'agit pas d'un doublon.",
                individu_id=member.sts_id))
    return result
