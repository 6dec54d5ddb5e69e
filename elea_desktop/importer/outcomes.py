"""What an import does to an account, and how a plan counts it, alike for pupils (SIECLE) and staff (STS-web).

``plan`` and ``staff_plan`` recognise different people in different files; once a person is recognised,
the rules that decide the account's outcome and the counters the report shows are the same for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from elea_desktop.directory.models import ACTIVE, Account
from elea_desktop.importer.matching import normalise_name

if TYPE_CHECKING:  # plan imports this module: the types only, to avoid an import cycle
    from elea_desktop.importer.plan import AccountAction, CohortPlan

MODES = ("new", "keep")
CATEGORIES = ("created", "updated", "unchanged", "reactivated", "transferred", "protected", "suspended")
COUNT_KEYS = (
    "classes_created", "classes_total", "users_created", "users_updated", "users_unchanged",
    "users_reactivated", "users_transferred", "users_protected", "users_suspended", "passwords_generated",
)


def effective_mode(mode: str | None, *, has_accounts: bool) -> str | None:
    """The password mode applied: ``mode``; without one, "new" for a first import, None (to be chosen)
    once accounts exist (the safety rules refuse it then)."""
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    return mode if mode is not None else (None if has_accounts else "new")


def settle_present(action: AccountAction, account: Account, changes: list[str], regenerate: bool) -> None:
    """An account seen again in its own establishment's export: reactivated (always with a new password)
    when it was suspended, else updated or unchanged, with a new password in "new" mode."""
    if account.status != ACTIVE:
        action.category, action.new_password = "reactivated", True
        action.detail = "; ".join(["de retour dans l'établissement", *changes])
        return
    action.new_password = regenerate
    if regenerate:
        changes.append("nouveau mot de passe")
    action.category = "updated" if changes else "unchanged"
    action.detail = "; ".join(changes)


def creation_key(last_name: str, first_name: str, birth_date: date | None, identifier: str) -> tuple:
    """The order new accounts take their usernames in: the same names get the same usernames whatever
    the order of the file (the identifier's length first, so that "9" comes before "10")."""
    return (normalise_name(last_name), normalise_name(first_name),
            birth_date.isoformat() if birth_date else "", len(identifier), identifier)


def count_actions(actions: Iterable[AccountAction], cohorts: list[CohortPlan]) -> dict[str, int]:
    """The plan's counters (``COUNT_KEYS``)."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    counts["classes_total"] = len(cohorts)
    counts["classes_created"] = sum(1 for c in cohorts if c.created)
    for action in actions:
        counts[f"users_{action.category}"] += 1
        counts["passwords_generated"] += int(action.new_password)
    return counts
