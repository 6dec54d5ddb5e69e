"""What an import would do, computed without writing anything.

``build_plan`` is a pure function of a directory snapshot, the exports and the password mode: a dry run is
"plan and show", the two password buttons of the window can show their numbers, and most tests assert on
plans. ``engine.run_import`` re-plans inside its write transaction, so what it applies is what it checked.

A cité scolaire imports one export per declared UAI, alone or several at once. Each export speaks for its
own UAI only (suspensions, partial and older exports), and a pupil keeps one account across the UAIs: a
pupil found in another UAI's export is **transferred** (same username, password kept in ``keep`` mode).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from elea_desktop.directory import queries
from elea_desktop.directory.models import ACTIVE, ROLE_STUDENT, Account, Establishment
from elea_desktop.errors import SafetyRefusal
from elea_desktop.importer import safety
from elea_desktop.importer.cite_advice import together_advice
from elea_desktop.importer.cohorts import cohort_idnumber
from elea_desktop.importer.enrolments import Enrolment, enrolments_of
from elea_desktop.importer.matching import match_pupils
from elea_desktop.importer.outcomes import count_actions, creation_key, effective_mode, settle_present
from elea_desktop.policies.usernames import UsernameAllocator, base_username
from elea_desktop.siecle.model import ACTIVE as PUPIL_ACTIVE
from elea_desktop.siecle.model import LEFT, Export, Notice, Pupil
from elea_desktop.text import class_sort_key


@dataclass(frozen=True)
class Snapshot:
    """What the planner reads from the directory."""

    settings: Establishment
    accounts: tuple[Account, ...]
    latest_export: datetime | None
    # (UAI, school year) → class code → (id, idnumber)
    cohorts: dict[tuple[str, int], dict[str, tuple[int, str]]]
    cohort_idnumbers: frozenset[str]
    latest_exports: dict[str, datetime] = field(default_factory=dict)  # per UAI
    # Usernames of the staff accounts: a pupils' import neither matches nor changes them, but never gives
    # one of them to a pupil (``accounts`` holds the pupils' accounts only).
    reserved_usernames: frozenset[str] = frozenset()


def read_snapshot(conn: sqlite3.Connection, exports: Export | Sequence[Export]) -> Snapshot:
    settings = queries.read_establishment(conn) or Establishment(uai=None)
    cohorts = {}
    for export in as_exports(exports):
        uai = (export.uai or settings.uai or "").upper()
        if export.school_year is not None:
            cohorts[(uai, export.school_year)] = queries.cohorts_of_year(conn, export.school_year, uai)
    accounts = queries.all_accounts(conn)
    return Snapshot(
        settings=settings, accounts=tuple(a for a in accounts if a.role == ROLE_STUDENT),
        latest_export=queries.latest_export_time(conn, "students"), cohorts=cohorts,
        cohort_idnumbers=frozenset(queries.cohort_idnumbers(conn)),
        latest_exports=queries.latest_export_times(conn),
        reserved_usernames=frozenset(a.username for a in accounts if a.role != ROLE_STUDENT),
    )


def as_exports(exports: Export | Sequence[Export]) -> tuple[Export, ...]:
    return (exports,) if isinstance(exports, Export) else tuple(exports)


@dataclass(frozen=True)
class CohortPlan:
    class_code: str
    idnumber: str
    cohort_id: int | None  # None: created by this import
    pupils: int
    uai: str = ""
    school_year: int | None = None

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
    uai: str = ""  # the UAI the account belongs to after the import (counted under it)


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
    export: Export  # the first export (the only one outside cités scolaires)
    exports: tuple[Export, ...] = ()
    per_uai: dict[str, dict[str, int]] = field(default_factory=dict)  # UAI → its counts (COUNT_KEYS)
    kind: str = "students"  # "staff": ``export`` is a StaffExport (see ``staff_plan``)

    def blocking(self, *, confirmed: bool) -> SafetyRefusal | None:
        return safety.blocking(self.findings, confirmed=confirmed)


def _pupil_values(pupil: Pupil, account: Account | None, uai: str) -> dict[str, object]:
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
        "uai": uai,
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
    return (pupil.class_code or "",
            *creation_key(pupil.last_name, pupil.first_name, pupil.birth_date, pupil.eleve_id))


def _findings(snapshot: Snapshot, exports: tuple[Export, ...], mode: str | None) -> list[SafetyRefusal]:
    """Every safety finding, each export judged against its own UAI's accounts and history."""
    settings = snapshot.settings
    bound = settings.uai or next((e.uai for e in exports if e.uai), None)
    declared = settings.declared_uais
    active_by_uai: dict[str, int] = {}
    for account in snapshot.accounts:
        if account.status == ACTIVE and not account.protected:
            key = (account.uai or "").upper()
            active_by_uai[key] = active_by_uai.get(key, 0) + 1
    findings: list[SafetyRefusal] = []
    seen_codes: set[str] = set()
    seen_uais: set[str] = set()
    for export in exports:
        uai = (export.uai or "").upper()
        # An undeclared export is refused anyway; its other findings are judged as the bound UAI's.
        speaks_for = uai if uai in declared or not bound else bound.upper()
        for finding in safety.check(
                export, bound_uai=bound, declared=declared, has_accounts=bool(snapshot.accounts), mode=mode,
                latest_export=snapshot.latest_exports.get(speaks_for, None if declared else
                                                          snapshot.latest_export),
                active_accounts=active_by_uai.get(speaks_for, 0)):
            if finding.code == "mode_required":
                if finding.code in seen_codes:
                    continue
                seen_codes.add(finding.code)
            findings.append(safety.in_cite(finding, uai) if len(exports) > 1 and uai
                            and finding.code != "mode_required" else finding)
        if uai and uai in seen_uais:
            findings.append(safety.duplicate_uai(uai))
        seen_uais.add(uai)
    findings.sort(key=lambda finding: finding.overridable)
    return findings


