"""A credential batch's state in plain French, the same words in the window (Lots d'identifiants) and on
the command line (``credentials --list``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from elea_desktop.directory.models import BATCH_RETENTION_DAYS, BatchInfo

ORIGINS = {"import": "importation", "reset": "réinitialisation"}


def expired(batch: BatchInfo) -> bool:
    """Past its 30 days (even before the next start-up's purge has erased it), or erased."""
    return batch.purged or batch.age_days >= BATCH_RETENTION_DAYS


def status_text(batch: BatchInfo, now: datetime | None = None) -> str:
    """« à distribuer », « distribué et effacé », « expiré le 03/12/2026 » or « effacé »."""
    if batch.distributed:
        return "distribué et effacé"
    if batch.age_days >= BATCH_RETENTION_DAYS:
        # The day its 30 days ended, from the core's age (which a clock set back does not shorten).
        ended = (now or datetime.now().astimezone()) - timedelta(days=batch.age_days - BATCH_RETENTION_DAYS)
        return f"expiré le {ended:%d/%m/%Y}"
    if batch.purged:
        return "effacé"  # before its time, not distributed: a new vault key made it unreadable
    return "à distribuer"


def unavailable_reason(batch: BatchInfo, now: datetime | None = None) -> str:
    """Why a batch's slips cannot be printed any more; empty while they can."""
    if batch.distributed:
        return "Ce lot a été marqué comme distribué : ses mots de passe sont effacés."
    if batch.age_days >= BATCH_RETENTION_DAYS:
        return (f"Ce lot a {status_text(batch, now)} ({BATCH_RETENTION_DAYS} jours) : ses mots de passe ne "
                "peuvent plus être imprimés.")
    if batch.purged:
        return "Les mots de passe de ce lot ont été effacés."
    if not batch.size:
        return "Ce lot ne contient aucun mot de passe."
    return ""


def days_left(batch: BatchInfo) -> str:
    """« dans 12 jours », « aujourd'hui », or nothing once erased."""
    if expired(batch) or batch.distributed:
        return ""
    left = max(0, BATCH_RETENTION_DAYS - int(batch.age_days))
    if not left:
        return "aujourd'hui"
    return f"dans {left} jour{'s' if left > 1 else ''}"


def classes_text(codes: list[str], limit: int = 6) -> str:
    """The first classes of a batch, then how many in all (a batch of a whole school has dozens)."""
    names = [code or "sans classe" for code in codes]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f"… ({len(names)} classes)"
    return ", ".join(names)
