"""The pupils of one or several exports, each with the UAI whose export lists it, once per pupil.

Within one export, an ``ELEVE_ID`` listed twice counts once. Across the exports of a cité scolaire, one
pupil can be listed by both establishments around a transfer: as a leaver (``DATE_SORTIE``) by the one
they left and in a class by the one they joined, or even in a class by both when the first has not
recorded the departure yet. The INE, national, tells it is one pupil: the record in a class wins; between
two in a class, the establishment the account already belongs to keeps the pupil (they are transferred
once the other export stops listing them), and a warning says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from elea_desktop.directory.models import Account
from elea_desktop.siecle.model import ACTIVE, Export, Notice, Pupil


class Enrolment(NamedTuple):
    uai: str  # upper case
    pupil: Pupil


def _unique_in_export(export: Export, uai: str) -> tuple[list[Enrolment], list[Notice]]:
    seen: set[str] = set()
    enrolments, notices = [], []
    for pupil in export.pupils:
        if pupil.eleve_id in seen:
            notices.append(Notice(
                "duplicate_eleve_id",
                f"L'élève {pupil.eleve_id} apparaît deux fois dans le fichier : seule la première "
                "occurrence est prise en compte.",
                pupil.eleve_id,
            ))
            continue
        seen.add(pupil.eleve_id)
        enrolments.append(Enrolment(uai, pupil))
    return enrolments, notices


def enrolments_of(exports: Sequence[tuple[str, Export]],
                  accounts: Sequence[Account]) -> tuple[list[Enrolment], list[Notice]]:
    """``exports`` as (UAI, export) pairs → the enrolments to plan, and the notices about dropped ones."""
    enrolments: list[Enrolment] = []
    notices: list[Notice] = []
    for uai, export in exports:
        found, dropped = _unique_in_export(export, uai)
        enrolments.extend(found)
        notices.extend(dropped)
    if len(exports) < 2:
        return enrolments, notices

    by_ine: dict[str, list[int]] = defaultdict(list)
    for index, enrolment in enumerate(enrolments):
        if enrolment.pupil.ine:
            by_ine[enrolment.pupil.ine.upper()].append(index)
    home = {a.ine.upper(): (a.uai or "").upper() for a in accounts if a.ine}
    dropped_indexes: set[int] = set()
    for ine, indexes in by_ine.items():
        if len({enrolments[i].uai for i in indexes}) < 2:
            continue  # one establishment lists the INE twice: the matching refuses to guess
        in_class = [i for i in indexes if enrolments[i].pupil.status == ACTIVE]
        if len(in_class) > 1:
            keep = next((i for i in in_class if enrolments[i].uai == home.get(ine)), in_class[0])
            pupil = enrolments[keep].pupil
            notices.append(Notice(
                "listed_by_two_uais",
                f"{pupil.display_name} (INE {ine}) est scolarisé(e) dans les exports de deux "
                f"établissements : son compte reste rattaché à {enrolments[keep].uai}. Il sera transféré "
                "quand l'export de cet établissement ne le montrera plus.",
                pupil.eleve_id,
            ))
        else:
            keep = in_class[0] if in_class else next(
                (i for i in indexes if enrolments[i].uai == home.get(ine)), indexes[0])
        dropped_indexes.update(i for i in indexes if i != keep)
    kept = [e for i, e in enumerate(enrolments) if i not in dropped_indexes]
    return kept, notices