def _plan_cohorts(snapshot: Snapshot, exports: Sequence[tuple[str, Export]]):
    taken_idnumbers = set(snapshot.cohort_idnumbers)
    cohorts: list[CohortPlan] = []
    cohort_ids: dict[tuple[str, str], int | None] = {}
    for uai, export in exports:
        year = export.school_year
        existing = snapshot.cohorts.get((uai, year), {}) if year is not None else {}
        for class_code, count in export.classes().items():
            if class_code in existing:
                cohort_id, idnumber = existing[class_code]
            else:
                cohort_id, idnumber = None, cohort_idnumber(uai, year or 0, class_code, taken_idnumbers)
            cohorts.append(CohortPlan(class_code, idnumber, cohort_id, count, uai, year))
            cohort_ids[(uai, class_code)] = cohort_id
    return cohorts, cohort_ids


def _matched_action(enrolment: Enrolment, account: Account, cohort_ids, regenerate: bool,
                    settings: Establishment, imported: frozenset[str]) -> AccountAction | None:
    """What an export's pupil does to the account it was recognised as; None: nothing."""
    uai, pupil = enrolment
    home = (account.uai or "").upper()
    base = AccountAction(category="", username=account.username, first_name=account.first_name,
                         last_name=account.last_name, class_code=account.class_code, account=account,
                         pupil=pupil, uai=home)
    moving = home != uai
    if moving and pupil.status != PUPIL_ACTIVE:
        return None  # a leaver of the other establishment: that export does not speak for this account
    if account.protected:
        base.category, base.detail = "protected", "compte protégé : rien n'est modifié"
        return base
    if pupil.status != PUPIL_ACTIVE:
        if account.status != ACTIVE:
            return None  # already suspended: nothing to do
        base.category, base.detail = "suspended", _suspension_detail(pupil)
        return base
    values = _pupil_values(pupil, account, uai)
    new_cohort = cohort_ids.get((uai, pupil.class_code))
    cohort_changed = account.cohort_id is None or account.cohort_id != new_cohort
    changes = _differences(account, values, cohort_changed)
    base.values, base.uai = values, uai
    base.first_name, base.last_name = pupil.first_name, pupil.last_name
    base.class_code = pupil.class_code
    if moving:
        # One account for life across the cité: the username stays, and so does the password in keep mode.
        base.category, base.new_password = "transferred", regenerate
        where = f"{settings.label_of(home or None)} → {settings.label_of(uai)}"
        base.detail = "; ".join([f"changement d'établissement : {where}", *changes,
                                 *(["nouveau mot de passe"] if regenerate else [])])
    else:
        settle_present(base, account, changes, regenerate)
    return base


