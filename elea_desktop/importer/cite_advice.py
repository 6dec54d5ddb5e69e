"""Advice for a cité scolaire: import the establishments' exports together when they drift apart.

Imported one after the other, a pupil moving from the collège to the lycée is suspended by the first
export and transferred by the second; imported together, they simply move. When one establishment's
export is much newer than the other's last one, the import says so (the window shows it before the
import, the command line prints it): the pupils caught in between would be suspended meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from elea_desktop.directory.models import Establishment
from elea_desktop.siecle.model import Export, Notice

DRIFT_DAYS = 14  # two weeks: a cité's secretariat exports both establishments the same day or week


def _day(moment: datetime) -> str:
    return f"{moment:%d/%m/%Y}"


def together_advice(settings: Establishment, exports: Sequence[tuple[str, Export]],
                    latest_exports: dict[str, datetime], suspensions: int) -> list[Notice]:
    """``exports`` as (UAI, export) pairs; ``latest_exports`` per UAI; ``suspensions`` planned."""
    if not settings.is_cite:
        return []
    notices: list[Notice] = []
    dated = [(uai, e.exported_at) for uai, e in exports if e.exported_at is not None]
    if len(dated) > 1:
        old_uai, oldest = min(dated, key=lambda d: d[1])
        new_uai, newest = max(dated, key=lambda d: d[1])
        if (newest - oldest).days >= DRIFT_DAYS:
            notices.append(Notice("exports_apart", (
                f"L'export de {settings.label_of(old_uai)} date du {_day(oldest)}, celui de "
                f"{settings.label_of(new_uai)} du {_day(newest)} : pour que les élèves passés d'un "
                "établissement à l'autre soient bien suivis, refaites depuis SIECLE l'export le plus ancien "
                "et importez les deux ensemble.")))
    if not dated or not suspensions:
        return notices
    newest = max(moment for _, moment in dated)
    imported = {uai for uai, _ in exports}
    for entry in settings.uais:
        uai = entry.uai.upper()
        last = latest_exports.get(uai)
        if uai in imported or last is None or (newest - last).days < DRIFT_DAYS:
            continue
        notices.append(Notice("import_together", (
            f"Le dernier export importé de {settings.label_of(uai)} date du {_day(last)}, bien avant "
            f"celui-ci ({_day(newest)}). Les élèves partis dans cet établissement seraient suspendus en "
            "attendant son prochain export : déposez aussi un export récent de "
            f"{settings.label_of(uai)} et importez les deux fichiers ensemble, leurs comptes seront "
            "simplement transférés.")))
    return notices
