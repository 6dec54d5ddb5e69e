"""What an import would do, computed without writing anything.

``build_plan`` is a pure function of a directory snapshot, the export and the password mode: a dry run is
"plan and show", the two password buttons of the window can show their numbers, and most tests assert on
plans. ``engine.run_import`` re-plans inside its write transaction, so what it applies is what it checked.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from elea_desktop.directory import queries
from elea_desktop.directory.models import ACTIVE, ROLE_STUDENT, Account, Establishment
from elea_desktop.errors import SafetyRefusal
from elea_desktop.importer import safety
from elea_desktop.importer.cohorts import cohort_idnumber
from elea_desktop.importer.matching import match_pupils, normalise_name
from elea_desktop.policies.usernames import UsernameAllocator, base_username
from elea_desktop.siecle.model import ACTIVE as PUPIL_ACTIVE
from elea_desktop.siecle.model import LEFT, Export, Notice, Pupil

MODES = ("new", "keep")
CATEGORIES = ("created", "updated", "unchanged", "reactivated", "protected", "suspended")
COUNT_KEYS = (
    "classes_created", "classes_total", "users_created", "users_updated", "users_unchanged",
    "users_reactivated", "users_protected", "users_suspended", "passwords_generated",
)


@dataclass(frozen=True)
class Snapshot:
    """What the planner reads from the directory."""

    settings: Establishment
    accounts: tuple[Account, ...]
    latest_export: datetime | None
    cohorts: dict[int, dict[str, tuple[int, str]]]  # school year → class code → (id, idnumber)
    cohort_idnumbers: frozenset[str]
    # Usernames of the staff accounts: a pupils' import neither matches nor changes them, but never gives
    # one of them to a pupil (``accounts`` holds the pupils' accounts only).
    reserved_usernames: frozenset[str] = frozenset()


def read_snapshot(conn: sqlite3.Connection, school_year: int | None) -> Snapshot:
    settings = queries.read_establishment(conn) or Establishment(uai=None)
    cohorts = {school_year: queries.cohorts_of_year(conn, school_year)} if school_year is not None else {}
    accounts = queries.all_accounts(conn)
    return Snapshot(
        settings=settings, accounts=tuple(a for a in accounts if a.role == ROLE_STUDENT),
        latest_export=queries.latest_export_time(conn, "students"), cohorts=cohorts,
        cohort_idnumbers=frozenset(queries.cohort_idnumbers(conn)),
        reserved_usernames=frozenset(a.username for a in accounts if a.role != ROLE_STUDENT),
    )


@dataclass(frozen=True)
class CohortPlan:
    class_code: str
    idnumber: str
    cohort_id: int | None  # None: created by this import
    pupils: int

    @property
    def created(self) -> bool:
        return self.cohort_id is None


@dataclass
class AccountAction:
    category: str
    username: str
    first_name: str
    last_name: str
    class_code: str | None
    account: Account | None = None  # None for "created"
    pupil: Pupil | None = None
    # Column → new value for the accounts row (``class_code`` also decides the cohort).
    values: dict[str, object] = field(default_factory=dict)
    new_password: bool = False
    detail: str = ""


@dataclass
class ImportPlan:
    uai: str | None
    school_year: int | None
    mode: str | None  # the effective mode: None on the first import means "new"
    is_first_import: bool
    needs_mode: bool
    findings: list[SafetyRefusal]
    cohorts: list[CohortPlan]
    actions: list[AccountAction]
    warnings: tuple[Notice, ...]
    counts: dict[str, int]
    export: Export  # a StaffExport when ``kind`` is "staff" (see ``staff_plan``)
    kind: str = "students"

    def blocking(self, *, confirmed: bool) -> SafetyRefusal | None:
        return safety.blocking(self.findings, confirmed=confirmed)


def _pupil_values(pupil: Pupil, account: Account | None) -> dict[str, object]:
    """The account columns an export pupil dictates; unknown identifiers keep what the account knew."""
    birth = pupil.birth_date or (account.birth_date if account else None)
    return {
        "eleve_id": pupil.eleve_id,
        "ine": pupil.ine or (account.ine if account else None),
        "elenoet": pupil.elenoet or (account.elenoet if account else None),
        "family_name": pupil.family_name,
        "usage_name": pupil.usage_name or None,
        "first_name": pupil.first_name,
        "birth_date": birth.isoformat() if birth else None,
        "class_code": pupil.class_code,
    }


_LABELS = {
    "eleve_id": "identifiant SIECLE", "ine": "INE", "elenoet": "numéro élève", "family_name": "nom",
    "usage_name": "nom d'usage", "first_name": "prénom", "birth_date": "date de naissance",
}


def _differences(account: Account, values: dict[str, object], cohort_changed: bool) -> list[str]:
    current = {
        "eleve_id": account.eleve_id, "ine": account.ine, "elenoet": account.elenoet,
        "family_name": account.family_name, "usage_name": account.usage_name,
        "first_name": account.first_name,
        "birth_date": account.birth_date.isoformat() if account.birth_date else None,
    }
    changes = [label for key, label in _LABELS.items() if current[key] != values[key]]
    if account.class_code != values["class_code"]:
        changes.insert(0, f"classe {account.class_code or '—'} → {values['class_code']}")
    elif cohort_changed:
        changes.insert(0, "cohorte de la nouvelle année scolaire")
    return changes


def _suspension_detail(pupil: Pupil | None) -> str:
    if pupil is None:
        return "absent du fichier"
    if pupil.status == LEFT:
        return f"sorti le {pupil.exit_date:%d/%m/%Y}" if pupil.exit_date else "sorti de l'établissement"
    return "sans classe dans le fichier"


def _sort_key(pupil: Pupil) -> tuple:
    birth = pupil.birth_date.isoformat() if pupil.birth_date else ""
    return (pupil.class_code or "", normalise_name(pupil.last_name), normalise_name(pupil.first_name), birth,
            len(pupil.eleve_id), pupil.eleve_id)


def _unique_pupils(export: Export) -> tuple[list[Pupil], list[Notice]]:
    seen: set[str] = set()
    pupils, notices = [], []
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
        pupils.append(pupil)
    return pupils, notices


def build_plan(snapshot: Snapshot, export: Export, mode: str | None) -> ImportPlan:
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    settings = snapshot.settings
    has_accounts = bool(snapshot.accounts)
    effective_mode = mode if mode is not None else (None if has_accounts else "new")
    active_accounts = sum(1 for a in snapshot.accounts if a.status == ACTIVE and not a.protected)
    findings = safety.check(export, bound_uai=settings.uai, has_accounts=has_accounts, mode=mode,
                            latest_export=snapshot.latest_export, active_accounts=active_accounts)
    year = export.school_year
    uai = (export.uai or settings.uai or "").upper()
    pupils, notices = _unique_pupils(export)

    existing = snapshot.cohorts.get(year, {}) if year is not None else {}
    taken_idnumbers = set(snapshot.cohort_idnumbers)
    cohorts: list[CohortPlan] = []
    cohort_ids: dict[str, int | None] = {}
    for class_code, count in export.classes().items():
        if class_code in existing:
            cohort_id, idnumber = existing[class_code]
        else:
            cohort_id, idnumber = None, cohort_idnumber(uai, year or 0, class_code, taken_idnumbers)
        cohorts.append(CohortPlan(class_code, idnumber, cohort_id, count))
        cohort_ids[class_code] = cohort_id

    matches = match_pupils(pupils, snapshot.accounts)
    regenerate = effective_mode == "new"
    actions: list[AccountAction] = []
    to_create: list[Pupil] = []
    matched_ids: set[int] = set()
    for index, pupil in enumerate(pupils):
        account = matches.matched.get(index)
        if account is None:
            if pupil.status == PUPIL_ACTIVE:
                to_create.append(pupil)
            continue
        matched_ids.add(account.id)
        base = AccountAction(category="", username=account.username, first_name=account.first_name,
                             last_name=account.last_name, class_code=account.class_code, account=account,
                             pupil=pupil)
        if account.protected:
            base.category, base.detail = "protected", "compte protégé : rien n'est modifié"
        elif pupil.status != PUPIL_ACTIVE:
            if account.status != ACTIVE:
                continue  # already suspended: nothing to do
            base.category, base.detail = "suspended", _suspension_detail(pupil)
        else:
            values = _pupil_values(pupil, account)
            new_cohort = cohort_ids.get(pupil.class_code)
            cohort_changed = account.cohort_id is None or account.cohort_id != new_cohort
            changes = _differences(account, values, cohort_changed)
            base.values = values
            base.first_name, base.last_name = pupil.first_name, pupil.last_name
            base.class_code = pupil.class_code
            if account.status != ACTIVE:
                base.category, base.new_password = "reactivated", True
                base.detail = "; ".join(["de retour dans l'établissement", *changes])
            else:
                base.new_password = regenerate
                if regenerate:
                    changes.append("nouveau mot de passe")
                base.category = "updated" if changes else "unchanged"
                base.detail = "; ".join(changes)
        actions.append(base)

    for account in snapshot.accounts:
        if account.id not in matched_ids and account.status == ACTIVE and not account.protected:
            actions.append(AccountAction(category="suspended", username=account.username,
                                         first_name=account.first_name, last_name=account.last_name,
                                         class_code=account.class_code, account=account,
                                         detail=_suspension_detail(None)))

    allocator = UsernameAllocator([*(a.username for a in snapshot.accounts), *snapshot.reserved_usernames])
    for pupil in sorted(to_create, key=_sort_key):
        base = base_username(pupil.first_name, pupil.last_name, pupil.birth_date, settings.username_pattern)
        actions.append(AccountAction(category="created", username=allocator.allocate(base),
                                     first_name=pupil.first_name, last_name=pupil.last_name,
                                     class_code=pupil.class_code, pupil=pupil,
                                     values=_pupil_values(pupil, None), new_password=True))

    actions.sort(key=lambda a: (a.class_code or "", a.last_name.casefold(), a.first_name.casefold(),
                                a.username))
    counts = dict.fromkeys(COUNT_KEYS, 0)
    counts["classes_total"] = len(cohorts)
    counts["classes_created"] = sum(1 for c in cohorts if c.created)
    for action in actions:
        counts[f"users_{action.category}"] += 1
        counts["passwords_generated"] += int(action.new_password)
    return ImportPlan(
        uai=export.uai.upper() if export.uai else None, school_year=year, mode=effective_mode,
        is_first_import=not has_accounts, needs_mode=has_accounts, findings=findings, cohorts=cohorts,
        actions=actions, warnings=(*export.warnings, *notices, *matches.warnings), counts=counts,
        export=export,
    )