def build_plan(snapshot: Snapshot, exports: Export | Sequence[Export], mode: str | None) -> ImportPlan:
    mode_applied = effective_mode(mode, has_accounts=bool(snapshot.accounts))
    exports = as_exports(exports)
    if not exports:
        raise ValueError("at least one export is needed")
    settings = snapshot.settings
    has_accounts = bool(snapshot.accounts)
    findings = _findings(snapshot, exports, mode)
    tagged = [((export.uai or settings.uai or "").upper(), export) for export in exports]
    imported = frozenset(uai for uai, _ in tagged)
    enrolments, notices = enrolments_of(tagged, snapshot.accounts)
    cohorts, cohort_ids = _plan_cohorts(snapshot, tagged)

    pupils = [e.pupil for e in enrolments]
    matches = match_pupils(pupils, snapshot.accounts, [e.uai for e in enrolments], imported)
    regenerate = mode_applied == "new"
    actions: list[AccountAction] = []
    to_create: list[Enrolment] = []
    matched_ids: set[int] = set()
    for index, enrolment in enumerate(enrolments):
        account = matches.matched.get(index)
        if account is None:
            if enrolment.pupil.status == PUPIL_ACTIVE:
                to_create.append(enrolment)
            continue
        action = _matched_action(enrolment, account, cohort_ids, regenerate, settings, imported)
        if action is None and (account.uai or "").upper() != enrolment.uai:
            continue  # not this export's account: its own establishment's export decides
        matched_ids.add(account.id)
        if action is not None:
            actions.append(action)

    for account in snapshot.accounts:
        home = (account.uai or settings.uai or "").upper()
        # Each export speaks for its own UAI: the accounts of an establishment not imported now stay.
        if (account.id not in matched_ids and account.status == ACTIVE and not account.protected
                and home in imported):
            actions.append(AccountAction(category="suspended", username=account.username,
                                         first_name=account.first_name, last_name=account.last_name,
                                         class_code=account.class_code, account=account,
                                         detail=_suspension_detail(None), uai=home))

    allocator = UsernameAllocator([*(a.username for a in snapshot.accounts), *snapshot.reserved_usernames])
    for uai, pupil in sorted(to_create, key=lambda e: (e.uai != tagged[0][0], _sort_key(e.pupil))):
        base = base_username(pupil.first_name, pupil.last_name, pupil.birth_date, settings.username_pattern)
        actions.append(AccountAction(category="created", username=allocator.allocate(base),
                                     first_name=pupil.first_name, last_name=pupil.last_name,
                                     class_code=pupil.class_code, pupil=pupil,
                                     values=_pupil_values(pupil, None, uai), new_password=True, uai=uai))

    rank = {uai: position for position, (uai, _) in enumerate(tagged)}
    actions.sort(key=lambda a: (rank.get(a.uai, len(rank)), class_sort_key(a.class_code),
                                a.last_name.casefold(), a.first_name.casefold(), a.username))
    per_uai = {uai: count_actions([a for a in actions if a.uai == uai], [c for c in cohorts if c.uai == uai])
               for uai, _ in tagged}
    first = exports[0]
    years = [e.school_year for e in exports if e.school_year is not None]
    counts = count_actions(actions, cohorts)
    warnings = [*(n for e in exports for n in e.warnings), *notices, *matches.warnings,
                *together_advice(settings, tagged, snapshot.latest_exports, counts["users_suspended"])]
    if len(set(years)) > 1:
        warnings.append(Notice("school_years_differ", (
            "Les exports ne portent pas sur la même année scolaire ("
            + ", ".join(f"{uai} : {e.school_year_label}" for uai, e in tagged)
            + ") : vérifiez que chaque établissement a bien exporté l'année en cours.")))
    return ImportPlan(
        uai=first.uai.upper() if first.uai else None, school_year=max(years) if years else None,
        mode=mode_applied, is_first_import=not has_accounts, needs_mode=has_accounts, findings=findings,
        cohorts=cohorts, actions=actions, warnings=tuple(warnings), counts=counts,
        export=first, exports=exports, per_uai=per_uai,
    )
